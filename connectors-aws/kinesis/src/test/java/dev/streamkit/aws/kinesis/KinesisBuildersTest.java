package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.kinesis.internal.DeadLetterSplitter;
import dev.streamkit.aws.kinesis.internal.DecodedWatermarkStrategy;
import dev.streamkit.aws.testing.Order;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsStateSerializer;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class KinesisBuildersTest {

    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    private static final AwsConnection LOCAL =
            AwsConnection.builder()
                    .region("us-east-1")
                    .endpoint(URI.create("http://localhost:4568"))
                    .basicCredentials("a", "b")
                    .build();

    /** Not a POJO: no default constructor. */
    public static final class NotAPojo {
        public final String value;

        public NotAPojo(String value) {
            this.value = value;
        }
    }

    @Test
    void sourceConfigurationCarriesConnectionStartPositionAndDiscovery() {
        Configuration c =
                KinesisSources.json(Order.class)
                        .streamArn(ARN)
                        .connection(LOCAL)
                        .startPosition(
                                StartPosition.atTimestamp(
                                        Instant.parse("2024-03-01T10:15:30.250Z")))
                        .shardDiscoveryInterval(Duration.ofSeconds(3))
                        .build()
                        .sourceConfiguration();
        assertThat(c.toMap())
                .containsEntry("aws.region", "us-east-1")
                .containsEntry("aws.endpoint", "http://localhost:4568")
                .containsEntry("aws.credentials.provider", "BASIC")
                .containsEntry("aws.credentials.provider.basic.accesskeyid", "a")
                .containsEntry("flink.stream.initpos", "AT_TIMESTAMP")
                .containsEntry("flink.stream.initpos.timestamp", "2024-03-01T10:15:30.250Z")
                .containsEntry("flink.shard.discovery.intervalmillis", "3000");
        assertThat(
                        KinesisSources.json(Order.class)
                                .streamArn(ARN)
                                .connection(LOCAL)
                                .build()
                                .sourceConfiguration()
                                .toMap())
                .containsEntry("flink.stream.initpos", "LATEST");
    }

    @Test
    void sourceBuilderNamesTheOffendingParameter() {
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(Order.class)
                                        .streamArn("orders")
                                        .connection(LOCAL)
                                        .build())
                .hasMessage(
                        "streamArn must look like arn:aws:kinesis:<region>:<account>:stream/<name>,"
                                + " got 'orders'");
        assertThatThrownBy(() -> KinesisSources.json(Order.class).streamArn(ARN).build())
                .hasMessage("connection must be set");
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(Order.class)
                                        .streamArn(ARN)
                                        .connection(LOCAL)
                                        .readerType(ReaderType.EFO)
                                        .build())
                .hasMessage(
                        "readerType EFO is not supported: the FLIP-27 KinesisStreamsSource of"
                                + " flink-connector-kinesis 4.3.0 only polls; use POLLING");
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(Order.class)
                                        .streamArn(ARN)
                                        .connection(LOCAL)
                                        .idleness(Duration.ZERO)
                                        .build())
                .hasMessage("idleness must be > 0, got PT0S");
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(Order.class)
                                        .streamArn(ARN)
                                        .connection(LOCAL)
                                        .maxRecordBytes(0)
                                        .build())
                .hasMessage("maxRecordBytes must be > 0, got 0");
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(NotAPojo.class)
                                        .streamArn(ARN)
                                        .connection(LOCAL)
                                        .build())
                .hasMessageContaining("is not a Flink POJO");
    }

    @Test
    void theSinkKeepsTheConnectorsCheckpointedWriterStateFromAStreamkitPackage() {
        Sink<Order> sink =
                KinesisSinks.json(Order.class)
                        .streamArn(ARN)
                        .connection(LOCAL)
                        .partitionKey(Order::getOrderId)
                        .build();
        // buffered records are part of checkpoints exactly as with the plain connector sink
        assertThat(sink).isInstanceOf(SupportsWriterState.class);
        assertThat(((SupportsWriterState<?, ?>) sink).getWriterStateSerializer())
                .isInstanceOf(KinesisStreamsStateSerializer.class);
        // no Streamkit class inside Flink's packages (split packages break shading and JPMS)
        assertThat(sink.getClass().getName()).startsWith("dev.streamkit.aws.");
    }

    @Test
    void sinkBuilderNamesTheOffendingParameter() {
        assertThatThrownBy(
                        () ->
                                KinesisSinks.json(Order.class)
                                        .streamArn(ARN)
                                        .connection(LOCAL)
                                        .build())
                .hasMessage("partitionKey must be set");
        assertThatThrownBy(
                        () ->
                                KinesisSinks.json(Order.class)
                                        .streamArn(ARN)
                                        .connection(LOCAL)
                                        .partitionKey(Order::getOrderId)
                                        .maxBatchSize(501)
                                        .build())
                .hasMessage("maxBatchSize must be in [1, 500], got 501");
        assertThatThrownBy(
                        () ->
                                KinesisSinks.deadLetters()
                                        .streamArn(ARN)
                                        .connection(LOCAL)
                                        .maxTimeInBuffer(Duration.ZERO)
                                        .build())
                .hasMessage("maxTimeInBuffer must be > 0, got PT0S");
        assertThat(KinesisSinks.deadLetters().streamArn(ARN).connection(LOCAL).build()).isNotNull();
    }

    @Test
    void splitterRoutesDeadLettersToTheSideOutput() throws Exception {
        OutputTag<KinesisDeadLetter> tag =
                new OutputTag<>("dlq", TypeInformation.of(KinesisDeadLetter.class));
        ProcessFunction<Either<KinesisDeadLetter, Order>, Order> splitter =
                new DeadLetterSplitter<>(tag);
        try (OneInputStreamOperatorTestHarness<Either<KinesisDeadLetter, Order>, Order> h =
                ProcessFunctionTestHarnesses.forProcessFunction(splitter)) {
            Order o = new Order("o", "c", 1, 2);
            KinesisDeadLetter d =
                    new KinesisDeadLetter(new byte[] {1}, "s", "sh", "9", "k", 3, "NULL", "r");
            h.processElement(Either.Right(o), 10);
            h.processElement(Either.Left(d), 11);
            h.processElement(Either.Right(o), 12);
            assertThat(h.extractOutputValues()).containsExactly(o, o);
            assertThat(h.getSideOutput(tag)).hasSize(1);
            assertThat(h.getSideOutput(tag).peek().getValue()).isEqualTo(d);
        }
    }

    @Test
    void deadLettersNeverAdvanceTheWatermark() {
        DecodedWatermarkStrategy<Order> strategy =
                new DecodedWatermarkStrategy<>(Order::getEventTime, Duration.ofMillis(100));
        TimestampAssigner<Either<KinesisDeadLetter, Order>> assigner =
                strategy.createTimestampAssigner(() -> null);
        WatermarkGenerator<Either<KinesisDeadLetter, Order>> generator =
                strategy.createWatermarkGenerator(() -> null);
        List<Long> watermarks = new ArrayList<>();
        WatermarkOutput out =
                new WatermarkOutput() {
                    @Override
                    public void emitWatermark(Watermark watermark) {
                        watermarks.add(watermark.getTimestamp());
                    }

                    @Override
                    public void markIdle() {}

                    @Override
                    public void markActive() {}
                };
        Either<KinesisDeadLetter, Order> valid = Either.Right(new Order("o", "c", 1, 1_000));
        Either<KinesisDeadLetter, Order> dead = Either.Left(new KinesisDeadLetter());
        assertThat(assigner.extractTimestamp(valid, 99_999)).isEqualTo(1_000);
        assertThat(assigner.extractTimestamp(dead, 99_999)).isEqualTo(99_999);
        generator.onEvent(valid, 1_000, out);
        generator.onEvent(dead, 99_999, out);
        generator.onPeriodicEmit(out);
        assertThat(watermarks).containsExactly(1_000L - 100 - 1);
    }
}
