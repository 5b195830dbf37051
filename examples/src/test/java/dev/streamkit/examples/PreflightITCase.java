package dev.streamkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.PreflightException;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.testing.DynamoDbLocal;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.OpenSearchLocal;
import dev.streamkit.examples.fraud.FraudDetectionJob;
import dev.streamkit.examples.iot.IotTelemetryJob;
import dev.streamkit.examples.local.ExampleJob;
import dev.streamkit.examples.local.Jobs;
import dev.streamkit.examples.local.TestJobs;
import dev.streamkit.examples.sessionization.SessionizationJob;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example jobs' deployment checks against the local services (no mocks): a missing stream, a
 * missing table, a table with another key, a stream in another region and an OpenSearch endpoint
 * that does not answer each fail before the job is submitted, with the property and the resource
 * named; the same checks pass when every resource exists.
 */
@ExtendWith(LocalServices.class)
class PreflightITCase {

    @Test
    void missingStreamAndTableFailBeforeSubmissionNamingPropertyAndResource() throws Exception {
        KinesisLocal kinesis = LocalServices.kinesis();
        DynamoDbLocal dynamo = LocalServices.dynamo();
        createStreams(kinesis, "pf-fraud-dlq", "pf-fraud-alerts");

        List<String> problems =
                problems(
                        new FraudDetectionJob(),
                        "--Input.source=KINESIS",
                        "--Input.stream.arn=" + KinesisLocal.arn("pf-no-such-input"),
                        "--Aws.kinesis.endpoint=" + kinesis.endpoint(),
                        "--Aws.dynamodb.endpoint=" + dynamo.endpoint(),
                        "--Output.sink=AWS",
                        "--Output.dlq.stream.arn=" + KinesisLocal.arn("pf-fraud-dlq"),
                        "--Output.alerts.stream.arn=" + KinesisLocal.arn("pf-fraud-alerts"),
                        "--Output.dynamodb.table=pf-no-such-table");

        assertThat(problems).hasSize(2);
        assertThat(problems)
                .anyMatch(p -> p.contains("Input.stream.arn") && p.contains("pf-no-such-input"))
                .anyMatch(
                        p -> p.contains("Output.dynamodb.table") && p.contains("pf-no-such-table"));
    }

    @Test
    void tableWithAnotherKeyAndStreamInAnotherRegionFailNamingPropertyAndResource()
            throws Exception {
        KinesisLocal kinesis = LocalServices.kinesis();
        DynamoDbLocal dynamo = LocalServices.dynamo();
        createStreams(kinesis, "pf-iot-input", "pf-iot-alerts");
        dynamo.createTable("pf-iot-wrong-key", "id");
        OpenSearchLocal openSearch = LocalServices.openSearch();
        String otherRegion = KinesisLocal.arn("pf-iot-input").replace(":us-east-1:", ":eu-west-1:");
        assertThat(otherRegion).contains(":eu-west-1:");

        List<String> problems =
                problems(
                        new IotTelemetryJob(),
                        "--Input.source=KINESIS",
                        "--Input.stream.arn=" + otherRegion,
                        "--Aws.kinesis.endpoint=" + kinesis.endpoint(),
                        "--Aws.dynamodb.endpoint=" + dynamo.endpoint(),
                        "--Output.sink=AWS",
                        "--Output.alerts.stream.arn=" + KinesisLocal.arn("pf-iot-alerts"),
                        "--Output.dynamodb.table=pf-iot-wrong-key",
                        "--Output.opensearch.endpoint=" + openSearch.endpoint(),
                        "--Output.opensearch.sigv4=false");

        assertThat(problems).hasSize(2);
        assertThat(problems)
                .anyMatch(p -> p.contains("Input.stream.arn") && p.contains("eu-west-1"))
                .anyMatch(
                        p ->
                                p.contains("Output.dynamodb.table")
                                        && p.contains("pf-iot-wrong-key")
                                        && p.contains("deviceId"));
    }

    @Test
    void openSearchThatDoesNotAnswerFailsAndExistingResourcesPass() throws Exception {
        KinesisLocal kinesis = LocalServices.kinesis();
        OpenSearchLocal openSearch = LocalServices.openSearch();
        createStreams(kinesis, "pf-clicks", "pf-clicks-dlq");
        String[] common = {
            "--Input.source=KINESIS",
            "--Input.stream.arn=" + KinesisLocal.arn("pf-clicks"),
            "--Aws.kinesis.endpoint=" + kinesis.endpoint(),
            "--Output.sink=AWS",
            "--Output.dlq.stream.arn=" + KinesisLocal.arn("pf-clicks-dlq"),
            "--Output.opensearch.sigv4=false"
        };

        List<String> problems =
                problems(
                        new SessionizationJob(),
                        concat(common, "--Output.opensearch.endpoint=http://127.0.0.1:9"));
        assertThat(problems)
                .singleElement()
                .satisfies(p -> assertThat(p).contains("Output.opensearch.endpoint", ":9"));

        assertThat(
                        problems(
                                new SessionizationJob(),
                                concat(
                                        common,
                                        "--Output.opensearch.endpoint=" + openSearch.endpoint())))
                .as("every resource exists")
                .isEmpty();
    }

    /** Builds {@code job} as deployed and returns what its preflight check reports (or nothing). */
    private static List<String> problems(ExampleJob job, String... overrides) {
        ApplicationProperties props = TestJobs.properties(job, overrides);
        StreamExecutionEnvironment env = TestJobs.env();
        job.build(env, props);
        try {
            Jobs.preflight(job, props);
            return List.of();
        } catch (PreflightException e) {
            assertThat(e).hasMessageContaining(e.problems().get(0));
            return e.problems();
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = b;
        return all;
    }

    private static void createStreams(KinesisLocal kinesis, String... streams) throws Exception {
        for (String stream : streams) {
            kinesis.client().createStream(r -> r.streamName(stream).shardCount(1));
        }
        for (String stream : streams) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!"ACTIVE"
                    .equals(
                            kinesis.client()
                                    .describeStreamSummary(r -> r.streamName(stream))
                                    .streamDescriptionSummary()
                                    .streamStatusAsString())) {
                assertThat(System.nanoTime()).as("%s active", stream).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }
}
