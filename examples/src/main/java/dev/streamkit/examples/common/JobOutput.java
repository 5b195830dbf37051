package dev.streamkit.examples.common;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.dynamodb.DynamoDbPreflight;
import dev.streamkit.aws.dynamodb.DynamoDbSinks;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.aws.kinesis.KinesisPreflight;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.aws.kinesis.PartitionKeyExtractor;
import dev.streamkit.aws.opensearch.DocumentIdExtractor;
import dev.streamkit.aws.opensearch.IndexNamer;
import dev.streamkit.aws.opensearch.OpenSearchPreflight;
import dev.streamkit.aws.opensearch.OpenSearchSinks;
import dev.streamkit.examples.local.ConsoleSink;
import dev.streamkit.windows.LateEvent;
import java.net.URI;
import java.util.List;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.opensearch.sink.Opensearch2Sink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Where example jobs write, from the property group {@value #GROUP}: the AWS services of the job,
 * JSON-lines files under {@code files.path} (a local directory or {@code s3://bucket/prefix}), or
 * the console (local runs). Dead letters go to a Kinesis stream when {@code dlq.stream.arn} is set
 * (to files in {@code FILES} mode); they are always counted ({@code numDeadLetters}).
 */
public final class JobOutput {
    public static final String GROUP = "Output";

    /** Where results go. */
    public enum Sink {
        AWS,
        /** JSON lines under {@code files.path}, committed on every checkpoint: exactly-once. */
        FILES,
        CONSOLE
    }

    public static final PropertySpec<Sink> SINK = PropertySpec.enumValue(GROUP, "sink", Sink.class);
    public static final PropertySpec<String> DLQ_STREAM_ARN =
            PropertySpec.string(GROUP, "dlq.stream.arn").withDefault("");

    /**
     * Late events (behind the watermark; as {@code LateEvent} JSON) go to this Kinesis stream in
     * {@code AWS} mode; empty: they are only counted.
     */
    public static final PropertySpec<String> LATE_STREAM_ARN =
            PropertySpec.string(GROUP, "late.stream.arn").withDefault("");

    public static final PropertySpec<String> ALERTS_STREAM_ARN =
            PropertySpec.string(GROUP, "alerts.stream.arn").withDefault("");
    public static final PropertySpec<String> DYNAMODB_TABLE =
            PropertySpec.string(GROUP, "dynamodb.table").withDefault("");
    public static final PropertySpec<String> OPENSEARCH_ENDPOINT =
            PropertySpec.string(GROUP, "opensearch.endpoint").withDefault("");

    /** Empty: the job's own prefix ({@code sessions-}, {@code telemetry-}). */
    public static final PropertySpec<String> OPENSEARCH_INDEX_PREFIX =
            PropertySpec.string(GROUP, "opensearch.index.prefix").withDefault("");

    public static final PropertySpec<Boolean> OPENSEARCH_SIGV4 =
            PropertySpec.bool(GROUP, "opensearch.sigv4").withDefault(true);

    /** The base directory of {@code FILES} mode: one sub-directory per output. */
    public static final PropertySpec<String> FILES_PATH =
            PropertySpec.string(GROUP, "files.path").withDefault("");

    private JobOutput() {}

    public static List<PropertySpec<?>> properties() {
        return List.of(
                SINK,
                DLQ_STREAM_ARN,
                LATE_STREAM_ARN,
                ALERTS_STREAM_ARN,
                DYNAMODB_TABLE,
                OPENSEARCH_ENDPOINT,
                OPENSEARCH_INDEX_PREFIX,
                OPENSEARCH_SIGV4,
                FILES_PATH);
    }

    /**
     * One document per record in daily indices ({@code opensearch.index.prefix}, else {@code
     * defaultPrefix}, plus the event date), with a deterministic id, SigV4-signed unless {@code
     * opensearch.sigv4} is false.
     */
    public static <T> Opensearch2Sink<T> openSearch(
            ApplicationProperties props,
            Class<T> type,
            String defaultPrefix,
            IndexNamer.EventTime<T> eventTime,
            DocumentIdExtractor<T> documentId) {
        String prefix = props.get(OPENSEARCH_INDEX_PREFIX);
        OpenSearchSinks.Builder<T> builder =
                OpenSearchSinks.json(type)
                        .hosts(URI.create(required(props, OPENSEARCH_ENDPOINT)))
                        .index(
                                IndexNamer.daily(
                                        prefix.isEmpty() ? defaultPrefix : prefix, eventTime))
                        .documentId(documentId);
        if (props.get(OPENSEARCH_SIGV4)) {
            builder = builder.sigV4(AwsConnection.region(props.get(JobInput.REGION)));
        }
        return builder.build();
    }

    /**
     * Upserts the latest record per {@code partitionKey} into {@code dynamodb.table}. One request
     * in flight keeps a key's versions in order, so the item is always the latest one.
     */
    public static <T> DynamoDbSink<T> latestItem(
            ApplicationProperties props, Class<T> type, String partitionKey) {
        return DynamoDbSinks.upsert(type)
                .tableName(required(props, DYNAMODB_TABLE))
                .partitionKey(partitionKey)
                .connection(JobInput.connection(props, JobInput.DYNAMODB_ENDPOINT))
                .maxInFlightRequests(1)
                .build();
    }

    /** JSON records to {@code alerts.stream.arn}, partitioned by {@code partitionKey}. */
    public static <T> org.apache.flink.api.connector.sink2.Sink<T> alerts(
            ApplicationProperties props, Class<T> type, PartitionKeyExtractor<T> partitionKey) {
        return KinesisSinks.json(type)
                .streamArn(required(props, ALERTS_STREAM_ARN))
                .connection(JobInput.connection(props, JobInput.KINESIS_ENDPOINT))
                .partitionKey(partitionKey)
                .build();
    }

    private static String required(ApplicationProperties props, PropertySpec<String> spec) {
        String value = props.get(spec);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    spec.name() + " is required when " + SINK.name() + " is " + props.get(SINK));
        }
        return value;
    }

    /** Whether results go to the job's AWS services. */
    public static boolean aws(ApplicationProperties props) {
        return props.get(SINK) == Sink.AWS;
    }

    /** Adds the check of {@code alerts.stream.arn} to {@code checks} in AWS mode. */
    public static Preflight alertsStream(Preflight checks, ApplicationProperties props) {
        return aws(props)
                ? checks.and(
                        KinesisPreflight.stream(
                                ALERTS_STREAM_ARN.name(),
                                props.get(ALERTS_STREAM_ARN),
                                JobInput.connection(props, JobInput.KINESIS_ENDPOINT)))
                : checks;
    }

    /**
     * Adds the check of {@code dynamodb.table} (exists, key schema exactly {@code partitionKey}) to
     * {@code checks} in AWS mode.
     */
    public static Preflight table(
            Preflight checks, ApplicationProperties props, String partitionKey) {
        return aws(props)
                ? checks.and(
                        DynamoDbPreflight.table(
                                DYNAMODB_TABLE.name(),
                                props.get(DYNAMODB_TABLE),
                                partitionKey,
                                null,
                                JobInput.connection(props, JobInput.DYNAMODB_ENDPOINT)))
                : checks;
    }

    /** Adds the check that {@code opensearch.endpoint} answers to {@code checks} in AWS mode. */
    public static Preflight openSearch(Preflight checks, ApplicationProperties props) {
        if (!aws(props)) {
            return checks;
        }
        return checks.and(
                OpenSearchPreflight.endpoint(
                        OPENSEARCH_ENDPOINT.name(),
                        URI.create(required(props, OPENSEARCH_ENDPOINT)),
                        null,
                        props.get(OPENSEARCH_SIGV4)
                                ? AwsConnection.region(props.get(JobInput.REGION))
                                : null));
    }

    public static boolean console(ApplicationProperties props) {
        return props.get(SINK) == Sink.CONSOLE;
    }

    public static boolean files(ApplicationProperties props) {
        return props.get(SINK) == Sink.FILES;
    }

    /**
     * Writes {@code stream} as JSON lines under {@code files.path/output/} (hourly directories of
     * processing time, part files named after {@code output}). Part files roll and commit on every
     * checkpoint, so the committed files hold each record exactly once, also across failures and
     * restores; in-progress files are hidden ({@code .part-...}) until committed.
     */
    public static <T> void files(DataStream<T> stream, ApplicationProperties props, String output) {
        FileSink<T> sink =
                FileSink.forRowFormat(
                                new Path(required(props, FILES_PATH) + "/" + output),
                                new JsonLinesEncoder<T>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(
                                OutputFileConfig.builder()
                                        .withPartPrefix(output)
                                        .withPartSuffix(".jsonl")
                                        .build())
                        .build();
        stream.sinkTo(sink).name("files-" + output).uid("files-" + output);
    }

    /**
     * Routes late events in {@code AWS} and {@code FILES} mode: to {@code late.stream.arn} as
     * {@link LateEvent} JSON partitioned by {@code partitionKey} of the event, to {@code
     * files.path/late/}, or nowhere (counted only) when no late stream is configured. Console runs
     * print them themselves.
     */
    public static <T> void late(
            DataStream<LateEvent<T>> late,
            ApplicationProperties props,
            String name,
            PartitionKeyExtractor<T> partitionKey) {
        if (files(props)) {
            files(late, props, "late");
        } else if (aws(props) && !props.get(LATE_STREAM_ARN).isEmpty()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            org.apache.flink.api.connector.sink2.Sink<LateEvent<T>> sink =
                    (org.apache.flink.api.connector.sink2.Sink)
                            KinesisSinks.json(LateEvent.class)
                                    .streamArn(props.get(LATE_STREAM_ARN))
                                    .connection(
                                            JobInput.connection(props, JobInput.KINESIS_ENDPOINT))
                                    .partitionKey(new LatePartitionKey<>(partitionKey))
                                    .build();
            late.sinkTo(sink).name(name).uid(name);
        }
    }

    /** Routes dead letters: console, a Kinesis dead-letter stream, or counted only. */
    public static void deadLetters(
            DataStream<KinesisDeadLetter> deadLetters, ApplicationProperties props, String name) {
        if (console(props)) {
            deadLetters
                    .map(d -> d.getErrorType() + ": " + d.getReason())
                    .name(name + "-describe")
                    .uid(name + "-describe")
                    .sinkTo(new ConsoleSink<>("dead-letter"))
                    .name(name)
                    .uid(name);
        } else if (files(props)) {
            files(deadLetters, props, "dead-letters");
        } else if (!props.get(DLQ_STREAM_ARN).isEmpty()) {
            deadLetters
                    .sinkTo(
                            KinesisSinks.deadLetters()
                                    .streamArn(props.get(DLQ_STREAM_ARN))
                                    .connection(
                                            JobInput.connection(props, JobInput.KINESIS_ENDPOINT))
                                    .build())
                    .name(name)
                    .uid(name);
        }
    }
}
