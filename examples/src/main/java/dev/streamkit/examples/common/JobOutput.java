package dev.streamkit.examples.common;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.dynamodb.DynamoDbSinks;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.aws.kinesis.PartitionKeyExtractor;
import dev.streamkit.aws.opensearch.DocumentIdExtractor;
import dev.streamkit.aws.opensearch.IndexNamer;
import dev.streamkit.aws.opensearch.OpenSearchSinks;
import dev.streamkit.examples.local.ConsoleSink;
import java.net.URI;
import java.util.List;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.opensearch.sink.Opensearch2Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where example jobs write, from the property group {@value #GROUP}: the AWS services of the job,
 * or the console (local runs). Dead letters go to a Kinesis stream when {@code dlq.stream.arn} is
 * set; they are always counted ({@code numDeadLetters}).
 */
public final class JobOutput {
    public static final String GROUP = "Output";

    /** Where results go. */
    public enum Sink {
        AWS,
        CONSOLE
    }

    public static final PropertySpec<Sink> SINK = PropertySpec.enumValue(GROUP, "sink", Sink.class);
    public static final PropertySpec<String> DLQ_STREAM_ARN =
            PropertySpec.string(GROUP, "dlq.stream.arn").withDefault("");
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

    private JobOutput() {}

    public static List<PropertySpec<?>> properties() {
        return List.of(
                SINK,
                DLQ_STREAM_ARN,
                ALERTS_STREAM_ARN,
                DYNAMODB_TABLE,
                OPENSEARCH_ENDPOINT,
                OPENSEARCH_INDEX_PREFIX,
                OPENSEARCH_SIGV4);
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
            builder.sigV4(AwsConnection.region(props.get(JobInput.REGION)));
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
    public static <T> KinesisStreamsSink<T> alerts(
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
                    spec.name() + " is required when " + SINK.name() + " is AWS");
        }
        return value;
    }

    public static boolean console(ApplicationProperties props) {
        return props.get(SINK) == Sink.CONSOLE;
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
