package dev.streamkit.state.internal;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * What the exact deduplication operators share: the time of a record (event time or processing
 * time), the late-record check and routing, duplicate accounting and routing, and the mini-batch
 * contract: {@link #flush} runs on every watermark (before timers fire), before every checkpoint
 * barrier and at end of input, so every snapshot holds the effect of every record before its
 * barrier.
 */
@Internal
abstract class AbstractDedupOperator<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Timestamp of a buffered duplicate that had none. */
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /** How long an id is remembered after it was last seen, in milliseconds. */
    protected final long expireAfter;

    /** Event time (else processing time). */
    protected final boolean eventTime;

    /** Side output of duplicates, or null (counted and dropped). */
    protected final OutputTag<T> duplicateTag;

    /** Side output of late records, or null (counted and deduplicated). */
    protected final OutputTag<T> lateTag;

    /** Side output of records without an id, or null (counted and dropped). */
    protected final OutputTag<T> invalidTag;

    /** How the missing-timestamp message names this operator. */
    private final String description;

    /** The operator's counters, created in {@code open()}. */
    protected transient DedupMetrics metrics;

    /** Takes the horizon, time domain, side outputs and description of {@code config}. */
    AbstractDedupOperator(ExactDedupConfig<T, ?> config) {
        this.expireAfter = config.expireAfterMillis();
        this.eventTime = config.eventTime();
        this.duplicateTag = config.duplicateTag();
        this.lateTag = config.lateTag();
        this.invalidTag = config.invalidTag();
        this.description = config.description();
    }

    @Override
    public void open() throws Exception {
        super.open();
        metrics = new DedupMetrics(getMetricGroup());
    }

    /**
     * The operator's counters (for tests; the same counters are in the metric group).
     *
     * @return the counters
     */
    public DedupMetrics metrics() {
        return metrics;
    }

    /**
     * The record's time in the operator's time domain. In event time a record without a timestamp,
     * or with {@code Long.MIN_VALUE} (a source without a watermark strategy), fails the job with
     * {@link RecordTime}'s message naming this operator: deduplicating it would silently expire ids
     * at the wrong time.
     *
     * @param element the record
     * @return its time
     */
    protected final long timeOf(StreamRecord<T> element) {
        if (!eventTime) {
            return getProcessingTimeService().getCurrentProcessingTime();
        }
        return RecordTime.eventTimeOf(element, description, "inProcessingTime()");
    }

    /**
     * Counts a record whose id could not be extracted ({@code numInvalidRecords}) and routes it to
     * the invalid-record side output if there is one. The caller must not touch state for it: the
     * current key is the key selector's invalid key, not the record's.
     *
     * @param element the record without an id
     */
    protected final void invalid(StreamRecord<T> element) {
        metrics.invalid.inc();
        if (invalidTag != null) {
            output.collect(invalidTag, element);
        }
    }

    /**
     * Counts a record whose id would already have expired at the current watermark as late and,
     * with a late side output, routes it there: true if the caller must drop it (it was routed).
     * Without a side output a late record is deduplicated like any other.
     *
     * @param element the record
     * @param ts its time
     * @param watermark the current watermark
     * @return true if it was routed to the late side output
     */
    protected final boolean routedLate(StreamRecord<T> element, long ts, long watermark) {
        if (!eventTime || TimeMath.add(ts, expireAfter) > watermark) {
            return false;
        }
        metrics.late.inc();
        if (lateTag == null) {
            return false;
        }
        output.collect(lateTag, element);
        return true;
    }

    /**
     * Counts a duplicate and routes it to the duplicate side output if there is one.
     *
     * @param value the duplicate
     * @param hasTs whether it had a timestamp
     * @param ts its timestamp, if it had one
     */
    protected final void duplicate(T value, boolean hasTs, long ts) {
        metrics.duplicates.inc();
        if (duplicateTag != null) {
            output.collect(
                    duplicateTag,
                    hasTs ? new StreamRecord<>(value, ts) : new StreamRecord<>(value));
        }
    }

    /**
     * Counts and routes the duplicates a buffered id collected within one mini-batch.
     *
     * @param p the buffered id
     */
    protected final void duplicates(Pending<T> p) {
        if (p.duplicates == 0) {
            return;
        }
        metrics.duplicates.inc(p.duplicates);
        if (p.dupValues != null) {
            for (int i = 0; i < p.dupValues.size(); i++) {
                long t = p.dupTimestamps.get(i);
                output.collect(
                        duplicateTag,
                        t == NO_TIMESTAMP
                                ? new StreamRecord<>(p.dupValues.get(i))
                                : new StreamRecord<>(p.dupValues.get(i), t));
            }
        }
    }

    /**
     * Resolves every buffered record against state (no-op without mini-batch).
     *
     * @throws Exception if state access fails
     */
    protected abstract void flush() throws Exception;

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** The records of one id buffered between two flushes: the one kept, and its duplicates. */
    static final class Pending<T> {
        T value;
        boolean hasTs;
        long recordTs;

        /** The kept record's time in the operator's time domain. */
        long ts;

        /** The latest time of any record of the id in this batch (expiry counts from it). */
        long maxTs;

        int duplicates;
        List<T> dupValues;
        List<Long> dupTimestamps;

        Pending(T value, boolean hasTs, long recordTs, long ts) {
            this.value = value;
            this.hasTs = hasTs;
            this.recordTs = recordTs;
            this.ts = ts;
            this.maxTs = ts;
        }

        /** One more duplicate; its record is kept for the side output if {@code keep}. */
        void addDuplicate(T v, boolean vHasTs, long vRecordTs, long vTs, boolean keep) {
            duplicates++;
            maxTs = Math.max(maxTs, vTs);
            if (keep) {
                if (dupValues == null) {
                    dupValues = new ArrayList<>();
                    dupTimestamps = new ArrayList<>();
                }
                dupValues.add(v);
                dupTimestamps.add(vHasTs ? vRecordTs : NO_TIMESTAMP);
            }
        }
    }
}
