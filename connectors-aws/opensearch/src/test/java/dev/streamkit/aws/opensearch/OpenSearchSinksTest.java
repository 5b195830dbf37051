package dev.streamkit.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.opensearch.internal.JsonDocumentEmitter;
import dev.streamkit.aws.opensearch.internal.RoutingBulkResponseInspector;
import dev.streamkit.aws.testing.Order;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.junit.jupiter.api.Test;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.index.IndexResponse;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.core.rest.RestStatus;

class OpenSearchSinksTest {

    private static final long MARCH_1 = Instant.parse("2024-03-01T23:59:59.999Z").toEpochMilli();

    @Test
    void indexNamesComeFromTheEventDateInUtc() {
        Order o = new Order("o-1", "c", 1, MARCH_1);
        assertThat(IndexNamer.<Order>daily("orders-", Order::getEventTime).indexFor(o))
                .isEqualTo("orders-2024.03.01");
        assertThat(IndexNamer.<Order>monthly("orders-", Order::getEventTime).indexFor(o))
                .isEqualTo("orders-2024.03");
        assertThat(
                        IndexNamer.<Order>daily("orders-", Order::getEventTime)
                                .indexFor(new Order("o-2", "c", 1, MARCH_1 + 1)))
                .isEqualTo("orders-2024.03.02");
        assertThat(IndexNamer.<Order>fixed("orders").indexFor(o)).isEqualTo("orders");
        assertThatThrownBy(() -> IndexNamer.fixed("Orders"))
                .hasMessage("index must be a valid lowercase OpenSearch index name, got 'Orders'");
        assertThatThrownBy(() -> IndexNamer.daily("_x", (Order r) -> 0L))
                .hasMessage("prefix must be a valid lowercase OpenSearch index name, got '_x'");
    }

    @Test
    void emitterBuildsDeterministicIndexRequests() {
        JsonDocumentEmitter<Order> emitter =
                new JsonDocumentEmitter<>(
                        IndexNamer.daily("orders-", Order::getEventTime),
                        Order::getOrderId,
                        RejectedDocumentHandlers.log());
        Order o = new Order("o-1", "c-1", 2.5, MARCH_1);
        IndexRequest first = emitter.toRequest(o);
        IndexRequest second = emitter.toRequest(new Order("o-1", "c-1", 2.5, MARCH_1));
        assertThat(first.index()).isEqualTo("orders-2024.03.01");
        assertThat(first.id()).isEqualTo("o-1");
        assertThat(first.source().utf8ToString())
                .isEqualTo(
                        "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"amount\":2.5,\"eventTime\":"
                                + MARCH_1
                                + "}");
        assertThat(second.source()).isEqualTo(first.source());
        assertThatThrownBy(() -> emitter.toRequest(new Order(null, "c", 1, 1)))
                .hasMessageStartingWith("documentId must return 1 to 512 characters, got 'null'");
    }

    /** Collects rejected documents. */
    static final class Collecting implements RejectedDocumentHandler {
        final List<RejectedDocument> documents = new ArrayList<>();

        @Override
        public void onRejected(RejectedDocument document) {
            documents.add(document);
        }
    }

    /** Remembers the counters it hands out. */
    static final class Metrics extends UnregisteredMetricsGroup {
        final Map<String, SimpleCounter> counters = new HashMap<>();

        @Override
        public Counter counter(String name) {
            return counters.computeIfAbsent(name, n -> new SimpleCounter());
        }
    }

    private static BulkItemResponse ok(int item, String id) {
        return new BulkItemResponse(
                item,
                DocWriteRequest.OpType.INDEX,
                new IndexResponse(new ShardId("i", "uuid", 0), id, 1, 1, 1, true));
    }

    private static BulkItemResponse failed(int item, String id, RestStatus status) {
        return new BulkItemResponse(
                item,
                DocWriteRequest.OpType.INDEX,
                new BulkItemResponse.Failure(
                        "i", id, new IllegalArgumentException("failure of " + id), status));
    }

    private static BulkRequest request(int n) {
        BulkRequest r = new BulkRequest();
        for (int i = 0; i < n; i++) {
            r.add(
                    new IndexRequest("i")
                            .id("d" + i)
                            .source(
                                    "{\"n\":" + i + "}",
                                    org.opensearch.common.xcontent.XContentType.JSON));
        }
        return r;
    }

    @Test
    void rejectedItemsGoToTheHandlerWithTheirSourceAndAreCounted() throws Exception {
        Collecting handler = new Collecting();
        Metrics metrics = new Metrics();
        RoutingBulkResponseInspector inspector = new RoutingBulkResponseInspector(handler, metrics);
        inspector.inspect(
                request(3),
                new BulkResponse(
                        new BulkItemResponse[] {
                            ok(0, "d0"),
                            failed(1, "d1", RestStatus.BAD_REQUEST),
                            failed(2, "d2", RestStatus.CONFLICT)
                        },
                        5));
        assertThat(handler.documents)
                .extracting(
                        RejectedDocument::getDocumentId,
                        RejectedDocument::getStatus,
                        RejectedDocument::getSource)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("d1", 400, "{\"n\":1}"),
                        org.assertj.core.groups.Tuple.tuple("d2", 409, "{\"n\":2}"));
        assertThat(handler.documents.get(0).getReason()).contains("failure of d1");
        assertThat(metrics.counters.get(RoutingBulkResponseInspector.REJECTED_METRIC).getCount())
                .isEqualTo(2);
    }

    @Test
    void transientItemsFailTheSubtaskAfterRejectedOnesAreRouted() throws Exception {
        Collecting handler = new Collecting();
        RoutingBulkResponseInspector inspector =
                new RoutingBulkResponseInspector(handler, new Metrics());
        assertThatThrownBy(
                        () ->
                                inspector.inspect(
                                        request(3),
                                        new BulkResponse(
                                                new BulkItemResponse[] {
                                                    failed(0, "d0", RestStatus.TOO_MANY_REQUESTS),
                                                    failed(1, "d1", RestStatus.BAD_REQUEST),
                                                    failed(2, "d2", RestStatus.SERVICE_UNAVAILABLE)
                                                },
                                                5)))
                .isInstanceOf(FlinkRuntimeException.class)
                .hasMessageContaining("transient item failures")
                .hasMessageContaining("document d0");
        assertThat(handler.documents)
                .extracting(RejectedDocument::getDocumentId)
                .containsExactly("d1");
        assertThat(RoutingBulkResponseInspector.isTransient(429)).isTrue();
        assertThat(RoutingBulkResponseInspector.isTransient(503)).isTrue();
        assertThat(RoutingBulkResponseInspector.isTransient(400)).isFalse();
    }

    @Test
    void builderNamesTheOffendingParameter() {
        assertThatThrownBy(() -> OpenSearchSinks.json(Order.class).build())
                .hasMessage("hosts must contain at least one URI");
        assertThatThrownBy(
                        () ->
                                OpenSearchSinks.json(Order.class)
                                        .hosts(URI.create("localhost:9200"))
                                        .build())
                .hasMessage("hosts must be http or https URIs with a host, got 'localhost:9200'");
        assertThatThrownBy(
                        () ->
                                OpenSearchSinks.json(Order.class)
                                        .hosts(URI.create("http://localhost:9200"))
                                        .index(IndexNamer.fixed("orders"))
                                        .build())
                .hasMessage("documentId must be set");
        assertThatThrownBy(
                        () ->
                                OpenSearchSinks.json(Order.class)
                                        .hosts(URI.create("https://search-x.es.amazonaws.com"))
                                        .index(IndexNamer.fixed("orders"))
                                        .documentId(Order::getOrderId)
                                        .sigV4(AwsConnection.region("eu-west-1"))
                                        .basicAuth("u", "p")
                                        .build())
                .hasMessage("sigV4 and basicAuth cannot be combined");
        assertThatThrownBy(
                        () ->
                                OpenSearchSinks.json(Order.class)
                                        .hosts(URI.create("http://localhost:9200"))
                                        .index(IndexNamer.fixed("orders"))
                                        .documentId(Order::getOrderId)
                                        .bulkFlushMaxActions(0)
                                        .build())
                .hasMessage("bulkFlushMaxActions must be >= 1, got 0");
        assertThatThrownBy(
                        () ->
                                RejectedDocumentHandlers.toKinesis(
                                        "orders", AwsConnection.region("us-east-1")))
                .hasMessage("streamArn must be a Kinesis stream ARN, got 'orders'");
        assertThat(
                        OpenSearchSinks.json(Order.class)
                                .hosts(URI.create("https://search-x.es.amazonaws.com"))
                                .index(IndexNamer.daily("orders-", Order::getEventTime))
                                .documentId(Order::getOrderId)
                                .sigV4(AwsConnection.region("eu-west-1"))
                                .build())
                .isNotNull();
    }
}
