package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.kinesis.internal.BoundedDeadLetterSchema;
import dev.streamkit.aws.kinesis.internal.JsonRecordDeserializer;
import dev.streamkit.aws.testing.Order;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * A dead letter always fits its Kinesis record (1 MiB including the partition key). Sizes here are
 * measured with a plain Jackson mapper, independently of the schema under test.
 */
class BoundedDeadLetterTest {

    private static final int MIB = 1024 * 1024;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final long SEED = 14L;

    private static final PartitionKeyExtractor<KinesisDeadLetter> KEY =
            d -> d.getShardId() + "/" + d.getSequenceNumber();

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(SEED + n).nextBytes(b);
        return b;
    }

    private static KinesisDeadLetter deadLetter(byte[] payload, String reason) {
        return new KinesisDeadLetter(
                payload,
                "arn:aws:kinesis:us-east-1:000000000000:stream/in",
                "shardId-000000000001",
                "49650000000000000000000000000000000000000000000000000001",
                "pk-1",
                1234L,
                "JsonParseException",
                reason);
    }

    private static String sha256(byte[] b) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    private static int keyBytes(KinesisDeadLetter d) {
        return KEY.partitionKey(d).getBytes(StandardCharsets.UTF_8).length;
    }

    /** A dead letter whose untruncated JSON plus key is exactly {@code recordBytes}. */
    private static KinesisDeadLetter ofRecordSize(int recordBytes) throws Exception {
        byte[] payload = randomBytes(recordBytes * 3 / 4 - 3000);
        KinesisDeadLetter d = deadLetter(payload, "r");
        int size = PLAIN.writeValueAsBytes(d).length + keyBytes(d);
        int missing = recordBytes - size; // pad the reason with ASCII to reach the exact size
        assertThat(missing).isBetween(0, 10_000);
        d = deadLetter(payload, "r" + "x".repeat(missing));
        assertThat(PLAIN.writeValueAsBytes(d).length + keyBytes(d)).isEqualTo(recordBytes);
        return d;
    }

    private static byte[] write(int limit, KinesisDeadLetter d) {
        return new BoundedDeadLetterSchema(limit, KEY).serialize(d);
    }

    @Test
    void oneByteUnderAndExactlyAtTheLimitAreWrittenWhole() throws Exception {
        for (int limit : new int[] {65_536, MIB}) {
            for (int size : new int[] {limit - 1, limit}) {
                KinesisDeadLetter d = ofRecordSize(size);
                byte[] out = write(limit, d);
                assertThat(out)
                        .as("limit %s size %s", limit, size)
                        .isEqualTo(PLAIN.writeValueAsBytes(d));
                KinesisDeadLetter back = PLAIN.readValue(out, KinesisDeadLetter.class);
                assertThat(back.isPayloadTruncated()).isFalse();
                assertThat(back.getPayload()).isEqualTo(d.getPayload());
            }
        }
    }

    @Test
    void oneByteOverTheLimitIsTruncatedToFitWithSizeAndHashOfTheOriginal() throws Exception {
        for (int limit : new int[] {65_536, MIB}) {
            KinesisDeadLetter d = ofRecordSize(limit + 1);
            byte[] original = d.getPayload();
            byte[] out = write(limit, d);
            assertThat(out.length + keyBytes(d)).as("limit %s", limit).isLessThanOrEqualTo(limit);
            // as much as fits: base64 packs 3 bytes into 4 characters
            assertThat(out.length + keyBytes(d)).isGreaterThan(limit - 8);
            KinesisDeadLetter back = PLAIN.readValue(out, KinesisDeadLetter.class);
            assertThat(back.isPayloadTruncated()).isTrue();
            assertThat(back.getPayloadBytes()).isEqualTo(original.length);
            assertThat(back.getPayloadSha256()).isEqualTo(sha256(original));
            assertThat(back.getPayload())
                    .isEqualTo(Arrays.copyOf(original, back.getPayload().length));
            assertThat(back.getPayload().length).isLessThan(original.length);
            assertThat(back.getReason()).isEqualTo(d.getReason());
            assertThat(back.getStream()).isEqualTo(d.getStream());
            assertThat(back.getShardId()).isEqualTo(d.getShardId());
            assertThat(back.getSequenceNumber()).isEqualTo(d.getSequenceNumber());
            assertThat(back.getErrorType()).isEqualTo(d.getErrorType());
        }
    }

    @Test
    void inputRecordsJustUnderAndOverOneMibBecomeDeadLettersThatFit() throws Exception {
        JsonRecordDeserializer<Order> decoder =
                new JsonRecordDeserializer<>(
                        Order.class, TypeInformation.of(Order.class), MIB, false);
        // 0.8 MiB (base64 alone is 1.07 MiB), 1 byte under, at and over the 1 MiB input limit
        for (int size : new int[] {MIB * 8 / 10, MIB - 1, MIB, MIB + 1}) {
            byte[] input = new byte[size];
            Arrays.fill(input, (byte) 'x');
            Either<KinesisDeadLetter, Order> r =
                    decoder.decode(input, "arn", "shardId-0", "12345", "pk", 0L);
            assertThat(r.isLeft()).isTrue();
            assertThat(r.left().getErrorType())
                    .isEqualTo(size > MIB ? "OVERSIZED" : "JsonParseException");
            byte[] out = write(BoundedDeadLetterSchema.KINESIS_MAX_RECORD_BYTES, r.left());
            assertThat(out.length + keyBytes(r.left()))
                    .as("size %s", size)
                    .isLessThanOrEqualTo(MIB);
            KinesisDeadLetter back = PLAIN.readValue(out, KinesisDeadLetter.class);
            assertThat(back.isPayloadTruncated()).isTrue();
            assertThat(back.getPayloadBytes()).isEqualTo(size);
            assertThat(back.getPayloadSha256()).isEqualTo(sha256(input));
            assertThat(back.getReason()).isEqualTo(r.left().getReason());
        }
    }

    @Test
    void theLongestPartitionKeyCountsAgainstTheLimit() throws Exception {
        KinesisDeadLetter d = ofRecordSize(MIB);
        PartitionKeyExtractor<KinesisDeadLetter> longKey = x -> "k".repeat(256);
        byte[] out = new BoundedDeadLetterSchema(MIB, longKey).serialize(d);
        assertThat(out.length + 256).isLessThanOrEqualTo(MIB);
        assertThat(PLAIN.readValue(out, KinesisDeadLetter.class).isPayloadTruncated()).isTrue();
    }

    @Test
    void aHugeReasonIsCutSoTheDeadLetterStillFits() throws Exception {
        KinesisDeadLetter d = deadLetter(randomBytes(100), "why".repeat(400_000));
        byte[] out = write(MIB, d);
        assertThat(out.length + keyBytes(d)).isLessThanOrEqualTo(MIB);
        KinesisDeadLetter back = PLAIN.readValue(out, KinesisDeadLetter.class);
        assertThat(back.getReason()).startsWith("whywhy").endsWith("...(truncated)");
        assertThat(back.getPayload()).isEqualTo(d.getPayload());
        assertThat(back.isPayloadTruncated()).isFalse();
    }

    @Test
    void deadLettersBuiltWithSettersGetSizeAndHashToo() throws Exception {
        KinesisDeadLetter d = new KinesisDeadLetter();
        d.setPayload(randomBytes(70_000));
        d.setShardId("s");
        d.setSequenceNumber("1");
        byte[] out = write(65_536, d);
        KinesisDeadLetter back = PLAIN.readValue(out, KinesisDeadLetter.class);
        assertThat(back.getPayloadBytes()).isEqualTo(70_000);
        assertThat(back.getPayloadSha256()).isEqualTo(sha256(d.getPayload()));
        assertThat(back.isPayloadTruncated()).isTrue();
    }
}
