package dev.streamkit.examples.local;

import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.ApplicationPropertiesLoader;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.kinesis.KinesisPreflight;
import dev.streamkit.examples.common.JobInput;
import dev.streamkit.examples.common.JobOutput;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What every example job shares: its deployed entry point (properties from MSF, or a local JSON
 * file given with {@code --properties FILE}) and the job-level settings of the property group
 * {@value #GROUP}.
 */
public final class Jobs {
    public static final String GROUP = "Job";

    public static final PropertySpec<Duration> CHECKPOINT_INTERVAL =
            PropertySpec.duration(GROUP, "checkpoint.interval")
                    .withDefault(Duration.ofSeconds(60))
                    .check(d -> d.toMillis() >= 100, ">= 100 ms");

    private Jobs() {}

    /** Every job's input, output and job-level specs followed by {@code jobSpecs}. */
    public static List<PropertySpec<?>> properties(PropertySpec<?>... jobSpecs) {
        List<PropertySpec<?>> specs = new ArrayList<>(JobInput.properties());
        specs.addAll(JobOutput.properties());
        specs.add(CHECKPOINT_INTERVAL);
        specs.addAll(Arrays.asList(jobSpecs));
        return specs;
    }

    /**
     * Checkpointing exactly-once at the configured interval. On MSF the service owns checkpoint
     * settings and the state backend (RocksDB); this only applies where nobody else did.
     */
    public static void configure(StreamExecutionEnvironment env, ApplicationProperties props) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(
                    props.get(CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        env.getConfig().disableGenericTypes();
    }

    /** The entry point of a deployed job: properties from MSF (or {@code --properties FILE}). */
    public static void runDeployed(ExampleJob job, String[] args) throws Exception {
        ApplicationPropertiesLoader loader = ApplicationProperties.loader();
        for (int i = 0; i + 1 < args.length; i++) {
            if ("--properties".equals(args[i])) {
                // the loader is immutable: keep the one with the file (dropping it silently ran
                // the job on defaults, found by AwsLocalITCase)
                loader = loader.localFile(Paths.get(args[i + 1]));
            }
        }
        ApplicationProperties props =
                loader.args(withoutPropertiesFile(args))
                        .load(job.properties().toArray(new PropertySpec<?>[0]));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env, props);
        preflight(job, props);
        env.execute("streamkit-" + job.name());
    }

    /**
     * Checks, before the job is submitted, that every AWS resource it will use exists and matches
     * what its sinks write (streams, the DynamoDB table's key schema, OpenSearch answering): a
     * deployment mistake then fails the deployment with one {@link
     * dev.streamkit.aws.PreflightException} naming the property and the resource of every problem,
     * instead of a job that restarts. Nothing to check for generated input and console or file
     * output.
     */
    public static void preflight(ExampleJob job, ApplicationProperties props) {
        job.preflight(props).check(JobInput.connection(props, JobInput.KINESIS_ENDPOINT));
    }

    /**
     * The checks every job shares: its Kinesis input, dead-letter and late-event streams, where it
     * uses them.
     */
    public static Preflight inputAndDeadLetters(ApplicationProperties props) {
        Preflight checks = Preflight.checks();
        if (props.get(JobInput.SOURCE) == JobInput.Source.KINESIS) {
            checks =
                    checks.and(
                            KinesisPreflight.stream(
                                    JobInput.STREAM_ARN.name(),
                                    props.get(JobInput.STREAM_ARN),
                                    JobInput.connection(props, JobInput.KINESIS_ENDPOINT)));
        }
        for (PropertySpec<String> stream :
                List.of(JobOutput.DLQ_STREAM_ARN, JobOutput.LATE_STREAM_ARN)) {
            if (JobOutput.aws(props) && !props.get(stream).isEmpty()) {
                checks =
                        checks.and(
                                KinesisPreflight.stream(
                                        stream.name(),
                                        props.get(stream),
                                        JobInput.connection(props, JobInput.KINESIS_ENDPOINT)));
            }
        }
        return checks;
    }

    private static String[] withoutPropertiesFile(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--properties".equals(args[i])) {
                i++;
            } else {
                rest.add(args[i]);
            }
        }
        return rest.toArray(new String[0]);
    }
}
