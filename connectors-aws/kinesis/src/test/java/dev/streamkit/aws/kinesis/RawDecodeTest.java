package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.testing.Order;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** Decoding records that did not come from Kinesis (a replay or a generator). */
class RawDecodeTest {

    @Test
    void decodesValidRecordsWithEventTimeAndDeadLettersEveryBadOneOnce() throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, config);
        String valid1 =
                "{\"orderId\":\"o1\",\"customerId\":\"c\",\"amount\":1.5,\"eventTime\":1000}";
        String valid2 =
                "{\"orderId\":\"o2\",\"customerId\":\"c\",\"amount\":2.5,\"eventTime\":2000}";
        DataStream<byte[]> raw =
                env.fromData(
                                valid1,
                                "not json",
                                valid2.substring(0, 20),
                                "{\"orderId\":\"o3\",\"eventTime\":\"yesterday\"}",
                                valid2)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

        DecodedStream<Order> decoded =
                KinesisSources.json(Order.class)
                        .eventTime(Order::getEventTime, Duration.ofSeconds(1))
                        .decode(raw, "replay");
        DataStream<String> out =
                decoded.records()
                        .process(
                                new ProcessFunction<Order, String>() {
                                    @Override
                                    public void processElement(
                                            Order o, Context ctx, Collector<String> c) {
                                        c.collect(o.getOrderId() + "@" + ctx.timestamp());
                                    }
                                })
                        .union(
                                decoded.deadLetters()
                                        .map(
                                                d ->
                                                        "dead "
                                                                + d.getStream()
                                                                + "/"
                                                                + d.getShardId()
                                                                + "#"
                                                                + d.getSequenceNumber()
                                                                + " "
                                                                + new String(
                                                                        d.getPayload(),
                                                                        StandardCharsets.UTF_8)));
        List<String> results = new ArrayList<>();
        out.executeAndCollect().forEachRemaining(results::add);

        assertThat(results)
                .containsExactlyInAnyOrder(
                        "o1@1000",
                        "o2@2000",
                        "dead replay/subtask-0#1 not json",
                        "dead replay/subtask-0#2 " + valid2.substring(0, 20),
                        "dead replay/subtask-0#3 {\"orderId\":\"o3\",\"eventTime\":\"yesterday\"}");
    }

    @Test
    void decodeValidatesTheDecodingSettingsNamingTheParameter() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<byte[]> raw =
                env.fromData(new byte[] {1})
                        .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        assertThatThrownBy(
                        () ->
                                KinesisSources.json(Order.class)
                                        .maxRecordBytes(0)
                                        .decode(raw, "replay"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRecordBytes");
        assertThatThrownBy(() -> KinesisSources.json(Order.class).decode(raw, ""))
                .hasMessageContaining("name");
    }
}
