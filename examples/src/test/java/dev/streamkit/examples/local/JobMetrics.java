package dev.streamkit.examples.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The counters of a job run on a MiniCluster with the local run's {@link SummaryReporter}: tests
 * read the job's own metrics (also of finished operators) the way the local summary does. One such
 * cluster per JVM at a time.
 */
public final class JobMetrics {
    private JobMetrics() {}

    /** Like {@link TestJobs#miniCluster()}, with every counter kept by {@link SummaryReporter}. */
    public static MiniClusterExtension miniCluster() {
        Configuration config = new Configuration();
        config.setString(
                "metrics.reporter.summary.factory.class", SummaryReporter.Factory.class.getName());
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(config)
                        .setNumberTaskManagers(2)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /** Forgets every counter; call before each job. */
    public static void reset() {
        SummaryReporter.reset();
    }

    /** {@code metric} summed over every operator and subtask that has it. */
    public static long sum(String metric) {
        return SummaryReporter.sum(metric, null);
    }

    /** {@code metric} summed over the operators whose identifier contains {@code operator}. */
    public static long sum(String metric, String operator) {
        return SummaryReporter.sum(metric, operator);
    }
}
