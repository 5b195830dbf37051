package dev.streamkit.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.testing.Order;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The OpenSearch sink builder is immutable: setters return a new builder. */
class ImmutableBuildersTest {

    @Test
    void sinkBuilderSettersLeaveTheReceiverUnchanged() {
        OpenSearchSinks.Builder<Order> shared =
                OpenSearchSinks.json(Order.class)
                        .hosts(URI.create("http://localhost:9200"))
                        .index(IndexNamer.fixed("orders"));
        shared.documentId(Order::getOrderId);
        assertThatThrownBy(shared::build).hasMessage("documentId must be set");
        assertThat(shared.documentId(Order::getOrderId).build()).isNotNull();
    }
}
