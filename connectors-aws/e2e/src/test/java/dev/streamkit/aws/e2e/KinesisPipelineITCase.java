package dev.streamkit.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.dynamodb.DynamoDbSinks;
import dev.streamkit.aws.kinesis.DecodedStream;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.aws.kinesis.KinesisSources;
import dev.streamkit.aws.kinesis.StartPosition;
import dev.streamkit.aws.opensearch.IndexNamer;
import dev.streamkit.aws.opensearch.OpenSearchSinks;
import dev.streamkit.aws.testing.DynamoDbLocal;
import dev.streamkit.aws.testing.FailOnceOnTrigger;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.OpenSearchLocal;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import dev.streamkit.aws.testing.TestInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The whole module in one job: JSON from a 2-shard Kinesis stream, decoded with dead letters, to a
 * Kinesis stream, a DynamoDB table and OpenSearch, with a failure injected mid-stream so the job
 * restarts from its last checkpoint. Results are read back through each service's API.
 */
class KinesisPipelineITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(null);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static KinesisLocal kinesis;
    private static DynamoDbLocal dynamo;
    private static OpenSearchLocal openSearch;

    @BeforeAll
    static void start() throws Exception {
        kinesis = LocalServices.kinesis();
        dynamo = LocalServices.dynamo();
        openSearch = LocalServices.openSearch();
    }

    @Test
    void restartFromACheckpointMidStreamConvergesToExactlyTheExpectedResults() throws Exception {
        dynamo.createTable("pipeline-orders", "orderId");
        // phase 1: valid records with every kind of poison pill; phase 2: valid records only,
        // including the trigger of the injected failure
        List<TestInput.Entry> phase1 = TestInput.interleaved(80);
        List<Order> phase2 = new ArrayList<>();
        for (int i = 80; i < 160; i++) {
            phase2.add(TestInput.order(i));
        }
        String trigger = TestInput.order(120).getOrderId();
        List<Order> expected = new ArrayList<>();
        List<String> expectedDead = new ArrayList<>();
        for (TestInput.Entry e : phase1) {
            if (e.order != null) {
                expected.add(e.order);
            } else {
                expectedDead.add(e.partitionKey + ":" + e.expectedErrorType);
            }
        }
        List<Order> phase1Valid = new ArrayList<>(expected);
        expected.addAll(phase2);

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(TestClusters.PARALLELISM);
        env.enableCheckpointing(300);

        DecodedStream<Order> decoded =
                KinesisSources.json(Order.class)
                        .streamArn(KinesisLocal.arn("pipeline-in"))
                        .connection(kinesis.connection())
                        .startPosition(StartPosition.trimHorizon())
                        .eventTime(Order::getEventTime, Duration.ofSeconds(1))
                        .shardDiscoveryInterval(Duration.ofSeconds(1))
                        .maxRecordBytes(TestInput.MAX_RECORD_BYTES)
                        .build()
                        .addTo(env, "pipeline");
        DataStream<Order> orders =
                decoded.records()
                        .map(new FailOnceOnTrigger(trigger), TypeInformation.of(Order.class))
                        .name("inject-failure")
                        .uid("inject-failure");
        orders.sinkTo(
                        KinesisSinks.json(Order.class)
                                .streamArn(KinesisLocal.arn("pipeline-out"))
                                .connection(kinesis.connection())
                                .partitionKey(Order::getOrderId)
                                .maxTimeInBuffer(Duration.ofMillis(200))
                                .build())
                .uid("kinesis-out");
        orders.sinkTo(
                        DynamoDbSinks.upsert(Order.class)
                                .tableName("pipeline-orders")
                                .partitionKey("orderId")
                                .connection(dynamo.connection())
                                .maxTimeInBuffer(Duration.ofMillis(200))
                                .build())
                .uid("dynamodb-out");
        orders.sinkTo(
                        OpenSearchSinks.json(Order.class)
                                .hosts(openSearch.endpoint())
                                .index(IndexNamer.monthly("pipeline-orders-", Order::getEventTime))
                                .documentId(Order::getOrderId)
                                .bulkFlushInterval(Duration.ofMillis(200))
                                .build())
                .uid("opensearch-out");
        decoded.deadLetters()
                .sinkTo(
                        KinesisSinks.deadLetters()
                                .streamArn(KinesisLocal.arn("pipeline-dlq"))
                                .connection(kinesis.connection())
                                .maxTimeInBuffer(Duration.ofMillis(200))
                                .build())
                .uid("dlq-out");

        for (TestInput.Entry e : phase1) {
            kinesis.put("pipeline-in", e.partitionKey, e.data);
        }
        JobClient job = env.executeAsync("pipeline");
        try {
            TestClusters.await(
                    "phase 1 in DynamoDB and the dead-letter stream",
                    Duration.ofSeconds(120),
                    () ->
                            dynamo.scan("pipeline-orders").size() >= phase1Valid.size()
                                    && kinesis.readAll("pipeline-dlq").size()
                                            >= expectedDead.size());
            // a checkpoint that covers all of phase 1 completes before phase 2 is written, so
            // the restart replays phase-2 records only
            int seen = FailOnceOnTrigger.CHECKPOINTS.get();
            TestClusters.await(
                    "two more completed checkpoints",
                    Duration.ofSeconds(60),
                    () ->
                            FailOnceOnTrigger.CHECKPOINTS.get()
                                    >= seen + 2 * TestClusters.PARALLELISM);
            for (Order o : phase2) {
                kinesis.put(
                        "pipeline-in",
                        o.getOrderId(),
                        o.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            TestClusters.await(
                    "all records in every sink after the restart",
                    Duration.ofSeconds(180),
                    () ->
                            FailOnceOnTrigger.FAILURES.get() == 1
                                    && dynamo.scan("pipeline-orders").size() >= expected.size()
                                    && openSearch.searchAll("pipeline-orders-*").size()
                                            >= expected.size()
                                    && distinctOrders(kinesis.readAll("pipeline-out")).size()
                                            >= expected.size());
            assertThat(job.getJobStatus().get())
                    .as("the job keeps running")
                    .isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }

        assertThat(FailOnceOnTrigger.FAILURES.get())
                .as("the injected failure happened")
                .isEqualTo(1);

        // DynamoDB: exactly one item per order, equal to the order
        assertThat(
                        dynamo.scan("pipeline-orders").stream()
                                .map(DynamoDbLocal::toOrder)
                                .collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(expected);

        // OpenSearch: exactly one document per order id, equal to the order
        ObjectMapper mapper = new ObjectMapper();
        List<String> docs = new ArrayList<>();
        for (JsonNode hit : openSearch.searchAll("pipeline-orders-*")) {
            Order o = mapper.treeToValue(hit.path("_source"), Order.class);
            assertThat(hit.path("_id").asText()).isEqualTo(o.getOrderId());
            docs.add(o.toJson());
        }
        assertThat(docs)
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(Order::toJson).collect(Collectors.toList()));

        // Kinesis is at-least-once: every order arrives, replays may repeat some, nothing else
        List<Order> out = new ArrayList<>();
        for (Record r : kinesis.readAll("pipeline-out")) {
            out.add(mapper.readValue(r.data().asByteArray(), Order.class));
        }
        assertThat(new HashSet<>(out)).isEqualTo(new HashSet<>(expected));

        // every poison pill (all in phase 1, before the restored checkpoint) exactly once
        List<String> dead = new ArrayList<>();
        for (Record r : kinesis.readAll("pipeline-dlq")) {
            KinesisDeadLetter d = mapper.readValue(r.data().asByteArray(), KinesisDeadLetter.class);
            dead.add(d.getPartitionKey() + ":" + d.getErrorType());
        }
        assertThat(dead).containsExactlyInAnyOrderElementsOf(expectedDead);
    }

    private static Set<String> distinctOrders(List<Record> records) {
        Set<String> ids = new HashSet<>();
        for (Record r : records) {
            ids.add(r.data().asUtf8String());
        }
        return ids;
    }
}
