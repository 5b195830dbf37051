package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.testing.Order;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the decode path at job level: 10 000 records, valid ones mixed with mutations
 * (dropped, null, wrong-typed, empty, huge and non-finite fields, invalid UTF-8, truncation,
 * trailing garbage, oversize). The job finishes with restarts disabled and every input is accounted
 * for exactly once, as a decoded record or as a dead letter with the error type the mutation calls
 * for (the oracle below, written independently of the decoder).
 */
class DecodeFuzzTest {

    private static final int RECORDS = 10_000;
    private static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final String ANY = "*";

    /** One fuzzed input: its bytes and what must become of it (null: decoded). */
    static final class Case {
        final byte[] bytes;
        final String expectedErrorType;

        Case(byte[] bytes, String expectedErrorType) {
            this.bytes = bytes;
            this.expectedErrorType = expectedErrorType;
        }
    }

    private static String json(String orderId, String customerId, String amount, String time) {
        List<String> fields = new ArrayList<>();
        if (orderId != null) {
            fields.add("\"orderId\":" + orderId);
        }
        if (customerId != null) {
            fields.add("\"customerId\":" + customerId);
        }
        if (amount != null) {
            fields.add("\"amount\":" + amount);
        }
        if (time != null) {
            fields.add("\"eventTime\":" + time);
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static Case text(String s, String expected) {
        return new Case(s.getBytes(StandardCharsets.UTF_8), expected);
    }

    /** The case for record {@code i}; deterministic in (seed, i). */
    static Case fuzz(long seed, int i) {
        Random r = new Random(seed * 1_000_003L + i);
        String id = "\"o" + i + "\"";
        String customer = "\"c" + (i % 17) + "\"";
        String amount = String.valueOf(r.nextInt(10_000) / 100.0);
        String time = String.valueOf(1_000L * i);
        String valid = json(id, customer, amount, time);
        int kind = r.nextInt(30); // 22 to 29: valid
        switch (kind) {
            case 0:
                return text(json(null, customer, amount, time), "REQUIREMENT");
            case 1:
                return text(json(id, null, amount, time), "REQUIREMENT");
            case 2: // a missing primitive is not null: it keeps its default
                return text(json(id, customer, null, time), null);
            case 3:
                return text(json("null", customer, amount, time), "REQUIREMENT");
            case 4:
                return text(json(id, "null", amount, time), "REQUIREMENT");
            case 5:
                return text(json(id, customer, "null", time), "MismatchedInputException");
            case 6:
                return text(json(id, customer, amount, "null"), "MismatchedInputException");
            case 7:
                return text(json("\"\"", customer, amount, time), "REQUIREMENT");
            case 8:
                return text(json(id, customer, "\"NaN\"", time), "NON_FINITE_NUMBER");
            case 9:
                return text(
                        json(id, customer, r.nextBoolean() ? "1e400" : "-1e999", time),
                        "NON_FINITE_NUMBER");
            case 10:
                return text(json(id, customer, "\"lots\"", time), "InvalidFormatException");
            case 11:
                return text(json(id, customer, amount, "[1]"), "MismatchedInputException");
            case 12: // huge but within maxRecordBytes
                return text(json("\"" + "x".repeat(30_000) + "\"", customer, amount, time), null);
            case 13:
                return text(
                        json("\"" + "x".repeat(MAX_RECORD_BYTES) + "\"", customer, amount, time),
                        "OVERSIZED");
            case 14:
                {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    byte[] v = valid.getBytes(StandardCharsets.UTF_8);
                    int at = 2 + r.nextInt(v.length - 3);
                    b.write(v, 0, at);
                    b.write(0x80 | r.nextInt(0x40)); // a continuation byte without a lead byte
                    b.write(v, at, v.length - at);
                    return new Case(b.toByteArray(), "INVALID_UTF8");
                }
            case 15: // truncated anywhere
                return text(valid.substring(0, 1 + r.nextInt(valid.length() - 1)), ANY);
            case 16:
                return text(valid + (r.nextBoolean() ? " x" : "{}"), ANY);
            case 17:
                return text(json(id, customer, amount, "1e30"), ANY);
            case 18: // extreme but valid values
                return text(
                        json(id, customer, "-1.7976931348623157E308", "9223372036854775807"), null);
            case 19:
                return text("null", "NULL");
            case 20:
                return text("", ANY);
            case 21: // unknown properties are ignored
                return text(valid.substring(0, valid.length() - 1) + ",\"extra\":[1,{}]}", null);
            default:
                return text(valid, null);
        }
    }

    @Test
    void everyFuzzedRecordIsDecodedOrDeadLetteredExactlyOnceAsTheOracleSays() throws Exception {
        long seed = System.nanoTime();
        System.out.println("DecodeFuzzTest seed = " + seed + "L");
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        DataStream<byte[]> raw =
                env.fromSequence(0, RECORDS - 1)
                        .map(new Fuzzer(seed))
                        .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DecodedStream<Order> decoded =
                KinesisSources.json(Order.class)
                        .maxRecordBytes(MAX_RECORD_BYTES)
                        .require(
                                "orderId", o -> o.getOrderId() != null && !o.getOrderId().isEmpty())
                        .require("customerId", o -> o.getCustomerId() != null)
                        .decode(raw, "fuzz");
        DataStream<String> outcomes =
                decoded.records()
                        .map(o -> "ok " + o.getOrderId().length())
                        .union(
                                decoded.deadLetters()
                                        .map(
                                                d ->
                                                        "dead "
                                                                + d.getSequenceNumber()
                                                                + " "
                                                                + d.getErrorType()));
        List<String> results = new ArrayList<>();
        outcomes.executeAndCollect().forEachRemaining(results::add);

        int expectedDecoded = 0;
        Map<Long, String> expectedDead = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            Case c = fuzz(seed, i);
            if (c.expectedErrorType == null) {
                expectedDecoded++;
            } else {
                expectedDead.put((long) i, c.expectedErrorType);
            }
        }
        Map<Long, String> actualDead = new HashMap<>();
        int decodedCount = 0;
        for (String s : results) {
            if (s.startsWith("ok ")) {
                decodedCount++;
            } else {
                String[] parts = s.split(" ");
                String previous = actualDead.put(Long.parseLong(parts[1]), parts[2]);
                assertThat(previous)
                        .as("record %s dead-lettered twice (seed %s)", parts[1], seed)
                        .isNull();
            }
        }
        assertThat(results).as("one outcome per input (seed %s)", seed).hasSize(RECORDS);
        assertThat(decodedCount).as("decoded (seed %s)", seed).isEqualTo(expectedDecoded);
        assertThat(actualDead.keySet())
                .as("dead letters (seed %s)", seed)
                .isEqualTo(expectedDead.keySet());
        for (Map.Entry<Long, String> e : expectedDead.entrySet()) {
            if (!e.getValue().equals(ANY)) {
                assertThat(actualDead.get(e.getKey()))
                        .as(
                                "error type of record %s (seed %s): %s",
                                e.getKey(),
                                seed,
                                new String(
                                        fuzz(seed, e.getKey().intValue()).bytes,
                                        StandardCharsets.UTF_8))
                        .isEqualTo(e.getValue());
            }
        }
        // the mix really covers every kind of input
        assertThat(expectedDecoded).isBetween(RECORDS / 5, RECORDS * 3 / 5);
    }

    private static final class Fuzzer implements MapFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final long seed;

        Fuzzer(long seed) {
            this.seed = seed;
        }

        @Override
        public byte[] map(Long i) {
            return fuzz(seed, i.intValue()).bytes;
        }
    }
}
