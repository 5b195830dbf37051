package dev.streamkit.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.PreflightCheck;
import dev.streamkit.aws.config.ApplicationProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExampleTest {

    @TempDir Path dir;

    @Test
    void theReadmeJobBuildsFromALocalFileAndArguments() throws Exception {
        String arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/";
        Path file = dir.resolve("flink-application-properties-dev.json");
        Files.write(
                file,
                ("[{\"PropertyGroupId\":\"Aws\",\"PropertyMap\":{\"region\":\"eu-west-1\"}},"
                                + "{\"PropertyGroupId\":\"Input\",\"PropertyMap\":{\"stream.arn\":\""
                                + arn
                                + "orders\"}}]")
                        .getBytes(StandardCharsets.UTF_8));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ApplicationProperties props =
                ReadmeExample.load(
                        new String[] {
                            "--Output.stream.arn=" + arn + "orders-out",
                            "--DeadLetters.stream.arn=" + arn + "orders-dlq",
                            "--Output.table=orders",
                            "--Output.opensearch.endpoint=https://search-orders.eu-west-1.es.amazonaws.com"
                        },
                        file);
        ReadmeExample.build(env, props, AwsConnection.region("eu-west-1"));
        // the preflight is declared from the same properties (running it needs AWS)
        assertThat(ReadmeExample.preflight(props).checkList())
                .extracting(PreflightCheck::property)
                .containsExactly(
                        "Input.stream.arn",
                        "Output.stream.arn",
                        "DeadLetters.stream.arn",
                        "Output.table",
                        "Output.opensearch.endpoint");
        List<String> names = new ArrayList<>();
        for (StreamNode n : env.getStreamGraph().getStreamNodes()) {
            names.add(n.getOperatorName());
        }
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "Source: orders-source",
                        "orders-decode",
                        "orders-dlq: Writer",
                        "orders-out: Writer",
                        "orders-dynamodb: Writer",
                        "orders-opensearch: Writer");
    }
}
