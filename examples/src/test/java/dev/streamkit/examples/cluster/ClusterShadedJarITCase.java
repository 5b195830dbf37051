package dev.streamkit.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.examples.fraud.FraudScenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact users deploy, on a real cluster: the fraud example's shaded JAR is uploaded and run
 * through the REST API of a multi-process session cluster whose classpath is a Flink distribution's
 * {@code lib/} only (no Streamkit class), with its built-in deterministic generator and
 * exactly-once JSON-lines files as its sink. A TaskManager running its tasks is killed with {@code
 * kill -9} mid-stream, and the job is stopped with a savepoint and resumed from the JAR at
 * parallelism 3. In both cases the committed alerts equal the generator's ground truth exactly:
 * every injected fraud scenario alerts once, clean accounts never, nothing lost, nothing doubled
 * (the generator replays duplicates, so this also holds the dedup state across the failure).
 */
class ClusterShadedJarITCase {
    private static final long SEED = 11;
    private static final int ACCOUNTS = 150;
    private static final int SCENARIOS_PER_KIND = 2;
    // The generator spreads the scenario over this time: the kill and the savepoint follow the
    // first completed checkpoint (1 s interval, a few seconds after the job runs), the rest is the
    // margin a busy machine needs before the stream ends (40 s until session 17).
    private static final Duration RUN_TIME = Duration.ofSeconds(25);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(240);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path workDir;

    private static FlinkCluster cluster;
    private static String jarId;
    private static FraudScenario.Plan plan;

    @BeforeAll
    static void startClusterAndUploadJar() throws Exception {
        plan = FraudScenario.of(SEED, ACCOUNTS, SCENARIOS_PER_KIND).withoutLateRecords().plan();
        cluster = FlinkCluster.startDistribution(workDir.resolve("cluster"), 2, 2, Map.of());
        jarId = cluster.uploadJar(shadedJar());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fraudJarSurvivesATaskManagerKillWithExactAlerts() throws Exception {
        Path output = workDir.resolve("kill-output");
        JobID job = cluster.runJar(jarId, jobArgs(output), 2, null);
        cluster.awaitJobStatus(job, Duration.ofSeconds(120), JobStatus.RUNNING);
        cluster.awaitCompletedCheckpoints(job, 1, Duration.ofSeconds(120));
        assertThat(cluster.subtasksPerTaskManager(job))
                .as("both TaskManagers run tasks of the job")
                .hasSize(2);

        cluster.killTaskManager(0);
        cluster.startTaskManager();

        cluster.awaitJobStatus(job, JOB_TIMEOUT, JobStatus.FINISHED);
        assertThat(cluster.restoredCheckpointId(job))
                .as("the job restored from a checkpoint after the kill")
                .isPositive();
        assertAlertsEqualGroundTruth(readAlerts(output));
    }

    @Test
    void fraudJarResumesFromASavepointAtHigherParallelismWithExactAlerts() throws Exception {
        Path output = workDir.resolve("rescale-output");
        JobID first = cluster.runJar(jarId, jobArgs(output), 2, null);
        cluster.awaitJobStatus(first, Duration.ofSeconds(120), JobStatus.RUNNING);
        cluster.awaitCompletedCheckpoints(first, 1, Duration.ofSeconds(120));
        String savepoint =
                cluster.client()
                        .stopWithSavepoint(
                                first,
                                false,
                                cluster.savepointDir().toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(120, TimeUnit.SECONDS);
        cluster.awaitJobStatus(first, Duration.ofSeconds(120), JobStatus.FINISHED);
        List<JsonNode> beforeSavepoint = readAlerts(output);
        assertThat(beforeSavepoint.size())
                .as("the savepoint was taken mid-stream: some alerts are still to come")
                .isLessThan(expectedAlertCount());

        JobID second = cluster.runJar(jarId, jobArgs(output), 3, savepoint);
        cluster.awaitJobStatus(second, JOB_TIMEOUT, JobStatus.FINISHED);
        assertThat(cluster.restoredCheckpointId(second))
                .as("the resumed job restored the savepoint")
                .isPositive();

        // Alerts whose evidence straddles the savepoint need the restored pattern state, and the
        // replayed duplicates need the restored dedup state: only a continuous state is exact.
        assertAlertsEqualGroundTruth(readAlerts(output));
    }

    /**
     * The pattern groups of {@code conf/fraud-local.json} (the thresholds the scenario's ground
     * truth is built for) as {@code --group.key=value} arguments, as on a self-managed cluster,
     * then the generator and file-sink settings of this test.
     */
    private static List<String> jobArgs(Path output) throws IOException {
        List<String> args = new ArrayList<>();
        JsonNode groups = new ObjectMapper().readTree(Path.of("conf", "fraud-local.json").toFile());
        for (JsonNode group : groups) {
            String id = group.path("PropertyGroupId").asText();
            if (id.equals("Input") || id.equals("Output")) {
                continue;
            }
            group.path("PropertyMap")
                    .fields()
                    .forEachRemaining(
                            e ->
                                    args.add(
                                            "--"
                                                    + id
                                                    + "."
                                                    + e.getKey()
                                                    + "="
                                                    + e.getValue().asText()));
        }
        double rate = plan.records.size() / (double) RUN_TIME.toSeconds();
        args.addAll(
                List.of(
                        "--Input.source=GENERATOR",
                        "--Input.generator.seed=" + SEED,
                        "--Input.generator.records.per.second=" + rate,
                        "--Input.generator.late.records=false",
                        "--Fraud.generator.accounts=" + ACCOUNTS,
                        "--Fraud.generator.scenarios.per.kind=" + SCENARIOS_PER_KIND,
                        "--Output.sink=FILES",
                        "--Output.files.path=" + output.toUri(),
                        "--Job.checkpoint.interval=1 s"));
        return args;
    }

    private static int expectedAlertCount() {
        return plan.expectedAlerts.values().stream().mapToInt(TreeSet::size).sum();
    }

    private static void assertAlertsEqualGroundTruth(List<JsonNode> alerts) {
        List<String> alerted =
                alerts.stream()
                        .map(a -> a.path("accountId").asText() + " " + a.path("patternId").asText())
                        .sorted()
                        .collect(Collectors.toList());
        List<String> expected = new ArrayList<>();
        plan.expectedAlerts.forEach(
                (account, patterns) -> patterns.forEach(p -> expected.add(account + " " + p)));
        assertThat(expected).as("the scenario injects alerts").isNotEmpty();
        assertThat(alerted)
                .as("committed alerts (account, pattern), each exactly once (seed %d)", SEED)
                .containsExactlyInAnyOrderElementsOf(expected);
        for (JsonNode alert : alerts) {
            for (JsonNode evidence : alert.path("evidence")) {
                assertThat(evidence.asText())
                        .as("evidence belongs to the alerted account")
                        .startsWith(alert.path("accountId").asText() + "-");
            }
        }
        assertThat(plan.duplicates).as("the generator replays duplicates").isPositive();
    }

    /** The committed part files under {@code output/alerts} (in-progress files are hidden). */
    private static List<JsonNode> readAlerts(Path output) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        Path directory = output.resolve("alerts");
        if (!Files.isDirectory(directory)) {
            return alerts;
        }
        ObjectMapper mapper = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files =
                    walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .collect(Collectors.toList());
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    alerts.add(mapper.readTree(line));
                }
            }
        }
        return alerts;
    }

    private static Path shadedJar() {
        Path jar =
                Path.of(
                        "target",
                        "streamkit-examples-"
                                + System.getProperty("project.version")
                                + "-fraud.jar");
        assertThat(jar).as("the fraud example's shaded JAR (built by package)").exists();
        return jar;
    }
}
