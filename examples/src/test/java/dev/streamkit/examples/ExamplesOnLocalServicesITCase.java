package dev.streamkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.testing.DynamoDbLocal;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.OpenSearchLocal;
import dev.streamkit.examples.fraud.FraudDetectionJob;
import dev.streamkit.examples.fraud.FraudScenario;
import dev.streamkit.examples.iot.IotTelemetryJob;
import dev.streamkit.examples.iot.SensorReading;
import dev.streamkit.examples.iot.TelemetryScenario;
import dev.streamkit.examples.local.ExampleJob;
import dev.streamkit.examples.local.Jobs;
import dev.streamkit.examples.local.TestJobs;
import dev.streamkit.examples.sessionization.ClickstreamScenario;
import dev.streamkit.examples.sessionization.SessionSummary;
import dev.streamkit.examples.sessionization.SessionizationJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The three example jobs deployed the way they run on AWS (Kinesis in; Kinesis, DynamoDB and
 * OpenSearch out), against the local services, compared with their generators' ground truth read
 * back through each service's own API.
 *
 * <p>The generated records are written to a two-shard input stream with the entity (user, device,
 * account) as partition key, then one far-future record per partition key pushes every shard's
 * watermark past the end of the data. The scenarios leave out their hours-late records here: with
 * shards read at different speeds, which records are late is not determined by the data (the
 * generator-fed tests cover late data).
 */
@ExtendWith(LocalServices.class)
class ExamplesOnLocalServicesITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FAR_FUTURE = TelemetryScenario.START + Duration.ofDays(30).toMillis();
    private static final Duration TIMEOUT =
            Duration.ofSeconds(Long.getLong("e2e.timeout.seconds", 180));

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestJobs.miniCluster();

    @Test
    void iotWritesMinutesAlertsAndTheLatestDeviceStateToTheirServices() throws Exception {
        TelemetryScenario.Plan plan =
                TelemetryScenario.of(32, 6, Duration.ofHours(2)).withoutLateRecords().plan();
        KinesisLocal kinesis = LocalServices.kinesis();
        OpenSearchLocal openSearch = LocalServices.openSearch();
        DynamoDbLocal dynamo = LocalServices.dynamo();
        createStreams(kinesis, "e2e-telemetry", "e2e-iot-alerts", "e2e-iot-dlq");
        dynamo.createTable("e2e-devices", "deviceId");
        putAll(
                kinesis,
                "e2e-telemetry",
                plan.records,
                "deviceId",
                sentinel("deviceId", "\"readingId\":\"s\",\"temperature\":20.0"));
        Map<String, Long> minutesPerDevice = new HashMap<>();
        Map<String, SensorReading> last = new HashMap<>();
        for (SensorReading r : plan.readings) {
            minutesPerDevice.merge(r.deviceId + "@" + r.timestamp / 60_000, 1L, Long::sum);
            last.merge(r.deviceId, r, (a, b) -> a.timestamp >= b.timestamp ? a : b);
        }

        JobClient job =
                start(
                        new IotTelemetryJob(),
                        "--Input.source=KINESIS",
                        "--Input.stream.arn=" + KinesisLocal.arn("e2e-telemetry"),
                        "--Input.initial.position=TRIM_HORIZON",
                        "--Input.idleness=1 min",
                        "--Input.shard.discovery.interval=1 s",
                        "--Aws.kinesis.endpoint=" + kinesis.endpoint(),
                        "--Aws.dynamodb.endpoint=" + dynamo.endpoint(),
                        "--Output.sink=AWS",
                        "--Output.dlq.stream.arn=" + KinesisLocal.arn("e2e-iot-dlq"),
                        "--Output.alerts.stream.arn=" + KinesisLocal.arn("e2e-iot-alerts"),
                        "--Output.dynamodb.table=e2e-devices",
                        "--Output.opensearch.endpoint=" + openSearch.endpoint(),
                        "--Output.opensearch.index.prefix=e2e-telemetry-",
                        "--Output.opensearch.sigv4=false");
        try {
            await(() -> openSearch.searchAll("e2e-telemetry-*").size() >= minutesPerDevice.size());
            await(() -> kinesis.readAll("e2e-iot-alerts").size() >= plan.spikes.size());
            await(() -> kinesis.readAll("e2e-iot-dlq").size() >= plan.malformed);
            await(() -> lastReadings(dynamo).equals(lastReadingIds(last)));
        } finally {
            job.cancel().get();
        }

        Map<String, Long> written = new HashMap<>();
        for (JsonNode hit : openSearch.searchAll("e2e-telemetry-*")) {
            JsonNode m = hit.path("_source");
            written.put(
                    m.path("deviceId").asText() + "@" + m.path("windowStart").asLong() / 60_000,
                    m.path("readings").asLong());
        }
        assertThat(written).isEqualTo(minutesPerDevice);
        List<String> alerts = new ArrayList<>();
        for (Record r : kinesis.readAll("e2e-iot-alerts")) {
            JsonNode a = JSON.readTree(r.data().asUtf8String());
            alerts.add(a.path("deviceId").asText() + " " + a.path("windowEnd").asLong());
        }
        List<String> expectedAlerts = new ArrayList<>();
        for (SensorReading spike : plan.spikes) {
            expectedAlerts.add(spike.deviceId + " " + (spike.timestamp / 60_000 + 1) * 60_000);
        }
        assertThat(alerts).containsExactlyInAnyOrderElementsOf(expectedAlerts);
        assertThat(kinesis.readAll("e2e-iot-dlq")).hasSize(plan.malformed);
        assertThat(lastReadings(dynamo)).isEqualTo(lastReadingIds(last));
    }

    @Test
    void sessionizationWritesEverySessionToOpenSearchAndDeadLettersToKinesis() throws Exception {
        ClickstreamScenario.Plan plan = ClickstreamScenario.of(31, 150).withoutLateRecords().plan();
        KinesisLocal kinesis = LocalServices.kinesis();
        OpenSearchLocal openSearch = LocalServices.openSearch();
        createStreams(kinesis, "e2e-clicks", "e2e-clicks-dlq");
        putAll(
                kinesis,
                "e2e-clicks",
                plan.records,
                "userId",
                sentinel("userId", "\"page\":\"home\",\"action\":\"view\",\"eventId\":\"s\""));

        JobClient job =
                start(
                        new SessionizationJob(),
                        "--Input.source=KINESIS",
                        "--Input.stream.arn=" + KinesisLocal.arn("e2e-clicks"),
                        "--Input.initial.position=TRIM_HORIZON",
                        "--Input.idleness=1 min",
                        "--Input.shard.discovery.interval=1 s",
                        "--Aws.kinesis.endpoint=" + kinesis.endpoint(),
                        "--Output.sink=AWS",
                        "--Output.dlq.stream.arn=" + KinesisLocal.arn("e2e-clicks-dlq"),
                        "--Output.opensearch.endpoint=" + openSearch.endpoint(),
                        "--Output.opensearch.index.prefix=e2e-sessions-",
                        "--Output.opensearch.sigv4=false");
        try {
            await(() -> openSearch.searchAll("e2e-sessions-*").size() >= plan.sessions.size());
            await(() -> kinesis.readAll("e2e-clicks-dlq").size() >= plan.malformed);
        } finally {
            job.cancel().get();
        }

        List<SessionSummary> written = new ArrayList<>();
        for (JsonNode hit : openSearch.searchAll("e2e-sessions-*")) {
            written.add(JSON.treeToValue(hit.path("_source"), SessionSummary.class));
        }
        assertThat(written).containsExactlyInAnyOrderElementsOf(plan.sessions);
        assertThat(kinesis.readAll("e2e-clicks-dlq")).hasSize(plan.malformed);
    }

    @Test
    void fraudPublishesEveryAlertToKinesisAndTheLatestRiskToDynamoDb() throws Exception {
        FraudScenario.Plan plan = FraudScenario.of(33, 60, 1).withoutLateRecords().plan();
        KinesisLocal kinesis = LocalServices.kinesis();
        DynamoDbLocal dynamo = LocalServices.dynamo();
        createStreams(kinesis, "e2e-account-events", "e2e-fraud-alerts", "e2e-fraud-dlq");
        dynamo.createTable("e2e-risk", "accountId");
        putAll(
                kinesis,
                "e2e-account-events",
                plan.records,
                "accountId",
                sentinel(
                        "accountId",
                        "\"eventId\":\"s\",\"type\":\"login_success\",\"amount\":0,\"latitude\":0,\"longitude\":0"));
        int expectedAlerts = plan.expectedAlerts.values().stream().mapToInt(TreeSet::size).sum();
        TreeSet<String> accountsWithTransactions = new TreeSet<>();
        plan.events.stream()
                .filter(e -> "transaction".equals(e.type))
                .forEach(e -> accountsWithTransactions.add(e.accountId));

        JobClient job =
                start(
                        new FraudDetectionJob(),
                        "--Input.source=KINESIS",
                        "--Input.stream.arn=" + KinesisLocal.arn("e2e-account-events"),
                        "--Input.initial.position=TRIM_HORIZON",
                        "--Input.idleness=1 min",
                        "--Input.shard.discovery.interval=1 s",
                        "--Aws.kinesis.endpoint=" + kinesis.endpoint(),
                        "--Aws.dynamodb.endpoint=" + dynamo.endpoint(),
                        "--Output.sink=AWS",
                        "--Output.dlq.stream.arn=" + KinesisLocal.arn("e2e-fraud-dlq"),
                        "--Output.alerts.stream.arn=" + KinesisLocal.arn("e2e-fraud-alerts"),
                        "--Output.dynamodb.table=e2e-risk");
        try {
            await(() -> kinesis.readAll("e2e-fraud-alerts").size() >= expectedAlerts);
            await(() -> kinesis.readAll("e2e-fraud-dlq").size() >= plan.malformed);
            await(() -> dynamo.scan("e2e-risk").size() >= accountsWithTransactions.size());
        } finally {
            job.cancel().get();
        }

        Map<String, TreeSet<String>> alerted = new TreeMap<>();
        for (Record r : kinesis.readAll("e2e-fraud-alerts")) {
            JsonNode a = JSON.readTree(r.data().asUtf8String());
            alerted.computeIfAbsent(a.path("accountId").asText(), k -> new TreeSet<>())
                    .add(a.path("patternId").asText());
        }
        assertThat(alerted).isEqualTo(new TreeMap<>(plan.expectedAlerts));
        assertThat(kinesis.readAll("e2e-fraud-alerts")).hasSize(expectedAlerts);
        assertThat(kinesis.readAll("e2e-fraud-dlq")).hasSize(plan.malformed);
        TreeSet<String> riskAccounts = new TreeSet<>();
        for (Map<String, AttributeValue> item : dynamo.scan("e2e-risk")) {
            riskAccounts.add(item.get("accountId").s());
        }
        assertThat(riskAccounts).isEqualTo(accountsWithTransactions);
    }

    private static JobClient start(ExampleJob job, String... overrides) throws Exception {
        ApplicationProperties props = TestJobs.properties(job, overrides);
        StreamExecutionEnvironment env = TestJobs.env();
        job.build(env, props);
        Jobs.preflight(job, props); // as deployed: every resource exists, so it passes
        return env.executeAsync(job.name());
    }

    private static void createStreams(KinesisLocal kinesis, String input, String... outputs)
            throws Exception {
        kinesis.client().createStream(r -> r.streamName(input).shardCount(2));
        for (String out : outputs) {
            kinesis.client().createStream(r -> r.streamName(out).shardCount(1));
        }
        List<String> all = new ArrayList<>(List.of(outputs));
        all.add(input);
        for (String stream : all) {
            await(
                    () ->
                            kinesis.client()
                                            .describeStreamSummary(r -> r.streamName(stream))
                                            .streamDescriptionSummary()
                                            .streamStatus()
                                    == StreamStatus.ACTIVE);
        }
    }

    /** The JSON of a far-future record of entity {@code %s} (the entity field and its value). */
    private static String sentinel(String entityField, String otherFields) {
        return "{\""
                + entityField
                + "\":\"%s\",\"timestamp\":"
                + FAR_FUTURE
                + ","
                + otherFields
                + "}";
    }

    /**
     * Writes {@code records} in order, each with its entity as partition key (malformed ones with a
     * fixed key), then a far-future record for twenty partition keys so every shard gets one.
     */
    private static void putAll(
            KinesisLocal kinesis,
            String stream,
            List<String> records,
            String entityField,
            String sentinelFormat) {
        Pattern entity = Pattern.compile("\"" + entityField + "\":\"([^\"]+)\"");
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (String record : records) {
            Matcher m = entity.matcher(record);
            batch.add(entry(m.find() ? m.group(1) : "malformed", record));
            if (batch.size() == 500) {
                put(kinesis, stream, batch);
            }
        }
        for (int i = 0; i < 20; i++) {
            String key = "sentinel-" + i;
            batch.add(entry(key, String.format(sentinelFormat, key)));
        }
        put(kinesis, stream, batch);
    }

    private static PutRecordsRequestEntry entry(String partitionKey, String data) {
        return PutRecordsRequestEntry.builder()
                .partitionKey(partitionKey)
                .data(SdkBytes.fromString(data, StandardCharsets.UTF_8))
                .build();
    }

    private static void put(
            KinesisLocal kinesis, String stream, List<PutRecordsRequestEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int failed =
                kinesis.client()
                        .putRecords(r -> r.streamName(stream).records(batch))
                        .failedRecordCount();
        assertThat(failed).as("records Kinesis refused").isZero();
        batch.clear();
    }

    private static Map<String, String> lastReadings(DynamoDbLocal dynamo) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : dynamo.scan("e2e-devices")) {
            String device = item.get("deviceId").s();
            if (!device.startsWith("sentinel-")) {
                out.put(device, item.get("readingId").s());
            }
        }
        return out;
    }

    private static Map<String, String> lastReadingIds(Map<String, SensorReading> last) {
        Map<String, String> out = new TreeMap<>();
        last.forEach((device, r) -> out.put(device, r.readingId));
        return out;
    }

    /** What the test waits for, for the timeout message. */
    private static final ThreadLocal<String> progress = ThreadLocal.withInitial(() -> "");

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Boolean done;
            try {
                done = condition.call();
            } catch (Exception notYet) {
                done = false;
            }
            if (Boolean.TRUE.equals(done)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "Timed out after " + TIMEOUT + " waiting for results: " + progress.get());
            }
            Thread.sleep(500);
        }
    }
}
