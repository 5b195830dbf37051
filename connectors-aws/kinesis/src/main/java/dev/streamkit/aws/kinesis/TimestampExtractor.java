package dev.streamkit.aws.kinesis;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Extracts the event time (epoch milliseconds) of a decoded record.
 *
 * @param <T> the decoded record type
 */
@PublicEvolving
@FunctionalInterface
public interface TimestampExtractor<T> extends Serializable {
    /**
     * The record's event time.
     *
     * @param record a decoded record
     * @return epoch milliseconds
     */
    long extractTimestamp(T record);
}
