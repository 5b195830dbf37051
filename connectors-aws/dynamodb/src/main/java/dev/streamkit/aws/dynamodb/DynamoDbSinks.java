package dev.streamkit.aws.dynamodb;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.dynamodb.internal.FailFastDynamoDbSink;
import dev.streamkit.aws.dynamodb.internal.JacksonItemMapper;
import dev.streamkit.aws.dynamodb.internal.UpsertElementConverter;
import dev.streamkit.aws.internal.NonRecoverable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.util.Preconditions;

/**
 * DynamoDB sinks writing each record as an idempotent upsert (PutItem of the whole item) keyed by
 * the declared key, on the connector's {@code DynamoDbSink} (BatchWriteItem).
 *
 * <pre>{@code
 * DynamoDbSink<Order> sink =
 *         DynamoDbSinks.upsert(Order.class)
 *                 .tableName("orders")
 *                 .partitionKey("orderId")
 *                 .connection(AwsConnection.region("eu-west-1"))
 *                 .build();
 * orders.sinkTo(sink);
 * }</pre>
 *
 * <p>Guarantees: at-least-once delivery (buffered writes are flushed on every checkpoint); since a
 * record always produces the same item under the same key and a PutItem replaces the whole item,
 * replays after a restore converge to the same table contents. Within one batch, several records
 * with the same key are de-duplicated (the last wins), as BatchWriteItem requires.
 *
 * <p>Defaults: Jackson mapping of the record's properties (null properties omitted), batches of 25
 * items (the BatchWriteItem maximum), 50 requests in flight, 10 000 buffered items, flush at least
 * every 5 s. Retries: throttled or unprocessed items and retryable errors are re-queued and retried
 * with adaptive (AIMD) rate limiting until they succeed. A table that does not exist fails the job
 * once, without restarts, with an {@link dev.streamkit.aws.AwsResourceException} naming table,
 * region and endpoint; a validation error fails the job (and restarts apply). With {@code
 * failOnError(true)} every failed batch fails the job instead of being retried.
 */
@PublicEvolving
public final class DynamoDbSinks {

    private DynamoDbSinks() {}

    /**
     * Records mapped with Jackson (a POJO's properties become the item's attributes).
     *
     * @param type the record class
     * @param <T> the record type
     * @return a builder with the defaults
     */
    public static <T> Builder<T> upsert(Class<T> type) {
        Preconditions.checkNotNull(type, "type must not be null");
        return new Builder<>(new JacksonItemMapper<>());
    }

    /**
     * Records mapped with a custom, deterministic mapper.
     *
     * @param mapper maps each record to its item
     * @param <T> the record type
     * @return a builder with the defaults
     */
    public static <T> Builder<T> upsert(ItemMapper<T> mapper) {
        Preconditions.checkNotNull(mapper, "itemMapper must not be null");
        return new Builder<>(mapper);
    }

    /**
     * Builder of an upserting {@link DynamoDbSink}; {@link #build()} validates.
     *
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<T> implements Cloneable {
        private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

        private final ItemMapper<T> mapper;
        private String tableName;
        private String partitionKey;
        private String sortKey;
        private AwsConnection connection;
        private int maxBatchSize = 25;
        private int maxInFlightRequests = 50;
        private int maxBufferedRequests = 10_000;
        private Duration maxTimeInBuffer = Duration.ofSeconds(5);
        private boolean failOnError = false;

        private Builder(ItemMapper<T> mapper) {
            this.mapper = mapper;
        }

        /**
         * Required: 3 to 255 characters of {@code [a-zA-Z0-9_.-]}.
         *
         * @param tableName the table to write
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> tableName(String tableName) {
            Builder<T> b = copy();
            b.tableName = tableName;
            return b;
        }

        /**
         * Required: the table's partition (hash) key attribute.
         *
         * @param attribute the partition key attribute's name
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> partitionKey(String attribute) {
            Builder<T> b = copy();
            b.partitionKey = attribute;
            return b;
        }

        /**
         * The table's sort (range) key attribute, if it has one.
         *
         * @param attribute the sort key attribute's name, or null for a table without one
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> sortKey(String attribute) {
            Builder<T> b = copy();
            b.sortKey = attribute;
            return b;
        }

        /**
         * Required: region, endpoint override, credentials.
         *
         * @param connection the connection to the table's region
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> connection(AwsConnection connection) {
            Builder<T> b = copy();
            b.connection = connection;
            return b;
        }

        /**
         * Items per BatchWriteItem, 1 to 25 (default 25).
         *
         * @param maxBatchSize items per request, 1 to 25
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> maxBatchSize(int maxBatchSize) {
            Builder<T> b = copy();
            b.maxBatchSize = maxBatchSize;
            return b;
        }

        /**
         * Concurrent BatchWriteItem requests per subtask (default 50); 1 keeps versions of a key in
         * order.
         *
         * @param maxInFlightRequests concurrent requests per subtask (positive)
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> maxInFlightRequests(int maxInFlightRequests) {
            Builder<T> b = copy();
            b.maxInFlightRequests = maxInFlightRequests;
            return b;
        }

        /**
         * Back-pressure threshold: items buffered before the writer blocks (default 10 000).
         *
         * @param maxBufferedRequests buffered items per subtask before back-pressure
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> maxBufferedRequests(int maxBufferedRequests) {
            Builder<T> b = copy();
            b.maxBufferedRequests = maxBufferedRequests;
            return b;
        }

        /**
         * The buffer is flushed at least this often (default 5 s).
         *
         * @param maxTimeInBuffer the longest an item waits in the buffer
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> maxTimeInBuffer(Duration maxTimeInBuffer) {
            Builder<T> b = copy();
            b.maxTimeInBuffer = maxTimeInBuffer;
            return b;
        }

        /**
         * Fail the job on any failed batch instead of retrying it (default false).
         *
         * @param failOnError true to fail the job instead of retrying a failed batch
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> failOnError(boolean failOnError) {
            Builder<T> b = copy();
            b.failOnError = failOnError;
            return b;
        }

        /** The key attributes, partition key first. */
        List<String> keyAttributes() {
            List<String> keys = new ArrayList<>();
            keys.add(partitionKey);
            if (sortKey != null) {
                keys.add(sortKey);
            }
            return Collections.unmodifiableList(keys);
        }

        /**
         * Validates every setting (naming the one that is wrong) and builds the sink.
         *
         * @return the sink
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public DynamoDbSink<T> build() {
            Preconditions.checkArgument(
                    tableName != null && TABLE_NAME.matcher(tableName).matches(),
                    "tableName must be 3 to 255 characters of [a-zA-Z0-9_.-], got '%s'",
                    tableName);
            Preconditions.checkArgument(
                    partitionKey != null && !partitionKey.isEmpty(), "partitionKey must be set");
            Preconditions.checkArgument(
                    sortKey == null || (!sortKey.isEmpty() && !sortKey.equals(partitionKey)),
                    "sortKey must be non-empty and differ from partitionKey, got '%s'",
                    sortKey);
            Preconditions.checkArgument(connection != null, "connection must be set");
            Preconditions.checkArgument(
                    maxBatchSize >= 1 && maxBatchSize <= 25,
                    "maxBatchSize must be in [1, 25], got %s",
                    maxBatchSize);
            Preconditions.checkArgument(
                    maxInFlightRequests >= 1,
                    "maxInFlightRequests must be >= 1, got %s",
                    maxInFlightRequests);
            Preconditions.checkArgument(
                    maxBufferedRequests >= maxBatchSize,
                    "maxBufferedRequests must be >= maxBatchSize (%s), got %s",
                    maxBatchSize,
                    maxBufferedRequests);
            Preconditions.checkArgument(
                    maxTimeInBuffer != null
                            && !maxTimeInBuffer.isNegative()
                            && !maxTimeInBuffer.isZero(),
                    "maxTimeInBuffer must be > 0, got %s",
                    maxTimeInBuffer);
            List<String> keys = keyAttributes();
            return new FailFastDynamoDbSink<>(
                    new UpsertElementConverter<>(mapper, keys),
                    maxBatchSize,
                    maxInFlightRequests,
                    maxBufferedRequests,
                    maxTimeInBuffer.toMillis(),
                    failOnError,
                    tableName,
                    new ArrayList<>(keys),
                    connection.toConnectorProperties(),
                    NonRecoverable.describe("DynamoDB table", tableName, connection));
        }

        /** A copy for the next setter: setters never change the builder they are called on. */
        @SuppressWarnings("unchecked")
        private Builder<T> copy() {
            try {
                Builder<T> b = (Builder<T>) clone();
                return b;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
