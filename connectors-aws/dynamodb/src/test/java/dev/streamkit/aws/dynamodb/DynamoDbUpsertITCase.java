package dev.streamkit.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.testing.DynamoDbLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import dev.streamkit.aws.testing.TestInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Upserts into DynamoDB Local, read back with Scan. */
class DynamoDbUpsertITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(null);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static DynamoDbLocal dynamo;

    @BeforeAll
    static void start() throws Exception {
        dynamo = LocalServices.dynamo();
    }

    @Test
    void replayedAndDuplicatedRecordsConvergeToOneItemPerKey() throws Exception {
        dynamo.createTable("orders-upsert", "orderId");
        List<Order> expected = new ArrayList<>();
        List<Order> input = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(TestInput.order(i));
        }
        // every record twice: once adjacent (same batch), once in a second pass (a replay)
        for (Order o : expected) {
            input.add(o);
            input.add(o);
        }
        input.addAll(expected);

        StreamExecutionEnvironment env = TestClusters.env();
        env.fromData(input, TypeInformation.of(Order.class))
                .rebalance()
                .sinkTo(
                        DynamoDbSinks.upsert(Order.class)
                                .tableName("orders-upsert")
                                .partitionKey("orderId")
                                .connection(dynamo.connection())
                                .maxTimeInBuffer(Duration.ofMillis(200))
                                .build())
                .name("dynamodb");
        env.execute("dynamodb-upsert");

        List<Order> actual =
                dynamo.scan("orders-upsert").stream()
                        .map(DynamoDbLocal::toOrder)
                        .collect(Collectors.toList());
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }
}
