package com.example.aws;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.dynamodb.DynamoDbPreflight;
import dev.streamkit.aws.dynamodb.DynamoDbSinks;
import dev.streamkit.aws.kinesis.DecodedStream;
import dev.streamkit.aws.kinesis.KinesisPreflight;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.aws.kinesis.KinesisSources;
import dev.streamkit.aws.kinesis.StartPosition;
import dev.streamkit.aws.opensearch.IndexNamer;
import dev.streamkit.aws.opensearch.OpenSearchPreflight;
import dev.streamkit.aws.opensearch.OpenSearchSinks;
import dev.streamkit.aws.opensearch.RejectedDocumentHandlers;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Every Java block of connectors-aws/README.md, compiled here with exactly the dependencies that
 * README declares (this project's pom): the complete job is this class's body; the other blocks are
 * the methods after it, whose parameters are the variables a block uses but does not declare.
 * ReadmeSnippetsCoverageTest (examples module) fails if a README block is not found here,
 * whitespace aside.
 */
public final class OrdersJob {
    private OrdersJob() {}

    static final PropertySpec<String> REGION = PropertySpec.string("Aws", "region");
    static final PropertySpec<String> INPUT_ARN = PropertySpec.string("Input", "stream.arn");
    static final PropertySpec<String> OUTPUT_ARN = PropertySpec.string("Output", "stream.arn");
    static final PropertySpec<String> DLQ_ARN = PropertySpec.string("DeadLetters", "stream.arn");
    static final PropertySpec<String> TABLE = PropertySpec.string("Output", "table");
    static final PropertySpec<String> SEARCH = PropertySpec.string("Output", "opensearch.endpoint");
    static final PropertySpec<Duration> OUT_OF_ORDERNESS =
            PropertySpec.duration("Input", "max.out.of.orderness")
                    .withDefault(Duration.ofSeconds(5))
                    .check(d -> !d.isNegative(), ">= 0");

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ApplicationProperties props =
                load(args, Paths.get("flink-application-properties-dev.json"));
        AwsConnection aws = AwsConnection.region(props.get(REGION));
        preflight(props).check(aws); // a missing stream/table fails here, naming the property
        build(env, props, aws);
        env.execute("orders");
    }

    static ApplicationProperties load(String[] args, Path localProperties) {
        return ApplicationProperties.loader()
                .localFile(localProperties)
                .args(args)
                .load(REGION, INPUT_ARN, OUTPUT_ARN, DLQ_ARN, TABLE, SEARCH, OUT_OF_ORDERNESS);
    }

    static Preflight preflight(ApplicationProperties props) {
        return Preflight.of(
                KinesisPreflight.stream(INPUT_ARN.name(), props.get(INPUT_ARN)),
                KinesisPreflight.stream(OUTPUT_ARN.name(), props.get(OUTPUT_ARN)),
                KinesisPreflight.stream(DLQ_ARN.name(), props.get(DLQ_ARN)),
                DynamoDbPreflight.table(TABLE.name(), props.get(TABLE), "orderId"),
                OpenSearchPreflight.endpoint(
                        SEARCH.name(),
                        URI.create(props.get(SEARCH)),
                        null, // daily indices are created on the fly
                        AwsConnection.region(props.get(REGION))));
    }

    static void build(
            StreamExecutionEnvironment env, ApplicationProperties props, AwsConnection aws) {
        DecodedStream<Order> orders =
                KinesisSources.json(Order.class)
                        .streamArn(props.get(INPUT_ARN))
                        .connection(aws)
                        .startPosition(StartPosition.trimHorizon())
                        .eventTime(Order::getEventTime, props.get(OUT_OF_ORDERNESS))
                        .idleness(Duration.ofMinutes(1))
                        .require("orderId", o -> o.getOrderId() != null)
                        .require("customerId", o -> o.getCustomerId() != null)
                        .require("amount >= 0", o -> o.getAmount() >= 0)
                        .build()
                        .addTo(env, "orders");

        orders.deadLetters()
                .sinkTo(
                        KinesisSinks.deadLetters()
                                .streamArn(props.get(DLQ_ARN))
                                .connection(aws)
                                .build())
                .name("orders-dlq")
                .uid("orders-dlq");
        orders.records()
                .sinkTo(
                        KinesisSinks.json(Order.class)
                                .streamArn(props.get(OUTPUT_ARN))
                                .connection(aws)
                                .partitionKey(Order::getCustomerId)
                                .build())
                .name("orders-out")
                .uid("orders-out");
        orders.records()
                .sinkTo(
                        DynamoDbSinks.upsert(Order.class)
                                .tableName(props.get(TABLE))
                                .partitionKey("orderId")
                                .connection(aws)
                                .build())
                .name("orders-dynamodb")
                .uid("orders-dynamodb");
        orders.records()
                .sinkTo(
                        OpenSearchSinks.json(Order.class)
                                .hosts(URI.create(props.get(SEARCH)))
                                .sigV4(aws)
                                .index(IndexNamer.daily("orders-", Order::getEventTime))
                                .documentId(Order::getOrderId)
                                .rejectedDocuments(
                                        RejectedDocumentHandlers.toKinesis(props.get(DLQ_ARN), aws))
                                .build())
                .name("orders-opensearch")
                .uid("orders-opensearch");
    }

    /** README "Input contracts": logins keyed by account, bad ones to the dead-letter stream. */
    static DecodedStream<Login> logins(
            StreamExecutionEnvironment env,
            ApplicationProperties props,
            AwsConnection aws,
            String dlqArn) {
        DecodedStream<Login> logins =
                KinesisSources.json(Login.class)
                        .streamArn(props.get(INPUT_ARN))
                        .connection(aws)
                        .eventTime(Login::getTimestamp, Duration.ofSeconds(5))
                        .require("accountId", e -> e.getAccountId() != null && !e.getAccountId().isEmpty())
                        .require("type", e -> e.getType() != null)
                        .require("timestamp > 0", e -> e.getTimestamp() > 0)
                        .build()
                        .addTo(env, "logins");
        logins.deadLetters().sinkTo(KinesisSinks.deadLetters().streamArn(dlqArn).connection(aws).build());
        logins.records().keyBy(Login::getAccountId); // never null here
        return logins;
    }

    /** README "Same decoding for records read another way": a replay through the source's decoding. */
    static DecodedStream<Order> replay(
            StreamExecutionEnvironment env, Source<byte[], ?, ?> replay) {
        DataStream<byte[]> raw = env.fromSource(replay, WatermarkStrategy.noWatermarks(), "replay");
        DecodedStream<Order> orders =
                KinesisSources.json(Order.class)
                        .eventTime(Order::getEventTime, Duration.ofSeconds(5))
                        .decode(raw, "orders");
        return orders;
    }

    /** README "Preflight": the job's resources checked before {@code execute()}. */
    static void checkResources(ApplicationProperties props, AwsConnection aws) {
        Preflight.of(
                        KinesisPreflight.stream("Input.stream.arn", props.get(INPUT_ARN)),
                        KinesisPreflight.stream("DeadLetters.stream.arn", props.get(DLQ_ARN)),
                        DynamoDbPreflight.table("Output.table", props.get(TABLE), "orderId"), // + sortKey overload
                        OpenSearchPreflight.endpoint(
                                "Output.opensearch.endpoint", URI.create(props.get(SEARCH)), null, aws))
                .check(aws);
    }
}
