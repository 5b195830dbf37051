package dev.streamkit.windows.internal.session;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows.SessionGap;
import dev.streamkit.windows.internal.MiniBatchTable;
import dev.streamkit.windows.internal.SessionAssigner;
import dev.streamkit.windows.internal.WindowPlan;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/** Event-time sessions on {@link SessionWindowOperator}. */
@Internal
public final class SessionWindowAggregation<T, A, R> implements WindowPlan<T, R> {
    private static final long serialVersionUID = 1L;

    private final Aggregator<T, A, R> aggregator;
    private final Duration gap;
    private final SessionGap<T> dynamicGap;
    private final Duration maxLength;
    private final LatePolicy<T> latePolicy;
    private final int miniBatchKeys;
    private final OutputTag<T> invalidTag;
    private final String name;

    /**
     * The plan.
     *
     * @param aggregator the aggregation
     * @param gap the static gap, or null
     * @param dynamicGap the gap read from each event, or null
     * @param maxLength the longest session, or null
     * @param latePolicy the late policy
     * @param miniBatchKeys the mini-batch bound (>= 1), or {@link MiniBatchTable#ADAPTIVE}
     * @param invalidTag the side output of invalid records, or null
     * @param name the operator name
     */
    public SessionWindowAggregation(
            Aggregator<T, A, R> aggregator,
            Duration gap,
            SessionGap<T> dynamicGap,
            Duration maxLength,
            LatePolicy<T> latePolicy,
            int miniBatchKeys,
            OutputTag<T> invalidTag,
            String name) {
        this.aggregator = aggregator;
        this.gap = gap;
        this.dynamicGap = dynamicGap;
        this.maxLength = maxLength;
        this.latePolicy = latePolicy;
        this.miniBatchKeys = miniBatchKeys;
        this.invalidTag = invalidTag;
        this.name = name;
    }

    /**
     * The operator itself, for harness tests and custom wiring.
     *
     * @param <K> the key type
     * @return the operator
     */
    public <K> SessionWindowOperator<K, T, A, R> createOperator() {
        return new SessionWindowOperator<>(
                aggregator,
                new SessionAssigner<>(
                        gap == null ? 0 : gap.toMillis(),
                        dynamicGap,
                        maxLength == null ? 0 : maxLength.toMillis(),
                        true),
                maxLength == null ? 0 : maxLength.toMillis(),
                latePolicy.lateness().toMillis(),
                latePolicy.hasSideOutput() ? latePolicy.lateRecordsTag() : null,
                invalidTag,
                miniBatchKeys,
                name);
    }

    @Override
    public <K> SingleOutputStreamOperator<WindowResult<K, R>> apply(KeyedStream<T, K> keyed) {
        return keyed.transform(
                name,
                WindowResult.typeInfo(keyed.getKeyType(), aggregator.resultType()),
                this.<K>createOperator());
    }
}
