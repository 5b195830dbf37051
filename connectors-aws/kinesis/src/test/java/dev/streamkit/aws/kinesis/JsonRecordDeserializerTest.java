package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.kinesis.internal.JsonRecordDeserializer;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class JsonRecordDeserializerTest {

    private final JsonRecordDeserializer<Order> decoder =
            new JsonRecordDeserializer<>(
                    Order.class,
                    TypeInformation.of(Order.class),
                    TestInput.MAX_RECORD_BYTES,
                    false);

    @Test
    void everyPoisonPillBecomesOneDeadLetterAndValidRecordsAroundItDecode() {
        List<TestInput.Entry> input = TestInput.interleaved(40);
        List<Order> decoded = new ArrayList<>();
        List<KinesisDeadLetter> dead = new ArrayList<>();
        List<Order> expected = new ArrayList<>();
        List<String> expectedErrors = new ArrayList<>();
        int seq = 0;
        for (TestInput.Entry e : input) {
            Either<KinesisDeadLetter, Order> r =
                    decoder.decode(e.data, "arn", "shardId-1", "seq-" + seq++, e.partitionKey, 7L);
            if (r.isRight()) {
                decoded.add(r.right());
            } else {
                dead.add(r.left());
            }
            if (e.order != null) {
                expected.add(e.order);
            } else {
                expectedErrors.add(e.partitionKey + ":" + e.expectedErrorType);
            }
        }
        assertThat(decoded).containsExactlyElementsOf(expected);
        List<String> actualErrors = new ArrayList<>();
        for (KinesisDeadLetter d : dead) {
            actualErrors.add(d.getPartitionKey() + ":" + d.getErrorType());
            assertThat(d.getReason()).isNotBlank();
            assertThat(d.getStream()).isEqualTo("arn");
            assertThat(d.getShardId()).isEqualTo("shardId-1");
            assertThat(d.getApproximateArrivalTimestamp()).isEqualTo(7L);
        }
        assertThat(actualErrors).containsExactlyElementsOf(expectedErrors);
        // the dead letter carries the raw bytes exactly
        for (TestInput.Entry e : input) {
            if (e.order == null) {
                KinesisDeadLetter d =
                        dead.stream()
                                .filter(x -> x.getPartitionKey().equals(e.partitionKey))
                                .findFirst()
                                .orElseThrow(AssertionError::new);
                assertThat(d.getPayload()).isEqualTo(e.data);
            }
        }
    }

    @Test
    void reasonsNameTheProblem() {
        assertThat(reason("{\"orderId\":\"a\",\"amount\":\"lots\"}"))
                .startsWith("Cannot deserialize value of type `double` from String \"lots\"")
                .endsWith("(line 1, column 25)");
        assertThat(reason("x".repeat(3000)))
                .isEqualTo("record of 3000 bytes exceeds maxRecordBytes (2048)");
        assertThat(reason(""))
                .isEqualTo("No content to map due to end-of-input (line 1, column 0)");
        assertThat(reason("null")).isEqualTo("record is empty or the JSON literal null");
    }

    @Test
    void unknownPropertiesAreIgnoredByDefaultAndRejectedOnRequest() {
        byte[] json =
                "{\"orderId\":\"a\",\"customerId\":\"c\",\"amount\":1,\"eventTime\":2,\"extra\":3}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(json, "s", "sh", "1", "k", 0).isRight()).isTrue();
        JsonRecordDeserializer<Order> strict =
                new JsonRecordDeserializer<>(
                        Order.class, TypeInformation.of(Order.class), 1024, true);
        Either<KinesisDeadLetter, Order> r = strict.decode(json, "s", "sh", "1", "k", 0);
        assertThat(r.isLeft()).isTrue();
        assertThat(r.left().getErrorType()).isEqualTo("UnrecognizedPropertyException");
    }

    @Test
    void deadLetterIsAFlinkPojo() {
        assertThat(TypeInformation.of(KinesisDeadLetter.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(decoder.getProducedType().toString()).contains("Either");
    }

    private String reason(String text) {
        Either<KinesisDeadLetter, Order> r =
                decoder.decode(text.getBytes(StandardCharsets.UTF_8), "s", "sh", "1", "k", 0);
        assertThat(r.isLeft()).isTrue();
        return r.left().getReason();
    }
}
