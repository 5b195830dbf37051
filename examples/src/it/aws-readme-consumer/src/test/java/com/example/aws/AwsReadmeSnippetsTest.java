package com.example.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.PreflightCheck;
import dev.streamkit.aws.PreflightException;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.kinesis.DecodedStream;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connectors-aws README's blocks, offline: the complete job (with the preflight it declares) and
 * the input-contract block are built into job graphs (running them needs AWS), the decode block is
 * run, and the preflight block is run against an endpoint where nothing listens, so it must report
 * every resource.
 */
class AwsReadmeSnippetsTest {
    private static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/";

    @TempDir Path dir;

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    }

    private ApplicationProperties props(String search) throws Exception {
        Path file = dir.resolve("flink-application-properties-dev.json");
        Files.write(
                file,
                ("[{\"PropertyGroupId\":\"Aws\",\"PropertyMap\":{\"region\":\"eu-west-1\"}},"
                                + "{\"PropertyGroupId\":\"Input\",\"PropertyMap\":{\"stream.arn\":\""
                                + ARN
                                + "orders\"}}]")
                        .getBytes(StandardCharsets.UTF_8));
        return OrdersJob.load(
                new String[] {
                    "--Output.stream.arn=" + ARN + "orders-out",
                    "--DeadLetters.stream.arn=" + ARN + "orders-dlq",
                    "--Output.table=orders",
                    "--Output.opensearch.endpoint=" + search
                },
                file);
    }

    private static List<String> operatorNames(StreamExecutionEnvironment env) {
        List<String> names = new ArrayList<>();
        for (StreamNode n : env.getStreamGraph().getStreamNodes()) {
            names.add(n.getOperatorName());
        }
        names.sort(null);
        return names;
    }

    @Test
    void theCompleteJobBuildsFromALocalFileAndArguments() throws Exception {
        StreamExecutionEnvironment env = env();
        ApplicationProperties props = props("https://search-orders.eu-west-1.es.amazonaws.com");
        OrdersJob.build(env, props, AwsConnection.region("eu-west-1"));
        // the preflight is declared from the same properties (running it needs AWS)
        List<String> checked = new ArrayList<>();
        for (PreflightCheck check : OrdersJob.preflight(props).checkList()) {
            checked.add(check.property());
        }
        assertEquals(
                List.of(
                        "Input.stream.arn",
                        "Output.stream.arn",
                        "DeadLetters.stream.arn",
                        "Output.table",
                        "Output.opensearch.endpoint"),
                checked);
        assertEquals(
                List.of(
                        "Source: orders-source",
                        "orders-decode",
                        "orders-dlq: Writer",
                        "orders-dynamodb: Writer",
                        "orders-opensearch: Writer",
                        "orders-out: Writer"),
                operatorNames(env));
    }

    @Test
    void theInputContractBlockBuildsLoginsWithADeadLetterSink() throws Exception {
        StreamExecutionEnvironment env = env();
        DecodedStream<Login> logins =
                OrdersJob.logins(
                        env,
                        props("https://search-orders.eu-west-1.es.amazonaws.com"),
                        AwsConnection.region("eu-west-1"),
                        ARN + "logins-dlq");
        logins.records().print();
        List<String> names = operatorNames(env);
        assertTrue(names.contains("Source: logins-source"), names.toString());
        assertTrue(names.contains("logins-decode"), names.toString());
    }

    @Test
    void theDecodeBlockDecodesOrdersAndDeadLettersTheRest() throws Exception {
        String[] input = {
            "{\"orderId\":\"o1\",\"customerId\":\"c1\",\"amount\":12.5,\"eventTime\":1000}",
            "{\"orderId\":",
            "{\"orderId\":\"o2\",\"customerId\":\"c2\",\"amount\":\"lots\",\"eventTime\":2000}"
        };
        StreamExecutionEnvironment env = env();
        DataGeneratorSource<byte[]> replay =
                new DataGeneratorSource<>(
                        i -> input[i.intValue()].getBytes(StandardCharsets.UTF_8),
                        input.length,
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DecodedStream<Order> orders = OrdersJob.replay(env, replay);
        List<String> decoded = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        try (CloseableIterator<Order> r = orders.records().collectAsync();
                CloseableIterator<KinesisDeadLetter> d = orders.deadLetters().collectAsync()) {
            env.execute();
            r.forEachRemaining(o -> decoded.add(o.getOrderId() + "/" + o.getAmount()));
            d.forEachRemaining(x -> deadLetters.add(x.getStream() + ":" + x.getErrorType()));
        }
        assertEquals(List.of("o1/12.5"), decoded);
        deadLetters.sort(null);
        assertEquals(
                List.of("orders:InvalidFormatException", "orders:JsonEOFException"), deadLetters);
    }

    @Test
    void thePreflightBlockReportsEveryResourceItCannotReach() throws Exception {
        AwsConnection nowhere =
                AwsConnection.builder()
                        .region("eu-west-1")
                        .endpoint(URI.create("http://127.0.0.1:1"))
                        .basicCredentials("test", "test")
                        .build();
        PreflightException e =
                assertThrows(
                        PreflightException.class,
                        () -> OrdersJob.checkResources(props("http://127.0.0.1:1"), nowhere));
        assertEquals(4, e.problems().size(), e.getMessage());
        for (String property :
                new String[] {
                    "Input.stream.arn",
                    "DeadLetters.stream.arn",
                    "Output.table",
                    "Output.opensearch.endpoint"
                }) {
            assertTrue(e.getMessage().contains("property '" + property + "'"), e.getMessage());
        }
    }
}
