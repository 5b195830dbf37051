package dev.streamkit.aws.dynamodb;

import static dev.streamkit.aws.testing.NonRecoverableJobs.failureWithoutRestarts;
import static dev.streamkit.aws.testing.NonRecoverableJobs.resourceException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.AwsResourceException;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import java.time.Duration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DynamoDB sink writing to a table that does not exist fails the job once, naming the table,
 * although the restart strategy would restart it five times.
 */
class DynamoDbNonRecoverableErrorsITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(null);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

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
}
