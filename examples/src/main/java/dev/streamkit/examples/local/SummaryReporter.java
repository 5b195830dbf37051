package dev.streamkit.examples.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Keeps every counter of the local run's embedded cluster, including those of operators that have
 * finished, so the summary at the end reads the final counts of the job's own metrics. Local runs
 * only: one cluster per JVM.
 */
public final class SummaryReporter implements MetricReporter {
    private static final List<Registered> COUNTERS = new ArrayList<>();

    /** Registers the reporter under {@code metrics.reporter.summary.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new SummaryReporter();
        }
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter) {
            synchronized (COUNTERS) {
                COUNTERS.add(
                        new Registered(name, group.getMetricIdentifier(name), (Counter) metric));
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept on purpose: the summary wants the final count of finished operators
    }

    /** Forgets every counter: each local run starts from zero (one cluster per JVM at a time). */
    static void reset() {
        synchronized (COUNTERS) {
            COUNTERS.clear();
        }
    }

    /** The sum of counters named {@code name} whose identifier contains {@code scope} (or all). */
    static long sum(String name, String scope) {
        long total = 0;
        synchronized (COUNTERS) {
            for (Registered r : COUNTERS) {
                if (r.name.equals(name) && (scope == null || r.identifier.contains(scope))) {
                    total += r.counter.getCount();
                }
            }
        }
        return total;
    }

    private static final class Registered {
        final String name;
        final String identifier;
        final Counter counter;

        Registered(String name, String identifier, Counter counter) {
            this.name = name;
            this.identifier = identifier;
            this.counter = counter;
        }
    }
}
