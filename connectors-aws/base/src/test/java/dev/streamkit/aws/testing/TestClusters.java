package dev.streamkit.aws.testing;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** MiniCluster and job settings shared by the integration tests. */
public final class TestClusters {

    public static final int PARALLELISM = 2;

    private TestClusters() {}

    /** Two task managers with one slot each, metrics retained in {@code reporter}. */
    public static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        Configuration conf = new Configuration();
        if (reporter != null) {
            reporter.addToConfiguration(conf);
        }
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(PARALLELISM)
                        .setNumberSlotsPerTaskManager(1)
                        .setConfiguration(conf)
                        .build());
    }

    /** Parallelism 2, checkpoints every 500 ms, no Kryo, no restarts. */
    public static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(Duration.ofMillis(500).toMillis());
        return env;
    }

    /** Sum of a counter over all subtasks of a job. */
    public static long counterSum(InMemoryReporter reporter, JobID job, String name) {
        long sum = 0;
        for (Map.Entry<String, Metric> e : reporter.findMetrics(job, name).entrySet()) {
            if (e.getKey().endsWith("." + name) && e.getValue() instanceof Counter) {
                sum += ((Counter) e.getValue()).getCount();
            }
        }
        return sum;
    }

    /** Polls {@code condition} until true or fails after {@code timeout} with {@code what}. */
    public static void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.done()) {
                    return;
                }
            } catch (Exception e) {
                // e.g. an index that does not exist yet: not done, keep the reason for the report
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what, last);
            }
            Thread.sleep(250);
        }
    }

    /** A condition polled by {@link #await}. */
    public interface Check {
        boolean done() throws Exception;
    }
}
