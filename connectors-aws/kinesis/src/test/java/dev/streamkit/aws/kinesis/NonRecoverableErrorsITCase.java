package dev.streamkit.aws.kinesis;

import static dev.streamkit.aws.testing.NonRecoverableJobs.failureWithoutRestarts;
import static dev.streamkit.aws.testing.NonRecoverableJobs.resourceException;
import static dev.streamkit.aws.testing.NonRecoverableJobs.restartingEnv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.AwsResourceException;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import java.time.Duration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kinesis sink writing to, or a Kinesis source reading from, a stream that does not exist fails
 * the job once, naming the stream, although the restart strategy would restart it five times.
 */
class NonRecoverableErrorsITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(null);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

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
