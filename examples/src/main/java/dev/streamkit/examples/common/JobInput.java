package dev.streamkit.examples.common;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.kinesis.DecodedStream;
import dev.streamkit.aws.kinesis.KinesisJsonSource;
import dev.streamkit.aws.kinesis.KinesisSources;
import dev.streamkit.aws.kinesis.StartPosition;
import dev.streamkit.aws.kinesis.TimestampExtractor;
import dev.streamkit.examples.local.Scenario;
import dev.streamkit.examples.local.ScenarioSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The input of every example job, from the property group {@value #GROUP}: JSON records from a
 * Kinesis stream, or the job's built-in generator replaying the same JSON (local runs, smoke tests
 * of a deployment). Either way the records go through the same decoding, with malformed records on
 * the dead-letter output, event time and watermarks with idleness.
 */
public final class JobInput {
    public static final String GROUP = "Input";

    /** Where records come from. */
    public enum Source {
        KINESIS,
        GENERATOR
    }

    public static final PropertySpec<Source> SOURCE =
            PropertySpec.enumValue(GROUP, "source", Source.class);
    public static final PropertySpec<String> STREAM_ARN =
            PropertySpec.string(GROUP, "stream.arn").withDefault("");
    public static final PropertySpec<String> INITIAL_POSITION =
            PropertySpec.string(GROUP, "initial.position")
                    .withDefault("LATEST")
                    .check(
                            p -> p.equals("LATEST") || p.equals("TRIM_HORIZON"),
                            "LATEST or TRIM_HORIZON");
    public static final PropertySpec<Duration> MAX_OUT_OF_ORDERNESS =
            PropertySpec.duration(GROUP, "max.out.of.orderness")
                    .withDefault(Duration.ofSeconds(10))
                    .check(d -> !d.isNegative(), ">= 0");
    public static final PropertySpec<Duration> IDLENESS =
            PropertySpec.duration(GROUP, "idleness")
                    .withDefault(Duration.ofMinutes(1))
                    .check(d -> !d.isNegative() && !d.isZero(), "> 0");

    /**
     * How often the Kinesis source lists the stream's shards. It also bounds how long a new job
     * waits for its first shard: the source's first listing often runs before its reader has
     * registered, and the shard is then assigned at the next one.
     */
    public static final PropertySpec<Duration> SHARD_DISCOVERY_INTERVAL =
            PropertySpec.duration(GROUP, "shard.discovery.interval")
                    .withDefault(Duration.ofSeconds(10))
                    .check(d -> !d.isNegative() && !d.isZero(), "> 0");

    public static final PropertySpec<Long> GENERATOR_SEED =
            PropertySpec.longValue(GROUP, "generator.seed").withDefault(42L);
    public static final PropertySpec<Double> GENERATOR_RATE =
            PropertySpec.doubleValue(GROUP, "generator.records.per.second")
                    .withDefault(2_000.0)
                    .check(r -> r >= 0, ">= 0 (0: as fast as possible)");

    /**
     * Whether the generator includes its late-by-design records (false: the output is independent
     * of timing, e.g. for fault-tolerance tests that compare a restored run with ground truth).
     */
    public static final PropertySpec<Boolean> GENERATOR_LATE_RECORDS =
            PropertySpec.bool(GROUP, "generator.late.records").withDefault(true);

    /** The AWS region of every service the job uses. */
    public static final PropertySpec<String> REGION =
            PropertySpec.string("Aws", "region").withDefault("us-east-1");

    /** Endpoint overrides (local services); empty for the region's real endpoints. */
    public static final PropertySpec<String> KINESIS_ENDPOINT =
            PropertySpec.string("Aws", "kinesis.endpoint").withDefault("");

    public static final PropertySpec<String> DYNAMODB_ENDPOINT =
            PropertySpec.string("Aws", "dynamodb.endpoint").withDefault("");

    /** Where the job's AWS credentials come from. */
    public enum Credentials {
        /**
         * The SDK default chain: on MSF the application's service execution role; elsewhere
         * environment variables, system properties, the shared profile, container or instance role.
         */
        DEFAULT,
        /** The fixed key of {@code credentials.access.key.id} / {@code credentials.secret.key}. */
        BASIC
    }

    public static final PropertySpec<Credentials> CREDENTIALS =
            PropertySpec.enumValue("Aws", "credentials.provider", Credentials.class)
                    .withDefault(Credentials.DEFAULT);

    /** The access key id of {@code BASIC} credentials (local services only: never a real key). */
    public static final PropertySpec<String> ACCESS_KEY_ID =
            PropertySpec.string("Aws", "credentials.access.key.id").withDefault("");

    public static final PropertySpec<String> SECRET_KEY =
            PropertySpec.string("Aws", "credentials.secret.key").withDefault("");

    /**
     * Read the Kinesis input at parallelism 1 with watermarks punctuated from the records in the
     * order they arrive, as the generator's input is read (see {@link Input}): on a stream with one
     * shard, which records are late is then a function of the data alone. For replays and local
     * runs that compare with a ground truth; production streams with several shards keep the
     * default (per-shard watermarks with idleness, read in parallel).
     */
    public static final PropertySpec<Boolean> ORDERED =
            PropertySpec.bool(GROUP, "ordered").withDefault(false);

    private JobInput() {}

    /** The specs every job reads for its input and AWS connection. */
    public static List<PropertySpec<?>> properties() {
        return List.of(
                SOURCE,
                STREAM_ARN,
                INITIAL_POSITION,
                MAX_OUT_OF_ORDERNESS,
                IDLENESS,
                SHARD_DISCOVERY_INTERVAL,
                GENERATOR_SEED,
                GENERATOR_RATE,
                GENERATOR_LATE_RECORDS,
                REGION,
                KINESIS_ENDPOINT,
                DYNAMODB_ENDPOINT,
                CREDENTIALS,
                ACCESS_KEY_ID,
                SECRET_KEY,
                ORDERED);
    }

    /**
     * The decoded input of a job: Kinesis or {@code generator}, decoded into {@code type} with
     * event time from {@code eventTime}; records that break {@code contract} are dead letters
     * naming the requirement. Operator uids start with {@code name}.
     *
     * <p>Kinesis records get per-shard bounded-out-of-orderness watermarks with idleness. Generated
     * records are read, decoded and stamped at parallelism 1, with watermarks punctuated from the
     * data ({@code <name>-event-time}): see {@link Input} for why this makes the output of a
     * generated run independent of timing.
     */
    public static <T> Input<T> read(
            StreamExecutionEnvironment env,
            ApplicationProperties props,
            Class<T> type,
            TimestampExtractor<T> eventTime,
            InputContract<T> contract,
            Scenario generator,
            String name) {
        KinesisJsonSource.Builder<T> decoding =
                contract.declare(
                        KinesisSources.json(type)
                                .eventTime(eventTime, props.get(MAX_OUT_OF_ORDERNESS))
                                .idleness(props.get(IDLENESS)));
        if (props.get(SOURCE) == Source.GENERATOR) {
            DataStream<byte[]> raw =
                    env.fromSource(
                                    ScenarioSource.of(
                                            props.get(GENERATOR_LATE_RECORDS)
                                                    ? generator
                                                    : generator.withoutLateRecords(),
                                            props.get(GENERATOR_RATE)),
                                    WatermarkStrategy.noWatermarks(),
                                    name + "-generator")
                            .setParallelism(1)
                            .uid(name + "-generator");
            // The decoder's operators take the environment's parallelism when they are created:
            // create them at 1 so that they stay in the generator's order (one chain, no
            // exchange).
            int parallelism = env.getParallelism();
            DecodedStream<T> decoded;
            env.setParallelism(1);
            try {
                decoded = decoding.decode(raw, name);
            } finally {
                env.setParallelism(parallelism);
            }
            // The decoder's own watermarks are periodic (wall clock): this operator drops them and
            // emits watermarks punctuated from the records instead.
            SingleOutputStreamOperator<T> records =
                    decoded.records()
                            .assignTimestampsAndWatermarks(
                                    new DataWatermarks<>(
                                            eventTime, props.get(MAX_OUT_OF_ORDERNESS)))
                            .setParallelism(1)
                            .name(name + "-event-time")
                            .uid(name + "-event-time");
            return new Input<>(records, decoded.deadLetters(), true);
        }
        KinesisJsonSource<T> source = kinesisSource(props, decoding);
        if (!props.get(ORDERED)) {
            DecodedStream<T> decoded = source.addTo(env, name);
            return new Input<>(decoded.records(), decoded.deadLetters(), false);
        }
        // As the generator's input: source and decoder at parallelism 1, watermarks from the data.
        int parallelism = env.getParallelism();
        DecodedStream<T> decoded;
        env.setParallelism(1);
        try {
            decoded = source.addTo(env, name);
        } finally {
            env.setParallelism(parallelism);
        }
        SingleOutputStreamOperator<T> records =
                decoded.records()
                        .assignTimestampsAndWatermarks(
                                new DataWatermarks<>(eventTime, props.get(MAX_OUT_OF_ORDERNESS)))
                        .setParallelism(1)
                        .name(name + "-event-time")
                        .uid(name + "-event-time");
        return new Input<>(records, decoded.deadLetters(), true);
    }

    /**
     * The Kinesis source of {@code Input}'s properties: stream, connection, shard discovery and
     * start position, decoding as {@code decoding} declares.
     *
     * @throws IllegalArgumentException naming {@code Input.stream.arn} when it is empty
     */
    static <T> KinesisJsonSource<T> kinesisSource(
            ApplicationProperties props, KinesisJsonSource.Builder<T> decoding) {
        String arn = props.get(STREAM_ARN);
        if (arn.isEmpty()) {
            throw new IllegalArgumentException(
                    STREAM_ARN.name() + " is required when " + SOURCE.name() + " is KINESIS");
        }
        return decoding.streamArn(arn)
                .connection(connection(props, KINESIS_ENDPOINT))
                .shardDiscoveryInterval(props.get(SHARD_DISCOVERY_INTERVAL))
                .startPosition(
                        "TRIM_HORIZON".equals(props.get(INITIAL_POSITION))
                                ? StartPosition.trimHorizon()
                                : StartPosition.latest())
                .build();
    }

    /**
     * The connection to one AWS service: the region, {@code endpoint}'s override when set, and the
     * credentials of {@code Aws.credentials.provider} (default: the SDK default chain, which on MSF
     * is the application's role).
     *
     * @throws IllegalArgumentException naming the property when {@code BASIC} credentials lack a
     *     key
     */
    public static AwsConnection connection(
            ApplicationProperties props, PropertySpec<String> endpointSpec) {
        AwsConnection.Builder connection = AwsConnection.builder().region(props.get(REGION));
        String endpoint = props.get(endpointSpec);
        if (!endpoint.isEmpty()) {
            connection = connection.endpoint(URI.create(endpoint));
        }
        if (props.get(CREDENTIALS) == Credentials.BASIC) {
            for (PropertySpec<String> key : List.of(ACCESS_KEY_ID, SECRET_KEY)) {
                if (props.get(key).isEmpty()) {
                    throw new IllegalArgumentException(
                            key.name() + " is required when " + CREDENTIALS.name() + " is BASIC");
                }
            }
            connection =
                    connection.basicCredentials(props.get(ACCESS_KEY_ID), props.get(SECRET_KEY));
        }
        return connection.build();
    }
}
