package dev.streamkit.aws.dynamodb;

import java.io.Serializable;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a record to a DynamoDB item. Must be deterministic (the same record always yields the same
 * item) for writes to be idempotent.
 */
@PublicEvolving
@FunctionalInterface
public interface ItemMapper<T> extends Serializable {
    Map<String, AttributeValue> toItem(T record);
}
