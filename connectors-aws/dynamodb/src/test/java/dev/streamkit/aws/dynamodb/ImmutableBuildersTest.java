package dev.streamkit.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.testing.Order;
import org.junit.jupiter.api.Test;

/** The DynamoDB sink builder is immutable: setters return a new builder. */
class ImmutableBuildersTest {

    @Test
    void sinkBuilderSettersLeaveTheReceiverUnchanged() {
        DynamoDbSinks.Builder<Order> shared =
                DynamoDbSinks.upsert(Order.class)
                        .tableName("orders")
                        .connection(AwsConnection.region("us-east-1"));
        shared.partitionKey("orderId");
        assertThatThrownBy(shared::build).hasMessage("partitionKey must be set");
        assertThat(shared.partitionKey("orderId").build()).isNotNull();
    }
}
