package dev.streamkit.aws.kinesis;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/** Chooses the Kinesis partition key (1 to 256 characters) of a record written by a sink. */
@PublicEvolving
@FunctionalInterface
public interface PartitionKeyExtractor<T> extends Serializable {
    String partitionKey(T record);
}
