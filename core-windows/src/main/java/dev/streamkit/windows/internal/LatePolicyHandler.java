package dev.streamkit.windows.internal;

import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The late and invalid record policy of a window operator, with its metrics: a record too late for
 * every window it belongs to is side-output ({@value LatePolicy#SIDE_OUTPUT_METRIC}) when a late
 * tag is set, else dropped ({@value LatePolicy#DROPPED_METRIC}); a record accepted within the
 * allowed lateness is counted ({@value LatePolicy#ACCEPTED_METRIC}), and so is each corrected
 * window it re-emits ({@value LatePolicy#CORRECTIONS_METRIC}); a record whose windows cannot be
 * represented is invalid ({@value LatePolicy#INVALID_METRIC}), side-output when an invalid tag is
 * set. Independent of how windows are made (slices or sessions): callers say which window a late
 * record missed. The session operator counts no accepted records ({@link #withoutAcceptedCount}),
 * as the session path never did: its metric names stay as they were.
 *
 * @param <T> the record type
 */
public final class LatePolicyHandler<T> {
    private final OutputTag<LateEvent<T>> lateTag;
    private final OutputTag<T> invalidTag;
    private final Counter dropped;
    private final Counter sideOutput;
    private final Counter accepted;
    private final Counter corrections;
    private final Counter invalid;

    /**
     * Registers the metrics in {@code metrics}.
     *
     * @param lateTag the side output of late records, or null (dropped)
     * @param invalidTag the side output of invalid records, or null (dropped)
     */
    LatePolicyHandler(
            OutputTag<LateEvent<T>> lateTag, OutputTag<T> invalidTag, MetricGroup metrics) {
        this(lateTag, invalidTag, metrics, true);
    }

    private LatePolicyHandler(
            OutputTag<LateEvent<T>> lateTag,
            OutputTag<T> invalidTag,
            MetricGroup metrics,
            boolean countAccepted) {
        this.lateTag = lateTag;
        this.invalidTag = invalidTag;
        this.dropped = metrics.counter(LatePolicy.DROPPED_METRIC);
        this.sideOutput = metrics.counter(LatePolicy.SIDE_OUTPUT_METRIC);
        this.accepted = countAccepted ? metrics.counter(LatePolicy.ACCEPTED_METRIC) : null;
        this.corrections = metrics.counter(LatePolicy.CORRECTIONS_METRIC);
        this.invalid = metrics.counter(LatePolicy.INVALID_METRIC);
    }

    /**
     * A handler that registers every metric but {@value LatePolicy#ACCEPTED_METRIC} (the session
     * operator's set); {@link #accepted} must not be called on it.
     *
     * @param lateTag the side output of late records, or null (dropped)
     * @param invalidTag the side output of invalid records, or null (dropped)
     * @param metrics where the counters are registered
     */
    public static <T> LatePolicyHandler<T> withoutAcceptedCount(
            OutputTag<LateEvent<T>> lateTag, OutputTag<T> invalidTag, MetricGroup metrics) {
        return new LatePolicyHandler<>(lateTag, invalidTag, metrics, false);
    }

    /**
     * A record of time {@code t} too late for all its windows at watermark {@code watermark}; the
     * last window it belonged to is {@code [windowStart, windowEnd)}.
     */
    public void late(
            T record,
            long t,
            long watermark,
            long windowStart,
            long windowEnd,
            Output<? extends StreamRecord<?>> out) {
        if (lateTag != null) {
            sideOutput.inc();
            out.collect(
                    lateTag,
                    new StreamRecord<>(
                            new LateEvent<>(record, t, watermark, windowStart, windowEnd), t));
        } else {
            dropped.inc();
        }
    }

    /** A record whose windows cannot be represented. */
    public void invalid(StreamRecord<T> record, Output<? extends StreamRecord<?>> out) {
        invalid.inc();
        if (invalidTag != null) {
            out.collect(invalidTag, record);
        }
    }

    /** A record behind the watermark accepted within the allowed lateness. */
    void accepted() {
        accepted.inc();
    }

    /** A window re-emitted as a correction. */
    public void corrected() {
        corrections.inc();
    }

    /**
     * {dropped, side output, accepted within lateness, corrections}, for tests (accepted is 0 when
     * not counted).
     */
    long[] counts() {
        return new long[] {
            dropped.getCount(),
            sideOutput.getCount(),
            accepted == null ? 0 : accepted.getCount(),
            corrections.getCount()
        };
    }

    /** The invalid-record count, for tests. */
    long invalidCount() {
        return invalid.getCount();
    }
}
