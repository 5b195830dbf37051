package dev.streamkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.dynamodb.DynamoDbSinks;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.aws.kinesis.KinesisSources;
import dev.streamkit.aws.kinesis.StartPosition;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import dev.streamkit.aws.testing.TestInput;
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
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sink writing to a stream or table that does not exist fails the job once, naming the resource,
 * although the restart strategy would restart it five times.
 */
class NonRecoverableErrorsITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(null);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final int RESTART_ATTEMPTS = 5;

    /** A restart strategy that WOULD restart: fixed delay, five attempts, 100 ms apart. */
    private static StreamExecutionEnvironment restartingEnv() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    private static List<Order> orders() {
        List<Order> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(TestInput.order(i));
        }
        return out;
    }

    /** Runs the job to its end; returns its failure, asserting it never restarted. */
    private static Throwable failureWithoutRestarts(
            MiniCluster cluster, Sink<Order> sink, String name) throws Exception {
        StreamExecutionEnvironment env = restartingEnv();
        env.fromData(orders(), TypeInformation.of(Order.class)).sinkTo(sink).name(name);
        return failureWithoutRestarts(cluster, env, name);
    }

    private static Throwable failureWithoutRestarts(
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

    private static AwsResourceException resourceException(Throwable failure) {
        assertThat(ExceptionUtils.findThrowable(failure, SuppressRestartsException.class))
                .isPresent();
        Optional<AwsResourceException> e =
                ExceptionUtils.findThrowable(failure, AwsResourceException.class);
        assertThat(e).as("AwsResourceException in %s", failure).isPresent();
        return e.get();
    }

    @Test
    void aMissingKinesisStreamFailsTheJobOnceNamingTheStream(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        KinesisLocal kinesis = LocalServices.kinesis();
        String arn = KinesisLocal.arn("no-such-stream");
        Throwable failure =
                failureWithoutRestarts(
                        cluster,
                        KinesisSinks.json(Order.class)
                                .streamArn(arn)
                                .connection(kinesis.connection())
                                .partitionKey(Order::getOrderId)
                                .maxTimeInBuffer(Duration.ofMillis(100))
                                .build(),
                        "missing-stream");
        AwsResourceException e = resourceException(failure);
        assertThat(e.resource())
                .isEqualTo(
                        "Kinesis stream "
                                + arn
                                + " (region us-east-1, endpoint "
                                + kinesis.endpoint()
                                + ")");
        assertThat(e.getMessage()).startsWith(e.resource() + ": not found");
    }

    @Test
    void aMissingDynamoDbTableFailsTheJobOnceNamingTheTable(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        AwsConnection dynamo = LocalServices.dynamo().connection();
        Throwable failure =
                failureWithoutRestarts(
                        cluster,
                        DynamoDbSinks.upsert(Order.class)
                                .tableName("no-such-table")
                                .partitionKey("orderId")
                                .connection(dynamo)
                                .maxTimeInBuffer(Duration.ofMillis(100))
                                .build(),
                        "missing-table");
        AwsResourceException e = resourceException(failure);
        assertThat(e.resource()).startsWith("DynamoDB table no-such-table (region ");
        assertThat(e.getMessage()).contains(": not found (ResourceNotFoundException");
    }

    @Test
    void aSourceOnAMissingStreamFailsTheJobOnceNamingTheStream(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        KinesisLocal kinesis = LocalServices.kinesis();
        String arn = KinesisLocal.arn("no-such-source");
        StreamExecutionEnvironment env = restartingEnv();
        KinesisSources.json(Order.class)
                .streamArn(arn)
                .connection(kinesis.connection())
                .startPosition(StartPosition.trimHorizon())
                .build()
                .addTo(env, "missing-source")
                .records()
                .sinkTo(new DiscardingSink<>());
        AwsResourceException e =
                resourceException(failureWithoutRestarts(cluster, env, "missing-source"));
        assertThat(e.resource())
                .isEqualTo(
                        "Kinesis stream "
                                + arn
                                + " (region us-east-1, endpoint "
                                + kinesis.endpoint()
                                + ")");
        assertThat(e.getMessage()).startsWith(e.resource() + ": not found");
    }
}
