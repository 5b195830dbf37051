package dev.streamkit.upgrade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The runs of {@link UpgradeJob}, each on a local MiniCluster in this JVM (either Flink line). */
public final class Runs {
    // option keys by name: their holder classes differ between the lines
    static final ConfigOption<String> SAVEPOINT_PATH =
            ConfigOptions.key("execution.savepoint.path").stringType().noDefaultValue();
    static final ConfigOption<Boolean> IGNORE_UNCLAIMED =
            ConfigOptions.key("execution.savepoint.ignore-unclaimed-state")
                    .booleanType()
                    .defaultValue(false);

    private Runs() {}

    static StreamExecutionEnvironment env(String backend, String restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (restoreFrom != null) {
            conf.set(SAVEPOINT_PATH, restoreFrom);
            // the writer's source (uid "source-phase1") is not part of the restored job
            conf.set(IGNORE_UNCLAIMED, true);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    /**
     * Phase 1: runs the job on {@link UpgradeData#PHASE1}, waits until the source emitted all of
     * it, and stops with a canonical savepoint (no drain: windows and timers stay in state).
     *
     * @return the savepoint path; {@link UpgradeJob#OUTPUT} holds what the job emitted before it
     */
    public static String writePhase1(String backend, String savepointDir) throws Exception {
        UpgradeJob.OUTPUT.clear();
        UpgradeJob.EMITTED.set(0);
        StreamExecutionEnvironment env = env(backend, null);
        UpgradeJob.build(env, UpgradeData.PHASE1, "source-phase1", true);
        JobClient client = env.executeAsync("upgrade writer (" + backend + ")");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (UpgradeJob.EMITTED.get() < UpgradeData.PHASE1.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "phase 1 not emitted in 3 min: " + UpgradeJob.EMITTED.get());
            }
            Thread.sleep(20);
        }
        // the savepoint barrier follows every phase-1 record; the gated source emits no more
        // retried while tasks still deploy ("not all required tasks are currently running")
        String path = null;
        while (path == null) {
            try {
                path =
                        client.stopWithSavepoint(false, savepointDir, SavepointFormatType.CANONICAL)
                                .get();
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        client.getJobExecutionResult().get();
        return path;
    }

    /** Runs the job on {@code input} to its end, restoring {@code savepoint} if not null. */
    public static List<String> runToEnd(
            String backend, List<Ev> input, String sourceUid, String savepoint) throws Exception {
        UpgradeJob.OUTPUT.clear();
        StreamExecutionEnvironment env = env(backend, savepoint);
        UpgradeJob.build(env, input, sourceUid, false);
        env.execute("upgrade " + sourceUid + " (" + backend + ")");
        return new ArrayList<>(UpgradeJob.OUTPUT);
    }
}
