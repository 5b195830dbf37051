package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowResult;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/** Event-time tumbling/sliding/cumulative windows on {@link SlicingWindowOperator}. */
@Internal
public final class SlicingWindowAggregation<T, A, R> implements WindowPlan<T, R> {
    private static final long serialVersionUID = 1L;

    private final Aggregator<T, A, R> aggregator;
    private final SliceAssigner assigner;
    private final LatePolicy<T> latePolicy;
    private final int miniBatchKeys;
    private final OutputTag<T> invalidTag;
    private final String name;

    /**
     * The plan.
     *
     * @param aggregator the aggregation
     * @param assigner the slicing
     * @param latePolicy the late policy
     * @param miniBatchKeys the mini-batch bound
     * @param invalidTag the side output of invalid records, or null
     * @param name the operator name
     */
    public SlicingWindowAggregation(
            Aggregator<T, A, R> aggregator,
            SliceAssigner assigner,
            LatePolicy<T> latePolicy,
            int miniBatchKeys,
            OutputTag<T> invalidTag,
            String name) {
        this.name = name;
        this.invalidTag = invalidTag;
        this.aggregator = aggregator;
        this.assigner = assigner;
        this.latePolicy = latePolicy;
        this.miniBatchKeys = miniBatchKeys;
    }

    /**
     * The operator itself, for harness tests and custom wiring.
     *
     * @param <K> the key type
     * @return the result
     */
    public <K> SlicingWindowOperator<K, T, A, R> createOperator() {
        return new SlicingWindowOperator<>(
                aggregator,
                assigner,
                latePolicy.lateness().toMillis(),
                latePolicy.hasSideOutput() ? latePolicy.lateRecordsTag() : null,
                miniBatchKeys,
                invalidTag,
                name,
                assigner.kind() == SliceAssigner.Kind.CUMULATIVE
                        ? null // cumulative windows are event time only
                        : "Windows."
                                + assigner.kind().name().toLowerCase(java.util.Locale.ROOT)
                                + "(...).aggregate(...).inProcessingTime()");
    }

    @Override
    public <K> SingleOutputStreamOperator<WindowResult<K, R>> apply(KeyedStream<T, K> keyed) {
        return keyed.transform(
                name,
                WindowResult.typeInfo(keyed.getKeyType(), aggregator.resultType()),
                this.<K>createOperator());
    }
}
