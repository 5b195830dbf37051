package dev.streamkit.examples.common;

import dev.streamkit.aws.kinesis.PartitionKeyExtractor;
import dev.streamkit.windows.LateEvent;

/**
 * The partition key of a late event: its event's. A class, not a lambda in {@link JobOutput}: a
 * lambda there would make TaskManagers load {@code JobOutput} to deserialize it, and {@code
 * JobOutput} refers to the OpenSearch connector, which the fraud JAR does not carry
 * (ClassNotFoundException on the cluster, found by {@code AwsLocalITCase}).
 */
@SuppressWarnings("rawtypes")
final class LatePartitionKey<T> implements PartitionKeyExtractor<LateEvent> {
    private static final long serialVersionUID = 1L;

    private final PartitionKeyExtractor<T> eventKey;

    LatePartitionKey(PartitionKeyExtractor<T> eventKey) {
        this.eventKey = eventKey;
    }

    @Override
    @SuppressWarnings("unchecked")
    public String partitionKey(LateEvent late) {
        return eventKey.partitionKey((T) late.event);
    }
}
