package dev.streamkit.aws.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Valid orders interleaved with poison pills of every kind, in a fixed order: after each bad record
 * comes at least one valid one, so "records after a bad one still decode" is exercised.
 */
public final class TestInput {

    /** One record to write: its partition key, bytes, and what the decoder should make of it. */
    public static final class Entry {
        public final String partitionKey;
        public final byte[] data;
        public final Order order; // null for a poison pill
        public final String expectedErrorType; // null for a valid record

        Entry(String partitionKey, byte[] data, Order order, String expectedErrorType) {
            this.partitionKey = partitionKey;
            this.data = data;
            this.order = order;
            this.expectedErrorType = expectedErrorType;
        }
    }

    public static final int MAX_RECORD_BYTES = 2048;

    private TestInput() {}

    public static Order order(int i) {
        return new Order(
                "order-" + i, "customer-" + (i % 7), i * 1.5, 1_700_000_000_000L + i * 1000L);
    }

    /** {@code validCount} orders with the pills below spread between them. */
    public static List<Entry> interleaved(int validCount) {
        List<Entry> pills = new ArrayList<>();
        pills.add(pill("bad-malformed", "this is not json {", "JsonParseException"));
        pills.add(
                pill(
                        "bad-truncated",
                        "{\"orderId\":\"x-1\",\"customerId\":\"c\",\"amo",
                        "JsonEOFException"));
        pills.add(
                pill(
                        "bad-wrong-type",
                        "{\"orderId\":\"x-2\",\"customerId\":\"c\",\"amount\":\"lots\",\"eventTime\":1}",
                        "InvalidFormatException"));
        char[] pad = new char[MAX_RECORD_BYTES + 10];
        Arrays.fill(pad, 'p');
        pills.add(
                pill(
                        "bad-oversized",
                        "{\"orderId\":\"x-3\",\"customerId\":\""
                                + new String(pad)
                                + "\",\"amount\":1,\"eventTime\":1}",
                        "OVERSIZED"));
        pills.add(pill("bad-null", "null", "NULL"));
        pills.add(
                pill(
                        "bad-trailing",
                        "{\"orderId\":\"x-4\",\"customerId\":\"c\",\"amount\":1,\"eventTime\":1} {}",
                        "MismatchedInputException"));
        pills.add(
                pill(
                        "bad-null-primitive",
                        "{\"orderId\":\"x-5\",\"customerId\":\"c\",\"amount\":null,\"eventTime\":1}",
                        "MismatchedInputException"));
        pills.add(pill("bad-empty-object-array", "[1,2]", "MismatchedInputException"));

        List<Entry> out = new ArrayList<>();
        int every = Math.max(1, validCount / (pills.size() + 1));
        int p = 0;
        for (int i = 0; i < validCount; i++) {
            if (i > 0 && i % every == 0 && p < pills.size()) {
                out.add(pills.get(p++));
            }
            Order o = order(i);
            out.add(
                    new Entry(
                            o.getOrderId(), o.toJson().getBytes(StandardCharsets.UTF_8), o, null));
        }
        // any pills left go before the last valid record
        while (p < pills.size()) {
            out.add(out.size() - 1, pills.get(p++));
        }
        return Collections.unmodifiableList(out);
    }

    private static Entry pill(String key, String text, String errorType) {
        return new Entry(key, text.getBytes(StandardCharsets.UTF_8), null, errorType);
    }
}
