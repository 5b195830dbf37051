package dev.streamkit.aws.dynamodb;

import java.io.Serializable;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a record to a DynamoDB item. Must be deterministic (the same record always yields the same
 * item) for writes to be idempotent.
 *
 * @param <T> the record type
 */
@PublicEvolving
@FunctionalInterface
public interface ItemMapper<T> extends Serializable {
    /**
     * The item to write for {@code record}.
     *
     * @param record a record to write
     * @return the item's attributes by name, including the table's key attributes
     */
    Map<String, AttributeValue> toItem(T record);
}
