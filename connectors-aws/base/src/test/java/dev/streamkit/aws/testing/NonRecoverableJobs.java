package dev.streamkit.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.AwsResourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * Jobs on a restart strategy that WOULD restart, for the tests proving that errors restarts cannot
 * fix (missing stream or table) fail the job once, without restarts, naming the resource.
 */
public final class NonRecoverableJobs {

    private NonRecoverableJobs() {}

    public static final int RESTART_ATTEMPTS = 5;

    /** A restart strategy that WOULD restart: fixed delay, five attempts, 100 ms apart. */
    public static StreamExecutionEnvironment restartingEnv() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    public static List<Order> orders() {
        List<Order> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(TestInput.order(i));
        }
        return out;
    }

    /** Runs the job to its end; returns its failure, asserting it never restarted. */
    public static Throwable failureWithoutRestarts(
            MiniCluster cluster, Sink<Order> sink, String name) throws Exception {
        StreamExecutionEnvironment env = restartingEnv();
        env.fromData(orders(), TypeInformation.of(Order.class)).sinkTo(sink).name(name);
        return failureWithoutRestarts(cluster, env, name);
    }

    public static Throwable failureWithoutRestarts(
            MiniCluster cluster, StreamExecutionEnvironment env, String name) throws Exception {
        JobClient client = env.executeAsync(name);
        JobID job = client.getJobID();
        Throwable failure = null;
        try {
            client.getJobExecutionResult().get(3, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        assertThat(failure).as("the job must fail").isNotNull();
        AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
        assertThat(graph.getState()).isEqualTo(JobStatus.FAILED);
        // every task ran exactly once: attempt numbers grow with each restart
        for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
            assertThat(v.getCurrentExecutionAttempt().getAttemptNumber())
                    .as("attempt of %s", v.getTaskNameWithSubtaskIndex())
                    .isZero();
        }
        assertThat(graph.getStatusTimestamp(JobStatus.RESTARTING)).isZero();
        return failure;
    }

    public static AwsResourceException resourceException(Throwable failure) {
        assertThat(ExceptionUtils.findThrowable(failure, SuppressRestartsException.class))
                .isPresent();
        Optional<AwsResourceException> e =
                ExceptionUtils.findThrowable(failure, AwsResourceException.class);
        assertThat(e).as("AwsResourceException in %s", failure).isPresent();
        return e.get();
    }
}
