package dev.streamkit.examples.local;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs an example job on an embedded MiniCluster with the Flink web UI, prints its results as they
 * happen, and after {@code --seconds N} (or when the bounded input ends) prints a summary read from
 * the job's own metrics, cancels the job and exits. This is what {@code ./run-example} calls.
 *
 * <pre>
 * LocalRunner JOB_CLASS PROPERTIES_JSON [--seconds N] [--group.key=value ...]
 * </pre>
 */
public final class LocalRunner {
    private static final int DEFAULT_SECONDS = 45;
    private static final int MAX_SECONDS = 3600;

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "Usage: LocalRunner JOB_CLASS PROPERTIES_JSON [--seconds N] [overrides]");
        }
        ExampleJob job = (ExampleJob) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Path properties = Paths.get(args[1]);
        int seconds = DEFAULT_SECONDS;
        List<String> overrides = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if ("--seconds".equals(args[i]) && i + 1 < args.length) {
                seconds = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("--seconds=")) {
                seconds = Integer.parseInt(args[i].substring("--seconds=".length()));
            } else {
                overrides.add(args[i]);
            }
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(
                    "--seconds must be in [1, " + MAX_SECONDS + "], got " + seconds);
        }
        ApplicationProperties props =
                ApplicationProperties.loader()
                        .useMsfRuntime(false)
                        .localFile(properties)
                        .args(overrides.toArray(new String[0]))
                        .load(job.properties().toArray(new PropertySpec<?>[0]));
        System.exit(run(job, props, Duration.ofSeconds(seconds)));
    }

    /** Runs {@code job} for at most {@code limit}; returns the process exit code. */
    static int run(ExampleJob job, ApplicationProperties props, Duration limit) throws Exception {
        return run(job, props, limit, new Configuration());
    }

    /** As {@link #run(ExampleJob, ApplicationProperties, Duration)}, with Flink settings. */
    static int run(ExampleJob job, ApplicationProperties props, Duration limit, Configuration flink)
            throws Exception {
        SummaryReporter.reset();
        int port = freePort(8081);
        Configuration config = new Configuration(flink);
        config.set(RestOptions.PORT, port);
        config.set(RestOptions.BIND_ADDRESS, "localhost");
        config.setString(
                "metrics.reporter.summary.factory.class", SummaryReporter.Factory.class.getName());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(config);
        job.build(env, props);
        Jobs.preflight(job, props);
        JobClient client = env.executeAsync("streamkit-" + job.name());
        System.err.printf(
                "%n=== streamkit %s running locally for up to %d s; Flink web UI:"
                        + " http://localhost:%d ===%n%n",
                job.name(), limit.getSeconds(), port);
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        String ending;
        int exitCode = 0;
        try {
            result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            ending = "input exhausted, job finished";
        } catch (TimeoutException stillRunning) {
            client.cancel().get(60, TimeUnit.SECONDS);
            ending = "stopped after " + limit.getSeconds() + " s";
            awaitQuietly(result);
        } catch (ExecutionException failed) {
            ending = "job FAILED: " + failed.getCause();
            exitCode = 1;
        }
        System.out.flush();
        System.err.printf("%n=== streamkit %s summary (%s) ===%n", job.name(), ending);
        for (ExampleJob.SummaryLine line : job.summary()) {
            System.err.printf(
                    Locale.ROOT,
                    "  %-34s %,d%n",
                    line.label,
                    SummaryReporter.sum(line.metric, line.operator));
        }
        return exitCode;
    }

    private static void awaitQuietly(CompletableFuture<JobExecutionResult> result)
            throws InterruptedException {
        try {
            result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException cancelled) {
            // cancelled on purpose
        }
    }

    private static int freePort(int preferred) throws IOException {
        for (int port = preferred; port < preferred + 20; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException busy) {
                // try the next one
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
