package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.Order;
import dev.streamkit.aws.testing.TestClusters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Inputs around 1 MiB and contract violations become dead letters that the real Kinesis sink writes
 * to kinesis-local (the connector's writer itself rejects records over 1 MiB, which would fail the
 * job), read back with the AWS SDK.
 */
class DeadLetterLimitsITCase {

    private static final int MIB = 1024 * 1024;

    /** Input sizes (filled with 'x', so never valid JSON) and small contract violations. */
    private static final int[] SIZES = {MIB * 8 / 10, MIB - 1, MIB, MIB + 1};

    private static final String[] VIOLATIONS = {
        "{\"customerId\":\"c\",\"amount\":1}", "{\"orderId\":\"o\",\"amount\":\"NaN\"}"
    };

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster(null);

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static KinesisLocal kinesis;

    @BeforeAll
    static void start() throws Exception {
        kinesis = LocalServices.kinesis();
    }

    static byte[] input(int i) {
        if (i < SIZES.length) {
            byte[] b = new byte[SIZES[i]];
            Arrays.fill(b, (byte) 'x');
            return b;
        }
        return VIOLATIONS[i - SIZES.length].getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] b) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    @Test
    void deadLettersOfInputsAroundOneMibFitTheDeadLetterStream() throws Exception {
        int count = SIZES.length + VIOLATIONS.length;
        StreamExecutionEnvironment env = TestClusters.env();
        env.setParallelism(1);
        DecodedStream<Order> decoded =
                KinesisSources.json(Order.class)
                        .require("orderId", o -> o.getOrderId() != null)
                        .decode(
                                env.fromSequence(0, count - 1)
                                        .map(new Input())
                                        .returns(
                                                PrimitiveArrayTypeInfo
                                                        .BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                                "limits");
        decoded.records().sinkTo(new DiscardingSink<>());
        decoded.deadLetters()
                .sinkTo(
                        KinesisSinks.deadLetters()
                                .streamArn(KinesisLocal.arn("limits-dlq"))
                                .connection(kinesis.connection())
                                .maxTimeInBuffer(Duration.ofMillis(100))
                                .build());
        env.execute("dead-letter-limits");

        List<Record> written = kinesis.readAll("limits-dlq");
        assertThat(written).hasSize(count);
        ObjectMapper mapper = new ObjectMapper();
        Map<String, KinesisDeadLetter> bySequence = new HashMap<>();
        for (Record r : written) {
            int size =
                    r.data().asByteArray().length
                            + r.partitionKey().getBytes(StandardCharsets.UTF_8).length;
            assertThat(size).as("record %s", r.partitionKey()).isLessThanOrEqualTo(MIB);
            KinesisDeadLetter d = mapper.readValue(r.data().asByteArray(), KinesisDeadLetter.class);
            bySequence.put(d.getSequenceNumber(), d);
        }
        for (int i = 0; i < count; i++) {
            byte[] in = input(i);
            KinesisDeadLetter d = bySequence.get(String.valueOf(i));
            assertThat(d).as("dead letter of input %s", i).isNotNull();
            assertThat(d.getPayloadBytes()).isEqualTo(in.length);
            assertThat(d.getPayloadSha256()).isEqualTo(sha256(in));
            assertThat(d.getStream()).isEqualTo("limits");
            if (i < SIZES.length) {
                // base64 makes every one of these larger than a Kinesis record
                assertThat(d.isPayloadTruncated()).as("input %s", i).isTrue();
                assertThat(in).startsWith(d.getPayload());
                assertThat(d.getErrorType())
                        .isEqualTo(in.length > MIB ? "OVERSIZED" : "JsonParseException");
            } else {
                assertThat(d.isPayloadTruncated()).isFalse();
                assertThat(d.getPayload()).isEqualTo(in);
            }
        }
        assertThat(bySequence.get("4").getReason()).isEqualTo("requirement 'orderId' not met");
        assertThat(bySequence.get("5").getErrorType()).isEqualTo("NON_FINITE_NUMBER");
    }

    private static final class Input implements MapFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] map(Long i) {
            return input(i.intValue());
        }
    }
}
