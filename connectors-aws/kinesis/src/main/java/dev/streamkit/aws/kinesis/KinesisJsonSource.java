package dev.streamkit.aws.kinesis;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.internal.FailFastSource;
import dev.streamkit.aws.internal.NonRecoverable;
import dev.streamkit.aws.kinesis.internal.DeadLetterSplitter;
import dev.streamkit.aws.kinesis.internal.DecodedWatermarkStrategy;
import dev.streamkit.aws.kinesis.internal.DecodingOptions;
import dev.streamkit.aws.kinesis.internal.JsonRecordDeserializer;
import dev.streamkit.aws.kinesis.internal.NamedRequirement;
import dev.streamkit.aws.kinesis.internal.RawRecordDecoder;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * A Kinesis Data Streams source (the FLIP-27 {@code KinesisStreamsSource}) decoding JSON into a
 * user type, with per-shard event-time watermarks, idleness and a dead-letter output.
 *
 * <pre>{@code
 * KinesisJsonSource<Order> source =
 *         KinesisSources.json(Order.class)
 *                 .streamArn("arn:aws:kinesis:eu-west-1:123456789012:stream/orders")
 *                 .connection(AwsConnection.region("eu-west-1"))
 *                 .startPosition(StartPosition.trimHorizon())
 *                 .eventTime(Order::getEventTimeMillis, Duration.ofSeconds(5))
 *                 .require("orderId", o -> o.getOrderId() != null)
 *                 .require("amount > 0", o -> o.getAmount() > 0)
 *                 .build();
 * DecodedStream<Order> orders = source.addTo(env, "orders");
 * orders.deadLetters().sinkTo(KinesisSinks.deadLetters().streamArn(dlqArn).connection(c).build());
 * }</pre>
 *
 * <p>Defaults: start {@link StartPosition#latest() LATEST}, {@link ReaderType#POLLING}, event time
 * = Kinesis arrival time, max out-of-orderness 5 s, idleness 1 min, shard discovery every 10 s,
 * {@code maxRecordBytes} 1 MiB (the Kinesis record limit), unknown JSON properties ignored, null
 * for a primitive rejected, missing creator properties rejected, NaN/infinities rejected, trailing
 * tokens rejected, invalid UTF-8 rejected, no requirements.
 *
 * <p>Guarantees: exactly-once reading of the stream into Flink state (positions are checkpointed
 * per shard); every record yields exactly one element on either {@link DecodedStream#records()} or
 * {@link DecodedStream#deadLetters()}, counted in the metrics {@code numRecordsDecoded} and {@code
 * numDeadLetters} of the operator named {@code <name>-decode}.
 *
 * @param <T> the decoded record type
 * @serial exclude
 */
@PublicEvolving
public final class KinesisJsonSource<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Pattern STREAM_ARN =
            Pattern.compile(
                    "arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/[a-zA-Z0-9_.-]{1,128}");
    private static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final Class<T> type;
    private final TypeInformation<T> typeInfo;
    private final String streamArn;
    private final AwsConnection connection;
    private final StartPosition startPosition;
    private final TimestampExtractor<T> timestampExtractor;
    private final Duration maxOutOfOrderness;
    private final Duration idleness;
    private final Duration shardDiscoveryInterval;
    private final DecodingOptions<T> decoding;

    private KinesisJsonSource(Builder<T> b) {
        this.type = b.type;
        this.typeInfo = b.typeInfo;
        this.streamArn = b.streamArn;
        this.connection = b.connection;
        this.startPosition = b.startPosition;
        this.timestampExtractor = b.timestampExtractor;
        this.maxOutOfOrderness = b.maxOutOfOrderness;
        this.idleness = b.idleness;
        this.shardDiscoveryInterval = b.shardDiscoveryInterval;
        this.decoding = b.decodingOptions();
    }

    static <T> Builder<T> builder(Class<T> type, TypeInformation<T> typeInfo) {
        return new Builder<>(type, typeInfo);
    }

    /**
     * Adds the source and its decoder to {@code env}. Operator uids are {@code <name>-source} and
     * {@code <name>-decode}: keep {@code name} stable across releases to restore savepoints.
     *
     * @param env the environment to add the source to
     * @param name the operator name prefix and uid prefix; keep it stable
     * @return the decoded records and the dead letters
     */
    public DecodedStream<T> addTo(StreamExecutionEnvironment env, String name) {
        Preconditions.checkNotNull(env, "env must not be null");
        Preconditions.checkArgument(
                name != null && !name.isEmpty(), "name must be a non-empty string");
        JsonRecordDeserializer<T> deserializer =
                new JsonRecordDeserializer<>(type, typeInfo, decoding);
        KinesisStreamsSource<Either<KinesisDeadLetter, T>> source =
                KinesisStreamsSource.<Either<KinesisDeadLetter, T>>builder()
                        .setStreamArn(streamArn)
                        .setSourceConfig(sourceConfiguration())
                        .setDeserializationSchema(deserializer)
                        .build();
        WatermarkStrategy<Either<KinesisDeadLetter, T>> watermarks =
                new DecodedWatermarkStrategy<>(timestampExtractor, maxOutOfOrderness)
                        .withIdleness(idleness);
        // a stream that does not exist fails the job once instead of restarting it forever
        FailFastSource<Either<KinesisDeadLetter, T>, KinesisShardSplit, ?> failFast =
                new FailFastSource<>(
                        source, NonRecoverable.describe("Kinesis stream", streamArn, connection));
        DataStream<Either<KinesisDeadLetter, T>> raw =
                env.fromSource(
                                failFast,
                                watermarks,
                                name + "-source",
                                deserializer.getProducedType())
                        .uid(name + "-source");
        return split(raw, name, typeInfo);
    }

    /** Routes decoded records and dead letters apart in the operator {@code <name>-decode}. */
    static <T> DecodedStream<T> split(
            DataStream<Either<KinesisDeadLetter, T>> decoded,
            String name,
            TypeInformation<T> typeInfo) {
        OutputTag<KinesisDeadLetter> tag =
                new OutputTag<>(
                        name + "-dead-letters", TypeInformation.of(KinesisDeadLetter.class));
        SingleOutputStreamOperator<T> records =
                decoded.process(new DeadLetterSplitter<>(tag), typeInfo)
                        .name(name + "-decode")
                        .uid(name + "-decode");
        return new DecodedStream<>(records, records.getSideOutput(tag));
    }

    /**
     * The connector configuration this source uses (visible for tests and troubleshooting).
     *
     * @return a new configuration for {@code KinesisStreamsSource}
     */
    public Configuration sourceConfiguration() {
        Configuration c = new Configuration();
        for (Map.Entry<Object, Object> e : connection.toConnectorProperties().entrySet()) {
            c.setString((String) e.getKey(), (String) e.getValue());
        }
        switch (startPosition.kind()) {
            case TRIM_HORIZON:
                c.set(
                        KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                        KinesisStreamsSourceConfigConstants.InitialPosition.TRIM_HORIZON);
                break;
            case AT_TIMESTAMP:
                c.set(
                        KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                        KinesisStreamsSourceConfigConstants.InitialPosition.AT_TIMESTAMP);
                c.set(
                        KinesisStreamsSourceConfigConstants.STREAM_INITIAL_TIMESTAMP,
                        TIMESTAMP_FORMAT.format(startPosition.timestamp()));
                break;
            default:
                c.set(
                        KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                        KinesisStreamsSourceConfigConstants.InitialPosition.LATEST);
        }
        c.set(
                KinesisStreamsSourceConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                shardDiscoveryInterval.toMillis());
        return c;
    }

    /**
     * The ARN of the stream this source reads.
     *
     * @return the stream ARN
     */
    public String streamArn() {
        return streamArn;
    }

    /**
     * Builder of {@link KinesisJsonSource}; {@link #build()} validates every setting.
     *
     * @param <T> the decoded record type
     */
    @PublicEvolving
    public static final class Builder<T> implements Cloneable {
        private final Class<T> type;
        private final TypeInformation<T> typeInfo;
        private String streamArn;
        private AwsConnection connection;
        private StartPosition startPosition = StartPosition.latest();
        private ReaderType readerType = ReaderType.POLLING;
        private TimestampExtractor<T> timestampExtractor;
        private Duration maxOutOfOrderness = Duration.ofSeconds(5);
        private Duration idleness = Duration.ofMinutes(1);
        private Duration shardDiscoveryInterval = Duration.ofSeconds(10);
        private int maxRecordBytes = 1024 * 1024;
        private boolean failOnUnknownProperties = false;
        private boolean failOnNullForPrimitives = true;
        private boolean failOnMissingCreatorProperties = true;
        private NonFiniteNumbers nonFiniteNumbers = NonFiniteNumbers.REJECT;
        private List<NamedRequirement<T>> requirements = new ArrayList<>();

        private Builder(Class<T> type, TypeInformation<T> typeInfo) {
            this.type = type;
            this.typeInfo = typeInfo;
        }

        /**
         * The stream to read (required).
         *
         * @param streamArn {@code arn:aws:kinesis:<region>:<account>:stream/<name>}
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> streamArn(String streamArn) {
            Builder<T> b = copy();
            b.streamArn = streamArn;
            return b;
        }

        /**
         * Region, endpoint override and credentials (required).
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
         * Where a fresh start begins reading (default {@link StartPosition#latest()}); checkpointed
         * positions win after a restore.
         *
         * @param startPosition where to start in shards without a checkpointed position
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> startPosition(StartPosition startPosition) {
            Builder<T> b = copy();
            b.startPosition = startPosition;
            return b;
        }

        /**
         * Polling (the default and the only one supported: {@code EFO} is rejected by {@link
         * #build()}).
         *
         * @param readerType {@link ReaderType#POLLING}
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> readerType(ReaderType readerType) {
            Builder<T> b = copy();
            b.readerType = readerType;
            return b;
        }

        /**
         * Event time from the record, with bounded out-of-orderness within a shard.
         *
         * @param extractor the record's event time in epoch milliseconds
         * @param maxOutOfOrderness how far behind the newest record of a shard a record may be
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> eventTime(TimestampExtractor<T> extractor, Duration maxOutOfOrderness) {
            Builder<T> b = copy();
            b.timestampExtractor = extractor;
            b.maxOutOfOrderness = maxOutOfOrderness;
            Preconditions.checkNotNull(extractor, "eventTime extractor must not be null");
            return b;
        }

        /**
         * A shard without records for this long stops holding back the watermark (default 1 min).
         *
         * @param idleness how long a shard may go without records before it is idle
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> idleness(Duration idleness) {
            Builder<T> b = copy();
            b.idleness = idleness;
            return b;
        }

        /**
         * How often new shards (after a reshard) are discovered (default 10 s).
         *
         * @param interval the time between shard listings
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> shardDiscoveryInterval(Duration interval) {
            Builder<T> b = copy();
            b.shardDiscoveryInterval = interval;
            return b;
        }

        /**
         * Records larger than this go to the dead-letter output (default 1 MiB).
         *
         * @param maxRecordBytes the largest record decoded, in bytes
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> maxRecordBytes(int maxRecordBytes) {
            Builder<T> b = copy();
            b.maxRecordBytes = maxRecordBytes;
            return b;
        }

        /**
         * Whether an unknown JSON property makes a record a dead letter (default false).
         *
         * @param fail true to reject records with properties the type does not have
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> failOnUnknownProperties(boolean fail) {
            Builder<T> b = copy();
            b.failOnUnknownProperties = fail;
            return b;
        }

        /**
         * Declares an input contract: a decoded record for which {@code predicate} is false (or
         * throws) becomes a dead letter with error type {@code REQUIREMENT} and the reason {@code
         * requirement '<name>' not met} (or {@code requirement '<name>' threw <exception>:
         * <message>}), counted in {@code numDeadLetters} like a syntax error; nothing is thrown
         * into the job. Requirements are checked in the order declared and the first one not met is
         * reported. Use it for every field the job keys on or switches on, e.g. {@code
         * .require("id", e -> e.id != null)}.
         *
         * @param name names the requirement in dead letters: non-blank, unique per builder
         * @param predicate serializable (checked here); receives a non-null record
         * @throws IllegalArgumentException naming the parameter if name or predicate is invalid
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> require(String name, Requirement<T> predicate) {
            Builder<T> b = copy();
            Preconditions.checkArgument(
                    name != null && !name.trim().isEmpty(),
                    "require: name must be a non-blank description, got '%s'",
                    name);
            Preconditions.checkArgument(
                    predicate != null, "require('%s'): predicate must not be null", name);
            for (NamedRequirement<T> r : requirements) {
                Preconditions.checkArgument(
                        !r.name().equals(name),
                        "require('%s'): a requirement with this name is already declared",
                        name);
            }
            try {
                InstantiationUtil.serializeObject(predicate);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "require('"
                                + name
                                + "'): predicate is not serializable (does it capture a"
                                + " non-serializable object?): "
                                + e,
                        e);
            }
            b.requirements.add(new NamedRequirement<>(name, predicate));
            return b;
        }

        /**
         * Whether a JSON {@code null} (or a missing creator property) for a primitive property
         * ({@code int}, {@code long}, {@code double}, ...) makes the record a dead letter (default
         * true). With false, Jackson stores the primitive's default ({@code 0}), which a job cannot
         * tell from a real zero.
         *
         * @param fail false to accept null as the primitive's default
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> failOnNullForPrimitives(boolean fail) {
            Builder<T> b = copy();
            b.failOnNullForPrimitives = fail;
            return b;
        }

        /**
         * Whether a property of a {@code @JsonCreator} constructor missing from the JSON makes the
         * record a dead letter (default true). With false, the creator receives null or the
         * primitive default. Has no effect on POJOs decoded through setters or fields; use {@link
         * #require} for those.
         *
         * @param fail false to pass null or the primitive default to the creator
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> failOnMissingCreatorProperties(boolean fail) {
            Builder<T> b = copy();
            b.failOnMissingCreatorProperties = fail;
            return b;
        }

        /**
         * NaN/infinity policy for {@code double}/{@code float} properties (default REJECT).
         *
         * @param policy {@link NonFiniteNumbers#REJECT} or {@link NonFiniteNumbers#ACCEPT}
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> nonFiniteNumbers(NonFiniteNumbers policy) {
            Builder<T> b = copy();
            b.nonFiniteNumbers = policy;
            return b;
        }

        DecodingOptions<T> decodingOptions() {
            return new DecodingOptions<>(
                    maxRecordBytes,
                    failOnUnknownProperties,
                    failOnNullForPrimitives,
                    failOnMissingCreatorProperties,
                    nonFiniteNumbers,
                    requirements);
        }

        /**
         * Decodes raw records that were read some other way (a replay, a generator, a file) exactly
         * as the Kinesis source decodes its records: the same JSON decoding, dead letters, metrics,
         * event time, watermarks and idleness. Only the decoding settings of this builder are used;
         * stream, connection and start position are not needed.
         *
         * <p>Dead letters name {@code name} as their stream, {@code subtask-<i>} as their shard and
         * the record's position within that subtask's input as their sequence number (positions
         * restart from 0 after a restore). Operator uids are {@code <name>-parse} and {@code
         * <name>-decode}.
         *
         * <pre>{@code
         * DecodedStream<Order> orders =
         *         KinesisSources.json(Order.class)
         *                 .eventTime(Order::getEventTimeMillis, Duration.ofSeconds(5))
         *                 .decode(env.fromSource(replay, noWatermarks(), "replay"), "orders");
         * }</pre>
         *
         * @param raw the undecoded records, one JSON document each
         * @param name the operator name prefix and uid prefix, also the dead letters' stream; keep
         *     it stable
         * @return the decoded records and the dead letters
         */
        public DecodedStream<T> decode(DataStream<byte[]> raw, String name) {
            Preconditions.checkNotNull(raw, "raw must not be null");
            Preconditions.checkArgument(
                    name != null && !name.isEmpty(), "name must be a non-empty string");
            checkDecoding();
            JsonRecordDeserializer<T> deserializer =
                    new JsonRecordDeserializer<>(type, typeInfo, decodingOptions());
            DataStream<Either<KinesisDeadLetter, T>> decoded =
                    raw.map(new RawRecordDecoder<>(deserializer, name))
                            .returns(deserializer.getProducedType())
                            .name(name + "-parse")
                            .uid(name + "-parse")
                            .assignTimestampsAndWatermarks(
                                    new DecodedWatermarkStrategy<>(
                                                    timestampExtractor, maxOutOfOrderness)
                                            .withIdleness(idleness))
                            .name(name + "-watermarks")
                            .uid(name + "-watermarks");
            return split(decoded, name, typeInfo);
        }

        private void checkDecoding() {
            Preconditions.checkArgument(
                    maxOutOfOrderness != null && !maxOutOfOrderness.isNegative(),
                    "maxOutOfOrderness must be >= 0, got %s",
                    maxOutOfOrderness);
            Preconditions.checkArgument(
                    idleness != null && !idleness.isNegative() && !idleness.isZero(),
                    "idleness must be > 0, got %s",
                    idleness);
            Preconditions.checkArgument(
                    maxRecordBytes > 0, "maxRecordBytes must be > 0, got %s", maxRecordBytes);
            Preconditions.checkArgument(
                    nonFiniteNumbers != null, "nonFiniteNumbers must not be null");
            Preconditions.checkArgument(
                    !(typeInfo instanceof GenericTypeInfo),
                    "%s is not a Flink POJO (it would be serialized with Kryo); make it a POJO"
                            + " or pass explicit TypeInformation to KinesisSources.json",
                    type.getName());
        }

        /**
         * Validates every setting (naming the one that is wrong) and builds the source.
         *
         * @return the source, ready for {@link KinesisJsonSource#addTo}
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public KinesisJsonSource<T> build() {
            Preconditions.checkArgument(
                    streamArn != null && STREAM_ARN.matcher(streamArn).matches(),
                    "streamArn must look like arn:aws:kinesis:<region>:<account>:stream/<name>, got '%s'",
                    streamArn);
            Preconditions.checkArgument(connection != null, "connection must be set");
            Preconditions.checkArgument(startPosition != null, "startPosition must not be null");
            Preconditions.checkArgument(readerType != null, "readerType must not be null");
            Preconditions.checkArgument(
                    readerType == ReaderType.POLLING,
                    "readerType EFO is not supported: the FLIP-27 KinesisStreamsSource of"
                            + " flink-connector-kinesis 4.3.0 only polls; use POLLING");
            checkDecoding();
            Preconditions.checkArgument(
                    shardDiscoveryInterval != null
                            && shardDiscoveryInterval.compareTo(Duration.ofSeconds(1)) >= 0,
                    "shardDiscoveryInterval must be >= 1 s, got %s",
                    shardDiscoveryInterval);
            return new KinesisJsonSource<>(this);
        }

        /** A copy for the next setter: setters never change the builder they are called on. */
        @SuppressWarnings("unchecked")
        private Builder<T> copy() {
            try {
                Builder<T> b = (Builder<T>) clone();
                b.requirements = new ArrayList<>(requirements);
                return b;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
