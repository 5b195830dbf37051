package dev.streamkit.aws.kinesis;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.internal.FailFastSink;
import dev.streamkit.aws.internal.JsonSerializationSchema;
import dev.streamkit.aws.internal.NonRecoverable;
import dev.streamkit.aws.kinesis.internal.BoundedDeadLetterSchema;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;
import org.apache.flink.util.Preconditions;

/**
 * Kinesis Data Streams sinks writing JSON, built on the connector's {@code KinesisStreamsSink}.
 *
 * <pre>{@code
 * Sink<Order> sink =
 *         KinesisSinks.json(Order.class)
 *                 .streamArn("arn:aws:kinesis:eu-west-1:123456789012:stream/orders-out")
 *                 .connection(AwsConnection.region("eu-west-1"))
 *                 .partitionKey(Order::getOrderId)
 *                 .build();
 * orders.sinkTo(sink);
 * }</pre>
 *
 * <p>Defaults: batches of up to 500 records, 50 requests in flight, 10 000 buffered records, a
 * buffer flushed at least every 5 s, failed entries retried. A stream that does not exist fails the
 * job once, without restarts, with an {@link dev.streamkit.aws.AwsResourceException} naming the
 * stream, region and endpoint (see the module README for which errors are retried). Delivery is
 * at-least-once: records buffered at a checkpoint are flushed before it completes; after a restore,
 * records since the last checkpoint are written again.
 */
@PublicEvolving
public final class KinesisSinks {

    private KinesisSinks() {}

    /**
     * A sink serializing {@code type} with Jackson.
     *
     * @param type the record class
     * @param <T> the record type
     * @return a builder with the defaults
     */
    public static <T> Builder<T> json(Class<T> type) {
        Preconditions.checkNotNull(type, "type must not be null");
        return new Builder<>();
    }

    /**
     * A sink for {@link KinesisDeadLetter}s (payload base64-encoded in the JSON), partitioned by
     * the source shard and sequence number so dead letters spread over the DLQ stream's shards.
     *
     * <p>Every dead letter fits one Kinesis record (1 MiB including the partition key): one that
     * would not is written with its payload cut to the leading bytes that fit and {@code
     * payloadTruncated: true}; {@code payloadBytes} and {@code payloadSha256} describe the original
     * record either way.
     *
     * @return a builder with the partition key already set
     */
    public static Builder<KinesisDeadLetter> deadLetters() {
        Builder<KinesisDeadLetter> b =
                new Builder<KinesisDeadLetter>()
                        .partitionKey(BoundedDeadLetterSchema::partitionKey);
        b.boundedDeadLetters = true;
        return b;
    }

    /**
     * Builder of a JSON Kinesis sink; {@link #build()} validates and returns the connector's {@link
     * KinesisStreamsSink} wrapped so that a missing stream fails the job once (same writer, same
     * checkpointed writer state).
     *
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<T> implements Cloneable {
        private static final Pattern STREAM_ARN =
                Pattern.compile(
                        "arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/[a-zA-Z0-9_.-]{1,128}");

        private String streamArn;
        private AwsConnection connection;
        private PartitionKeyExtractor<T> partitionKey;
        private int maxBatchSize = 500;
        private int maxInFlightRequests = 50;
        private int maxBufferedRequests = 10_000;
        private Duration maxTimeInBuffer = Duration.ofSeconds(5);
        private boolean boundedDeadLetters;

        private Builder() {}

        /**
         * Required.
         *
         * @param streamArn {@code arn:aws:kinesis:<region>:<account>:stream/<name>} of the stream
         *     to write
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> streamArn(String streamArn) {
            Builder<T> b = copy();
            b.streamArn = streamArn;
            return b;
        }

        /**
         * Required: region, endpoint override, credentials.
         *
         * @param connection the connection to the stream's region
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> connection(AwsConnection connection) {
            Builder<T> b = copy();
            b.connection = connection;
            return b;
        }

        /**
         * Required: the partition key of each record (1 to 256 characters).
         *
         * @param partitionKey chooses each record's partition key
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> partitionKey(PartitionKeyExtractor<T> partitionKey) {
            Builder<T> b = copy();
            b.partitionKey = partitionKey;
            return b;
        }

        /**
         * Records per PutRecords request, 1 to 500 (default 500).
         *
         * @param maxBatchSize records per request, 1 to 500
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> maxBatchSize(int maxBatchSize) {
            Builder<T> b = copy();
            b.maxBatchSize = maxBatchSize;
            return b;
        }

        /**
         * Concurrent PutRecords requests per subtask (default 50).
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
         * Back-pressure threshold: records buffered before the writer blocks.
         *
         * @param maxBufferedRequests buffered records per subtask before back-pressure
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
         * @param maxTimeInBuffer the longest a record waits in the buffer
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> maxTimeInBuffer(Duration maxTimeInBuffer) {
            Builder<T> b = copy();
            b.maxTimeInBuffer = maxTimeInBuffer;
            return b;
        }

        /**
         * Validates every setting (naming the one that is wrong) and builds the sink.
         *
         * @return the sink
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public Sink<T> build() {
            Preconditions.checkArgument(
                    streamArn != null && STREAM_ARN.matcher(streamArn).matches(),
                    "streamArn must look like arn:aws:kinesis:<region>:<account>:stream/<name>, got '%s'",
                    streamArn);
            Preconditions.checkArgument(connection != null, "connection must be set");
            Preconditions.checkArgument(partitionKey != null, "partitionKey must be set");
            Preconditions.checkArgument(
                    maxBatchSize >= 1 && maxBatchSize <= 500,
                    "maxBatchSize must be in [1, 500], got %s",
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
            PartitionKeyExtractor<T> keys = partitionKey;
            SerializationSchema<T> serializationSchema = new JsonSerializationSchema<>();
            if (boundedDeadLetters) {
                // the budget of each record depends on its partition key: give the schema ours
                @SuppressWarnings("unchecked")
                SerializationSchema<T> bounded =
                        (SerializationSchema<T>)
                                new BoundedDeadLetterSchema(
                                        BoundedDeadLetterSchema.KINESIS_MAX_RECORD_BYTES,
                                        (PartitionKeyExtractor<KinesisDeadLetter>) keys);
                serializationSchema = bounded;
            }
            PartitionKeyGenerator<T> keyGenerator =
                    element -> {
                        String key = keys.partitionKey(element);
                        Preconditions.checkState(
                                key != null && !key.isEmpty() && key.length() <= 256,
                                "partitionKey must return 1 to 256 characters, got '%s'",
                                key);
                        return key;
                    };
            KinesisStreamsSink<T> sink =
                    KinesisStreamsSink.<T>builder()
                            .setSerializationSchema(serializationSchema)
                            .setPartitionKeyGenerator(keyGenerator)
                            .setMaxBatchSize(maxBatchSize)
                            .setMaxInFlightRequests(maxInFlightRequests)
                            .setMaxBufferedRequests(maxBufferedRequests)
                            .setMaxTimeInBufferMS(maxTimeInBuffer.toMillis())
                            .setFailOnError(false)
                            .setStreamArn(streamArn)
                            .setKinesisClientProperties(connection.toConnectorProperties())
                            .build();
            return new FailFastSink<>(
                    sink, NonRecoverable.describe("Kinesis stream", streamArn, connection));
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
