package dev.streamkit.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.opensearch.internal.RoutingBulkResponseInspector;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.OpenSearchLocal;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Documents into a real OpenSearch node (separate JVM) through the SigV4-signing client: daily
 * indices from the event time, deterministic ids, rejected documents to a Kinesis dead-letter
 * stream instead of a failed job.
 */
class OpenSearchSinkITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(REPORTER);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static OpenSearchLocal openSearch;
    private static KinesisLocal kinesis;

    @BeforeAll
    static void start() throws Exception {
        openSearch = LocalServices.openSearch();
        kinesis = LocalServices.kinesis();
    }

    static String expectedIndex(long eventTime) {
        LocalDate d = Instant.ofEpochMilli(eventTime).atZone(ZoneOffset.UTC).toLocalDate();
        return String.format(
                "os-orders-%04d.%02d.%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    @Test
    void documentsLandOncePerIdInTheirDailyIndexAndRejectedOnesReachTheDeadLetterStream()
            throws Exception {
        // amount is a byte in this index: amounts above 127 are rejected with a 400
        openSearch.send(
                "PUT",
                "/_index_template/os-orders",
                "{\"index_patterns\":[\"os-orders-*\"],\"template\":{\"settings\":"
                        + "{\"number_of_replicas\":0},\"mappings\":{\"properties\":"
                        + "{\"amount\":{\"type\":\"byte\"},\"orderId\":{\"type\":\"keyword\"}}}}}");

        List<Order> valid = new ArrayList<>();
        List<Order> rejected = new ArrayList<>();
        List<Order> input = new ArrayList<>();
        long start = Instant.parse("2024-02-27T20:00:00Z").toEpochMilli();
        for (int i = 0; i < 60; i++) {
            boolean bad = i % 10 == 3;
            Order o =
                    new Order(
                            "os-" + i,
                            "customer-" + (i % 4),
                            bad ? 500 + i : i % 100,
                            start + i * Duration.ofHours(5).toMillis());
            (bad ? rejected : valid).add(o);
            input.add(o);
        }
        // valid documents are sent twice (a replay): ids make the second write an overwrite
        input.addAll(valid);

        StreamExecutionEnvironment env = TestClusters.env();
        AwsConnection signing =
                AwsConnection.builder()
                        .region("us-east-1")
                        .basicCredentials("AKIDLOCAL", "local-secret")
                        .build();
        // every request must carry a valid signature for the bytes that arrive, as on a domain
        SigV4VerifyingProxy proxy =
                new SigV4VerifyingProxy(
                        openSearch.endpoint(), "AKIDLOCAL", "local-secret", "us-east-1");
        env.fromData(input, TypeInformation.of(Order.class))
                .rebalance()
                .sinkTo(
                        OpenSearchSinks.json(Order.class)
                                .hosts(proxy.endpoint())
                                .sigV4(signing)
                                .index(IndexNamer.daily("os-orders-", Order::getEventTime))
                                .documentId(Order::getOrderId)
                                .bulkFlushMaxActions(7)
                                .bulkFlushInterval(Duration.ofMillis(200))
                                .rejectedDocuments(
                                        RejectedDocumentHandlers.toKinesis(
                                                KinesisLocal.arn("os-dlq"), kinesis.connection()))
                                .build())
                .name("opensearch");
        JobExecutionResult result;
        try {
            result = env.execute("opensearch-sink");
        } finally {
            proxy.close();
        }
        assertThat(proxy.failures).as("SigV4 verification failures").isEmpty();
        assertThat(proxy.verified.get()).as("signed requests verified").isGreaterThan(0);

        Set<String> expectedDocs = new HashSet<>();
        for (Order o : valid) {
            expectedDocs.add(expectedIndex(o.getEventTime()) + "/" + o.getOrderId() + "/" + o);
        }
        ObjectMapper mapper = new ObjectMapper();
        List<String> actualDocs = new ArrayList<>();
        for (JsonNode hit : openSearch.searchAll("os-orders-*")) {
            Order o = mapper.treeToValue(hit.path("_source"), Order.class);
            actualDocs.add(hit.path("_index").asText() + "/" + hit.path("_id").asText() + "/" + o);
        }
        assertThat(actualDocs).containsExactlyInAnyOrderElementsOf(expectedDocs);
        assertThat(actualDocs.stream().map(d -> d.substring(0, d.indexOf('/'))).distinct().count())
                .as("documents spread over several daily indices")
                .isGreaterThan(10);

        List<RejectedDocument> dead = new ArrayList<>();
        for (Record r : kinesis.readAll("os-dlq")) {
            dead.add(mapper.readValue(r.data().asByteArray(), RejectedDocument.class));
        }
        List<String> deadIds = new ArrayList<>();
        for (RejectedDocument d : dead) {
            deadIds.add(d.getDocumentId());
            Order original = mapper.readValue(d.getSource(), Order.class);
            assertThat(original.getOrderId()).isEqualTo(d.getDocumentId());
            assertThat(d.getIndex()).isEqualTo(expectedIndex(original.getEventTime()));
            assertThat(d.getStatus()).isEqualTo(400);
            assertThat(d.getReason()).contains("mapper_parsing_exception");
        }
        List<String> expectedDeadIds = new ArrayList<>();
        rejected.forEach(o -> expectedDeadIds.add(o.getOrderId()));
        assertThat(deadIds).containsExactlyInAnyOrderElementsOf(expectedDeadIds);
        assertThat(
                        TestClusters.counterSum(
                                REPORTER,
                                result.getJobID(),
                                RoutingBulkResponseInspector.REJECTED_METRIC))
                .isEqualTo(rejected.size());
    }
}
