package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.kinesis.internal.DeadLetterSplitter;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import dev.streamkit.aws.testing.TestInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * JSON from a 2-shard kinesis-local stream through {@link KinesisSources} into a Kinesis output
 * stream and a Kinesis dead-letter stream written by {@link KinesisSinks}, with poison pills
 * interleaved.
 */
class KinesisJsonITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(REPORTER);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static KinesisLocal kinesis;

    @BeforeAll
    static void startKinesis() throws Exception {
        kinesis = LocalServices.kinesis();
    }

    @Test
    void validRecordsArriveAndEveryPoisonPillReachesTheDeadLetterStreamOnce() throws Exception {
        List<TestInput.Entry> input = TestInput.interleaved(60);
        for (TestInput.Entry e : input) {
            kinesis.put("json-in", e.partitionKey, e.data);
        }
        List<Order> expected = new ArrayList<>();
        List<String> expectedDead = new ArrayList<>();
        for (TestInput.Entry e : input) {
            if (e.order != null) {
                expected.add(e.order);
            } else {
                expectedDead.add(e.partitionKey + ":" + e.expectedErrorType);
            }
        }
        // every record is in the input stream (the dead letters below prove both shards are read)
        assertThat(kinesis.readAll("json-in").stream().map(Record::sequenceNumber).count())
                .isEqualTo(input.size());

        StreamExecutionEnvironment env = TestClusters.env();
        DecodedStream<Order> orders =
                KinesisSources.json(Order.class)
                        .streamArn(KinesisLocal.arn("json-in"))
                        .connection(kinesis.connection())
                        .startPosition(StartPosition.trimHorizon())
                        .eventTime(Order::getEventTime, Duration.ofSeconds(1))
                        .idleness(Duration.ofSeconds(5))
                        .shardDiscoveryInterval(Duration.ofSeconds(1))
                        .maxRecordBytes(TestInput.MAX_RECORD_BYTES)
                        .build()
                        .addTo(env, "orders");
        orders.records()
                .sinkTo(
                        KinesisSinks.json(Order.class)
                                .streamArn(KinesisLocal.arn("json-out"))
                                .connection(kinesis.connection())
                                .partitionKey(Order::getOrderId)
                                .maxTimeInBuffer(Duration.ofMillis(200))
                                .build())
                .name("json-out")
                .uid("json-out");
        orders.deadLetters()
                .sinkTo(
                        KinesisSinks.deadLetters()
                                .streamArn(KinesisLocal.arn("json-dlq"))
                                .connection(kinesis.connection())
                                .maxTimeInBuffer(Duration.ofMillis(200))
                                .build())
                .name("json-dlq")
                .uid("json-dlq");

        JobClient job = env.executeAsync("kinesis-json");
        try {
            TestClusters.await(
                    "all records in the output and dead-letter streams",
                    Duration.ofSeconds(120),
                    () ->
                            kinesis.readAll("json-out").size() >= expected.size()
                                    && kinesis.readAll("json-dlq").size() >= expectedDead.size());
            assertThat(job.getJobStatus().get())
                    .as("the job keeps running")
                    .isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }

        ObjectMapper mapper = new ObjectMapper();
        List<Order> out = new ArrayList<>();
        for (Record r : kinesis.readAll("json-out")) {
            out.add(mapper.readValue(r.data().asByteArray(), Order.class));
        }
        assertThat(out).containsExactlyInAnyOrderElementsOf(expected);

        List<KinesisDeadLetter> dead = new ArrayList<>();
        for (Record r : kinesis.readAll("json-dlq")) {
            dead.add(mapper.readValue(r.data().asByteArray(), KinesisDeadLetter.class));
        }
        assertThat(
                        dead.stream()
                                .map(d -> d.getPartitionKey() + ":" + d.getErrorType())
                                .collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(expectedDead);
        Map<String, Record> inputBySequence = new LinkedHashMap<>();
        for (Record r : kinesis.readAll("json-in")) {
            inputBySequence.put(r.sequenceNumber(), r);
        }
        for (KinesisDeadLetter d : dead) {
            Record original = inputBySequence.get(d.getSequenceNumber());
            assertThat(original).as("dead letter %s points at its input record", d).isNotNull();
            assertThat(d.getPayload()).isEqualTo(original.data().asByteArray());
            assertThat(d.getPartitionKey()).isEqualTo(original.partitionKey());
            assertThat(d.getStream()).isEqualTo(KinesisLocal.arn("json-in"));
            assertThat(d.getShardId()).startsWith("shardId-");
            assertThat(d.getReason()).isNotBlank();
            assertThat(d.getApproximateArrivalTimestamp())
                    .isEqualTo(original.approximateArrivalTimestamp().toEpochMilli());
        }
        assertThat(dead.stream().map(KinesisDeadLetter::getShardId).distinct().count())
                .as("poison pills came from both shards")
                .isEqualTo(2);

        assertThat(
                        TestClusters.counterSum(
                                REPORTER, job.getJobID(), DeadLetterSplitter.DEAD_LETTER_METRIC))
                .isEqualTo(expectedDead.size());
        assertThat(
                        TestClusters.counterSum(
                                REPORTER, job.getJobID(), DeadLetterSplitter.DECODED_METRIC))
                .isEqualTo(expected.size());
    }
}
