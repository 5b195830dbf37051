package dev.streamkit.examples.local;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import java.nio.file.Paths;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Shared set-up of the example jobs' end-to-end tests. */
public final class TestJobs {
    public static final int PARALLELISM = 2;

    private TestJobs() {}

    /** A MiniCluster of two TaskManagers with two slots each. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(2)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /**
     * Parallelism 2, checkpoints every 500 ms, generic types off, no restarts, watermarks every 20
     * ms and no network buffering: with a rate-limited generator (see {@link #rate}) the watermark
     * then trails the data by a few dozen records, as on a real stream where event time advances
     * with wall time, so "hours late" is late in every run however fast the machine is.
     */
    public static StreamExecutionEnvironment env() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(500);
        env.getConfig().setAutoWatermarkInterval(20);
        env.setBufferTimeout(0);
        return env;
    }

    /**
     * The job's properties as {@code ./run-example} reads them ({@code conf/<job>-local.json}),
     * with {@code --group.key=value} overrides.
     */
    public static ApplicationProperties properties(ExampleJob job, String... overrides) {
        return ApplicationProperties.loader()
                .useMsfRuntime(false)
                .localFile(Paths.get("conf", job.name() + "-local.json"))
                .args(overrides)
                .load(job.properties().toArray(new PropertySpec<?>[0]));
    }
}
