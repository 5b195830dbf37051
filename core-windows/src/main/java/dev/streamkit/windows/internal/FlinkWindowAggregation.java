package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows.Kind;
import dev.streamkit.windows.Windows.SessionGap;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sessions and processing-time windows on Flink's own window operator ({@link
 * PolicyWindowOperator}), with our aggregators and the same late-event policy.
 */
@Internal
public final class FlinkWindowAggregation<T, A, R> implements WindowPlan<T, R> {
    private static final long serialVersionUID = 1L;

    private final Aggregator<T, A, R> aggregator;
    private final Kind kind;
    private final Duration size;
    private final Duration slideOrGap;
    private final SessionGap<T> dynamicGap;
    private final Duration maxLength;
    private final boolean processingTime;
    private final LatePolicy<T> latePolicy;
    private final OutputTag<T> invalidTag;
    private final String name;

    /**
     * The plan (see the fields for the parameters' roles).
     *
     * @param aggregator the aggregation
     * @param kind the window kind
     * @param size the window size
     * @param slideOrGap the slide or the session gap
     * @param dynamicGap the gap read from each event, or null
     * @param maxLength the longest session in ms (0: unbounded)
     * @param processingTime whether the windows are in processing time
     * @param latePolicy the late policy
     * @param invalidTag the side output of invalid records, or null
     * @param name the operator name
     */
    public FlinkWindowAggregation(
            Aggregator<T, A, R> aggregator,
            Kind kind,
            Duration size,
            Duration slideOrGap,
            SessionGap<T> dynamicGap,
            Duration maxLength,
            boolean processingTime,
            LatePolicy<T> latePolicy,
            OutputTag<T> invalidTag,
            String name) {
        this.name = name;
        this.invalidTag = invalidTag;
        this.aggregator = aggregator;
        this.kind = kind;
        this.size = size;
        this.slideOrGap = slideOrGap;
        this.dynamicGap = dynamicGap;
        this.maxLength = maxLength;
        this.processingTime = processingTime;
        this.latePolicy = latePolicy;
    }

    SessionAssigner<T> sessionAssigner() {
        return new SessionAssigner<>(
                slideOrGap == null ? 0 : slideOrGap.toMillis(),
                dynamicGap,
                maxLength == null ? 0 : maxLength.toMillis(),
                !processingTime);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private WindowAssigner<? super T, TimeWindow> assigner() {
        switch (kind) {
            case SESSION:
                return sessionAssigner();
            case TUMBLING:
                return TumblingProcessingTimeWindows.of(size);
            case SLIDING:
                return SlidingProcessingTimeWindows.of(size, slideOrGap);
            default:
                throw new IllegalArgumentException(
                        "cumulative windows support event time only (inProcessingTime() is not"
                                + " supported for cumulative windows)");
        }
    }

    @Override
    public <K> SingleOutputStreamOperator<WindowResult<K, R>> apply(KeyedStream<T, K> keyed) {
        TypeInformation<WindowResult<K, R>> outType =
                WindowResult.typeInfo(keyed.getKeyType(), aggregator.resultType());
        PolicyWindowOperator<K, T, A, R> operator =
                PolicyWindowOperator.create(
                        assigner(),
                        keyed.getKeySelector(),
                        keyed.getKeyType()
                                .createSerializer(keyed.getExecutionConfig().getSerializerConfig()),
                        new AggregatingStateDescriptor<>(
                                "window-contents",
                                aggregator.asAggregateFunction(),
                                aggregator.accumulatorSerializer()),
                        latePolicy.lateness().toMillis(),
                        new OutputTag<>("streamkit-late-internal", keyed.getType()),
                        latePolicy.hasSideOutput() ? latePolicy.lateRecordsTag() : null,
                        kind == Kind.SESSION ? sessionAssigner() : null,
                        invalidTag,
                        name);
        return keyed.transform(name, outType, operator);
    }

    /** Wraps a window's aggregate into a {@link WindowResult}, flagging corrections. */
    static final class ToWindowResult<K, R>
            extends ProcessWindowFunction<R, WindowResult<K, R>, K, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final PolicyWindowOperator.FiringCause cause;
        private transient Counter corrections;

        ToWindowResult() {
            this(null);
        }

        ToWindowResult(PolicyWindowOperator.FiringCause cause) {
            this.cause = cause;
        }

        @Override
        public void open(OpenContext openContext) {
            corrections =
                    getRuntimeContext().getMetricGroup().counter(LatePolicy.CORRECTIONS_METRIC);
        }

        @Override
        public void process(
                K key, Context context, Iterable<R> results, Collector<WindowResult<K, R>> out) {
            R result = results.iterator().next();
            TimeWindow w = context.window();
            boolean correction = cause != null && cause.lateElement;
            if (correction) {
                corrections.inc();
            }
            out.collect(new WindowResult<>(key, w.getStart(), w.getEnd(), result, correction));
        }
    }
}
