package dev.streamkit.aws.kinesis;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Chooses the Kinesis partition key (1 to 256 characters) of a record written by a sink.
 *
 * @param <T> the record type
 */
@PublicEvolving
@FunctionalInterface
public interface PartitionKeyExtractor<T> extends Serializable {
    /**
     * The record's partition key, which picks its shard.
     *
     * @param record a record to write
     * @return 1 to 256 characters
     */
    String partitionKey(T record);
}
