package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/** Event-time tumbling/sliding/cumulative windows on {@link SlicingWindowOperator}. */
@Internal
public final class SlicingWindowAggregation<T, A, R> implements WindowAggregation<T, R> {
    private static final long serialVersionUID = 1L;

    private final Aggregator<T, A, R> aggregator;
    private final SliceAssigner assigner;
    private final LatePolicy<T> latePolicy;
    private final int miniBatchKeys;
    private final OutputTag<T> invalidTag;

    public SlicingWindowAggregation(
            Aggregator<T, A, R> aggregator,
            SliceAssigner assigner,
            LatePolicy<T> latePolicy,
            int miniBatchKeys) {
        this(aggregator, assigner, latePolicy, miniBatchKeys, null);
    }

    public SlicingWindowAggregation(
            Aggregator<T, A, R> aggregator,
            SliceAssigner assigner,
            LatePolicy<T> latePolicy,
            int miniBatchKeys,
            OutputTag<T> invalidTag) {
        this.invalidTag = invalidTag;
        this.aggregator = aggregator;
        this.assigner = assigner;
        this.latePolicy = latePolicy;
        this.miniBatchKeys = miniBatchKeys;
    }

    /** The operator itself, for harness tests and custom wiring. */
    public <K> SlicingWindowOperator<K, T, A, R> createOperator() {
        return new SlicingWindowOperator<>(
                aggregator,
                assigner,
                latePolicy.lateness().toMillis(),
                latePolicy.outputTag().orElse(null),
                miniBatchKeys,
                invalidTag,
                "Streamkit " + operatorName(),
                assigner.kind() == SliceAssigner.Kind.CUMULATIVE
                        ? null // cumulative windows are event time only
                        : "Windows."
                                + assigner.kind().name().toLowerCase(java.util.Locale.ROOT)
                                + "(...).processingTime()");
    }

    private String operatorName() {
        return "slicing-window-" + assigner.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public <K> SingleOutputStreamOperator<WindowResult<K, R>> apply(KeyedStream<T, K> keyed) {
        return keyed.transform(
                operatorName(),
                WindowResult.typeInfo(keyed.getKeyType(), aggregator.resultType()),
                this.<K>createOperator());
    }

    @Override
    public Optional<OutputTag<LateEvent<T>>> lateOutputTag() {
        return latePolicy.outputTag();
    }
}
