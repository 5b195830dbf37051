package dev.streamkit.aws.kinesis;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/** Extracts the event time (epoch milliseconds) of a decoded record. */
@PublicEvolving
@FunctionalInterface
public interface TimestampExtractor<T> extends Serializable {
    long extractTimestamp(T record);
}
