package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowResult;
import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperator;
import org.apache.flink.streaming.runtime.operators.windowing.functions.InternalSingleValueProcessWindowFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Flink's {@link WindowOperator} (used for sessions and processing-time windows) with our late
 * policy: late events become {@link LateEvent}s on the policy's side output, or are dropped and
 * counted; results fired while processing an element (only possible for a window already behind the
 * watermark, i.e. within the allowed lateness) are flagged as corrections.
 */
@Internal
public final class PolicyWindowOperator<K, T, A, R>
        extends WindowOperator<K, T, R, WindowResult<K, R>, TimeWindow> {
    private static final long serialVersionUID = 1L;

    /** Shared between the operator and its window function (same serialized object graph). */
    static final class FiringCause implements Serializable {
        private static final long serialVersionUID = 1L;
        transient boolean lateElement;
    }

    private final FiringCause cause;
    private final OutputTag<LateEvent<T>> userTag;
    private final SessionAssigner<T> sessions;
    private final OutputTag<T> invalidTag;
    private final String name;
    private final boolean eventTime;
    private final long allowedLateness;
    private transient Counter sideOutput;
    private transient Counter invalid;

    private PolicyWindowOperator(
            WindowAssigner<? super T, TimeWindow> assigner,
            KeySelector<T, K> keySelector,
            TypeSerializer<K> keySerializer,
            AggregatingStateDescriptor<T, A, R> contents,
            FiringCause cause,
            long lateness,
            OutputTag<T> internalLateTag,
            OutputTag<LateEvent<T>> userTag,
            SessionAssigner<T> sessions,
            OutputTag<T> invalidTag,
            String name) {
        super(
                assigner,
                new TimeWindow.Serializer(),
                keySelector,
                keySerializer,
                contents,
                new InternalSingleValueProcessWindowFunction<>(
                        new FlinkWindowAggregation.ToWindowResult<K, R>(cause)),
                assigner.getDefaultTrigger(),
                lateness,
                internalLateTag);
        this.cause = cause;
        this.userTag = userTag;
        this.sessions = sessions;
        this.invalidTag = invalidTag;
        this.name = name;
        this.eventTime = assigner.isEventTime();
        this.allowedLateness = lateness;
    }

    /**
     * Creates the operator (see the class comment for the parameters' roles).
     *
     * @param assigner the window assigner
     * @param keySelector the key selector
     * @param keySerializer the key serializer
     * @param contents the window contents state
     * @param lateness the allowed lateness in ms
     * @param internalLateTag Flink's own late side output (internal)
     * @param userTag the user's side output of late records, or null
     * @param sessions the session assigner (sessions only), or null
     * @param invalidTag the side output of invalid records, or null
     * @param name the operator name
     * @param <K> the key type
     * @param <T> the element type
     * @param <A> the accumulator type
     * @param <R> the result type
     * @return the result
     */
    public static <K, T, A, R> PolicyWindowOperator<K, T, A, R> create(
            WindowAssigner<? super T, TimeWindow> assigner,
            KeySelector<T, K> keySelector,
            TypeSerializer<K> keySerializer,
            AggregatingStateDescriptor<T, A, R> contents,
            long lateness,
            OutputTag<T> internalLateTag,
            OutputTag<LateEvent<T>> userTag,
            SessionAssigner<T> sessions,
            OutputTag<T> invalidTag,
            String name) {
        return new PolicyWindowOperator<>(
                assigner,
                keySelector,
                keySerializer,
                contents,
                new FiringCause(),
                lateness,
                internalLateTag,
                userTag,
                sessions,
                invalidTag,
                name);
    }

    @Override
    public void open() throws Exception {
        super.open();
        // drops are counted in WindowOperator's own numLateRecordsDropped (same name as ours)
        sideOutput = getMetricGroup().counter(LatePolicy.SIDE_OUTPUT_METRIC);
        invalid = getMetricGroup().counter(LatePolicy.INVALID_METRIC);
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        if (eventTime) {
            // Flink's session assigner would build a window near Long.MIN_VALUE without a word
            long t =
                    RecordTime.eventTimeOf(
                            element,
                            name,
                            "Windows.session(...).aggregate(...).inProcessingTime()");
            if (!representable(element.getValue(), t)) {
                invalid.inc();
                if (invalidTag != null) {
                    output.collect(invalidTag, element);
                }
                return;
            }
        }
        cause.lateElement = true;
        try {
            super.processElement(element);
        } finally {
            cause.lateElement = false;
        }
    }

    /**
     * Whether the session of an event at {@code t} has an end, a trigger time and a cleanup time
     * ({@code end - 1 + allowedLateness}) below {@code Long.MAX_VALUE}: Flink's operator registers
     * no cleanup timer at {@code Long.MAX_VALUE}, so such a window's state would never be removed.
     * A session gap that throws or is not positive makes the record invalid too.
     */
    private boolean representable(T value, long t) {
        long gap;
        try {
            gap = sessions == null ? 1 : sessions.gapOf(value);
        } catch (RuntimeException e) {
            return false;
        }
        return TimeMath.add(TimeMath.add(t, gap), allowedLateness) < TimeMath.MAX_TIME;
    }

    @Override
    protected void sideOutput(StreamRecord<T> element) {
        if (userTag == null) {
            numLateRecordsDropped.inc();
            return;
        }
        sideOutput.inc();
        long ts = element.getTimestamp();
        long end = TimeMath.add(ts, sessions != null ? sessions.gapOf(element.getValue()) : 1);
        output.collect(
                userTag,
                new StreamRecord<>(
                        new LateEvent<>(
                                element.getValue(),
                                ts,
                                internalTimerService.currentWatermark(),
                                ts,
                                end),
                        ts));
    }
}
