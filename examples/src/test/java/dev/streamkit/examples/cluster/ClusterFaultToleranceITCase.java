package dev.streamkit.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault tolerance on a real multi-process Flink cluster (JobManager and two TaskManagers in their
 * own JVMs, RocksDB, incremental checkpoints): a TaskManager running tasks is killed with {@code
 * kill -9} mid-stream, and a job is stopped with a savepoint and resumed at another parallelism.
 * The semantics check ({@link SequenceCheckJob}) proves exactly-once state in both cases.
 */
class ClusterFaultToleranceITCase {
    private static final int KEYS = 20;
    private static final long PER_KEY = 1_500;
    private static final long TOTAL = KEYS * PER_KEY;
    private static final double RATE = 2_000;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

    @TempDir static Path workDir;
    private static FlinkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = FlinkCluster.start(workDir.resolve("cluster"), 2, 2, Map.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingATaskManagerMidStreamLosesAndDoublesNothing() throws Exception {
        Path output = workDir.resolve("kill-output");
        JobID job = cluster.submit(SequenceCheckJob.build(TOTAL, KEYS, RATE, 4, output));
        cluster.awaitJobStatus(job, Duration.ofSeconds(60), JobStatus.RUNNING);
        cluster.awaitCompletedCheckpoints(job, 2, Duration.ofSeconds(60));
        Map<String, Integer> placement = cluster.subtasksPerTaskManager(job);
        assertThat(placement).as("both TaskManagers run tasks").hasSize(2);

        cluster.killTaskManager(0);
        cluster.startTaskManager();

        cluster.awaitJobStatus(job, JOB_TIMEOUT, JobStatus.FINISHED);
        assertThat(cluster.restoredCheckpointId(job))
                .as("the job restored from a checkpoint after the kill")
                .isPositive();
        assertExactlyOnce(readSummaries(output), PER_KEY);
    }

    @Test
    void stopWithSavepointAndResumeAtHigherParallelismKeepsEveryKeysState() throws Exception {
        Path output = workDir.resolve("rescale-output");
        JobID first = cluster.submit(SequenceCheckJob.build(TOTAL, KEYS, RATE, 2, output));
        cluster.awaitJobStatus(first, Duration.ofSeconds(60), JobStatus.RUNNING);
        cluster.awaitCompletedCheckpoints(first, 2, Duration.ofSeconds(60));
        String savepoint =
                cluster.client()
                        .stopWithSavepoint(
                                first,
                                false,
                                cluster.savepointDir().toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        cluster.awaitJobStatus(first, Duration.ofSeconds(60), JobStatus.FINISHED);
        assertThat(readSummaries(output)).as("no key finished before the savepoint").isEmpty();

        JobGraph resumed = SequenceCheckJob.build(TOTAL, KEYS, RATE, 3, output);
        resumed.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        JobID second = cluster.submit(resumed);
        cluster.awaitJobStatus(second, JOB_TIMEOUT, JobStatus.FINISHED);

        // Each key's count continues from the savepoint: only restored state reaches PER_KEY.
        assertExactlyOnce(readSummaries(output), PER_KEY);
    }

    private static void assertExactlyOnce(List<String> summaries, long perKey) {
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            expected.add(key + "," + perKey + ",0,0");
        }
        assertThat(summaries)
                .as("key,count,duplicates,gaps for every key, exactly once")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> readSummaries(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
