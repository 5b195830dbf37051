package com.example.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.kinesis.DecodedStream;
import dev.streamkit.aws.kinesis.KinesisPreflight;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.aws.kinesis.KinesisSources;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** What a Kinesis-only user gets from streamkit-connectors-aws-kinesis and nothing else. */
class KinesisOnlyTest {

    private static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/";

    /** The consumer's own event type. */
    public static class Click {
        public String id;
        public String user;
        public long time;

        public Click() {}
    }

    @Test
    void aKinesisJobBuildsWithOnlyTheKinesisModule() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        AwsConnection aws = AwsConnection.region("eu-west-1");
        DecodedStream<Click> clicks =
                KinesisSources.json(Click.class)
                        .streamArn(ARN + "clicks")
                        .connection(aws)
                        .eventTime(c -> c.time, Duration.ofSeconds(5))
                        .require("user", c -> c.user != null)
                        .build()
                        .addTo(env, "clicks");
        clicks.deadLetters()
                .sinkTo(KinesisSinks.deadLetters().streamArn(ARN + "dlq").connection(aws).build())
                .name("clicks-dlq")
                .uid("clicks-dlq");
        clicks.records()
                .sinkTo(
                        KinesisSinks.json(Click.class)
                                .streamArn(ARN + "clicks-out")
                                .connection(aws)
                                .partitionKey(c -> c.user)
                                .build())
                .name("clicks-out")
                .uid("clicks-out");
        Preflight preflight =
                Preflight.of(
                        KinesisPreflight.stream("Input.stream.arn", ARN + "clicks"),
                        KinesisPreflight.stream("Output.stream.arn", ARN + "clicks-out"));
        assertEquals(2, preflight.checkList().size());

        List<String> names = new ArrayList<>();
        for (StreamNode n : env.getStreamGraph().getStreamNodes()) {
            names.add(n.getOperatorName());
        }
        names.sort(null);
        assertEquals(
                List.of(
                        "Source: clicks-source",
                        "clicks-decode",
                        "clicks-dlq: Writer",
                        "clicks-out: Writer"),
                names);
    }

    @Test
    void theRuntimeClasspathHasNoOpenSearchLuceneOrDynamoDbJar() throws Exception {
        String classpath =
                new String(
                                Files.readAllBytes(Paths.get(System.getProperty("runtime.classpath"))),
                                StandardCharsets.UTF_8)
                        .trim();
        List<String> jars = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            jars.add(Paths.get(entry).getFileName().toString());
        }
        System.out.println("runtime classpath (" + jars.size() + " jars): " + jars);
        // the check is meaningful: the Kinesis module and its connector are on it
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("streamkit-connectors-aws-kinesis-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("flink-connector-kinesis-")), jars.toString());
        for (String jar : jars) {
            String name = jar.toLowerCase(Locale.ROOT);
            assertFalse(name.contains("opensearch"), "OpenSearch jar on a Kinesis-only classpath: " + jar);
            assertFalse(name.contains("lucene"), "Lucene jar on a Kinesis-only classpath: " + jar);
            assertFalse(name.contains("dynamodb"), "DynamoDB jar on a Kinesis-only classpath: " + jar);
        }
    }
}
