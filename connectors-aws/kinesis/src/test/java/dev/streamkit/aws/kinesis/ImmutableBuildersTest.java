package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.testing.Order;
import org.junit.jupiter.api.Test;

/**
 * Every builder of the Kinesis module is immutable: a setter returns a new builder and leaves the
 * one it is called on unchanged.
 */
class ImmutableBuildersTest {

    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    private static final AwsConnection AWS = AwsConnection.region("us-east-1");

    @Test
    void sourceBuilderSettersLeaveTheReceiverUnchanged() {
        KinesisJsonSource.Builder<Order> shared =
                KinesisSources.json(Order.class).streamArn(ARN).connection(AWS);
        shared.maxRecordBytes(0); // invalid: would fail build() if it changed shared
        shared.require("orderId", o -> o.getOrderId() != null);
        // the same name again is no duplicate: the first call did not change shared
        shared.require("orderId", o -> o.getOrderId() != null);
        assertThat(shared.build()).isNotNull();
        assertThatThrownBy(() -> shared.maxRecordBytes(0).build())
                .hasMessage("maxRecordBytes must be > 0, got 0");
        KinesisJsonSource.Builder<Order> once = shared.require("orderId", o -> true);
        assertThatThrownBy(() -> once.require("orderId", o -> true))
                .hasMessageContaining("already declared");
    }

    @Test
    void sinkBuilderSettersLeaveTheReceiverUnchanged() {
        KinesisSinks.Builder<Order> shared = KinesisSinks.json(Order.class).streamArn(ARN);
        shared.connection(AWS);
        shared.partitionKey(Order::getOrderId);
        assertThatThrownBy(shared::build).hasMessage("connection must be set");
        assertThat(shared.connection(AWS).partitionKey(Order::getOrderId).build()).isNotNull();
        assertThatThrownBy(() -> shared.connection(AWS).build())
                .hasMessage("partitionKey must be set");
    }
}
