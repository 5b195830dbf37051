package dev.streamkit.common.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The event time of a record, checked. A record without a timestamp, or with {@code Long.MIN_VALUE}
 * (the marker FLIP-27 sources stamp when the job has no watermark strategy, e.g. {@code
 * env.fromData(...)} or {@code WatermarkStrategy.noWatermarks()}), has no event time: an event-time
 * operator that went on would compute garbage (windows near {@code Long.MIN_VALUE}, every record
 * late). Every Streamkit event-time operator fails instead, with the message Flink's own {@code
 * WindowOperator} gives, naming the operator.
 */
@Internal
public final class RecordTime {
    private RecordTime() {}

    /**
     * Whether a record carries a usable event time.
     *
     * @param record the record
     * @return true if it has a timestamp other than {@code Long.MIN_VALUE}
     */
    public static boolean hasEventTime(StreamRecord<?> record) {
        return record.hasTimestamp() && record.getTimestamp() != Long.MIN_VALUE;
    }

    /**
     * The record's event time.
     *
     * @param operator the operator's description for the message (e.g. {@code "Streamkit sliding
     *     window"})
     * @param processingTimeHint how the operator is switched to processing time (e.g. {@code
     *     "inProcessingTime()"}), or null if it has no processing-time mode
     * @param record the record
     * @return its timestamp
     * @throws IllegalStateException if the record has no event time
     */
    public static long eventTimeOf(
            StreamRecord<?> record, String operator, String processingTimeHint) {
        if (!hasEventTime(record)) {
            throw missing(operator, processingTimeHint);
        }
        return record.getTimestamp();
    }

    /**
     * The exception for a record without event time, see {@link #eventTimeOf}.
     *
     * @param operator the operator's description for the message
     * @param processingTimeHint how to switch the operator to processing time, or null
     * @return the exception to throw
     */
    public static IllegalStateException missing(String operator, String processingTimeHint) {
        StringBuilder m =
                new StringBuilder(operator)
                        .append(
                                ": record has Long.MIN_VALUE timestamp (= no timestamp marker)."
                                        + " Event-time operators need timestamps: did you forget to call"
                                        + " 'DataStream.assignTimestampsAndWatermarks(...)', or build the"
                                        + " source with WatermarkStrategy.noWatermarks()?");
        if (processingTimeHint != null) {
            m.append(" To work in processing time instead, use ")
                    .append(processingTimeHint)
                    .append('.');
        }
        return new IllegalStateException(m.toString());
    }
}
