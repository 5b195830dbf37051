package dev.streamkit.examples.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Derives records from a valid JSON record, each with the outcome the job must give it: decoded, or
 * a dead letter of a known category. Every mutation changes one field or the whole record; what
 * Jackson makes of each mutated value (an error, NaN, a value) is stated here next to the value, so
 * the expected outcome follows from the {@link JsonContract} alone.
 *
 * <p>Outcomes: {@value #DECODED}, {@value #JSON} (any Jackson syntax or type error), {@code NULL},
 * {@code NON_FINITE_NUMBER}, {@code INVALID_UTF8}, {@code OVERSIZED}, {@code REQUIREMENT:<field>}.
 */
public final class RecordMutator {
    public static final String DECODED = "DECODED";
    public static final String JSON = "JSON";
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonContract contract;
    private final SplittableRandom random;

    public RecordMutator(JsonContract contract, SplittableRandom random) {
        this.contract = contract;
        this.random = random;
    }

    /** A derived record and the outcome it must have. */
    public static final class Mutant {
        public final byte[] payload;
        public final String expected;
        public final String mutation;

        Mutant(byte[] payload, String expected, String mutation) {
            this.payload = payload;
            this.expected = expected;
            this.mutation = mutation;
        }
    }

    /** What a field decodes to after a mutation. */
    private enum State {
        VALUE,
        MISSING,
        NULL,
        JSON_ERROR,
        NON_FINITE
    }

    /** One mutated field: its raw JSON (null: dropped) and what Jackson makes of it. */
    private static final class Change {
        final String raw;
        final State state;
        final Object value;
        final String name;

        Change(String raw, State state, Object value, String name) {
            this.raw = raw;
            this.state = state;
            this.value = value;
            this.name = name;
        }
    }

    /** A random mutant of {@code template} (a valid record of the contract). */
    public Mutant mutate(String template) {
        if (random.nextInt(5) == 0) {
            return wholeRecord(template);
        }
        List<String> fields = new ArrayList<>(contract.fields().keySet());
        String field = fields.get(random.nextInt(fields.size()));
        Change change = change(field, contract.fields().get(field));
        Map<String, String> raw = rawFields(template);
        if (change.raw == null) {
            raw.remove(field);
        } else {
            raw.put(field, change.raw);
        }
        String mutation = field + ":" + change.name;
        return new Mutant(
                render(raw).getBytes(StandardCharsets.UTF_8),
                expected(template, field, change),
                mutation);
    }

    /**
     * {@code template} padded with an unknown property to exactly {@code bytes} bytes: decoded up
     * to {@link #MAX_RECORD_BYTES} (unknown properties are ignored), OVERSIZED above.
     */
    public Mutant padded(String template, int bytes) {
        Map<String, String> raw = rawFields(template);
        raw.put("padding", "\"\"");
        int missing = bytes - render(raw).getBytes(StandardCharsets.UTF_8).length;
        char[] pad = new char[missing];
        Arrays.fill(pad, 'p');
        raw.put("padding", "\"" + new String(pad) + "\"");
        byte[] payload = render(raw).getBytes(StandardCharsets.UTF_8);
        if (payload.length != bytes) {
            throw new IllegalStateException("padded to " + payload.length + ", not " + bytes);
        }
        return new Mutant(
                payload, bytes > MAX_RECORD_BYTES ? "OVERSIZED" : DECODED, "padded:" + bytes);
    }

    private Mutant wholeRecord(String template) {
        byte[] bytes = template.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(7)) {
            case 0:
                // a strict prefix of a JSON object is never a complete value
                int cut = 1 + random.nextInt(bytes.length - 1);
                return new Mutant(Arrays.copyOf(bytes, cut), JSON, "truncated");
            case 1:
                byte[] replaced = bytes.clone();
                replaced[1 + random.nextInt(bytes.length - 2)] = (byte) 0xFF;
                return new Mutant(replaced, "INVALID_UTF8", "utf8:0xFF");
            case 2:
                // 0xC3 starts a two-byte sequence; '(' cannot continue it
                int at = 1 + random.nextInt(bytes.length - 2);
                byte[] inserted = new byte[bytes.length + 2];
                System.arraycopy(bytes, 0, inserted, 0, at);
                inserted[at] = (byte) 0xC3;
                inserted[at + 1] = '(';
                System.arraycopy(bytes, at, inserted, at + 2, bytes.length - at);
                return new Mutant(inserted, "INVALID_UTF8", "utf8:C3-28");
            case 3:
                return new Mutant(utf8("null"), "NULL", "literal-null");
            case 4:
                String[] notObjects = {"[1]", "42", "\"text\"", "[]", "true"};
                return new Mutant(
                        utf8(notObjects[random.nextInt(notObjects.length)]), JSON, "not-an-object");
            case 5:
                Map<String, String> extra = rawFields(template);
                extra.put("unexpected", "{\"nested\":[1,2,{\"deep\":null}]}");
                return new Mutant(utf8(render(extra)), DECODED, "unknown-property");
            default:
                return new Mutant(utf8(template + " trailing"), JSON, "trailing-garbage");
        }
    }

    private Change change(String field, JsonContract.Kind kind) {
        switch (random.nextInt(4)) {
            case 0:
                return new Change(null, State.MISSING, null, "dropped");
            case 1:
                return new Change("null", State.NULL, null, "null");
            case 2:
                String[] wrong = {"{\"x\":1}", "[1,2]"};
                return new Change(wrong[random.nextInt(2)], State.JSON_ERROR, null, "object/array");
            default:
                break;
        }
        switch (kind) {
            case STRING:
                return stringChange(field);
            case LONG:
                return longChange();
            default:
                return doubleChange();
        }
    }

    private Change stringChange(String field) {
        int which = random.nextInt(contract.isId(field) ? 4 : 5);
        switch (which) {
            case 0:
                return new Change("\"\"", State.VALUE, "", "empty");
            case 1:
                return new Change("\"  \\t \"", State.VALUE, "  \t ", "blank");
            case 2:
            case 3:
                int length =
                        random.nextInt(50) == 0
                                ? 200_000
                                : 257 + random.nextInt(random.nextBoolean() ? 100 : 4_000);
                char[] huge = new char[length];
                Arrays.fill(huge, 'h');
                String s = new String(huge);
                return new Change(
                        "\"" + s + "\"", State.VALUE, s, length > 10_000 ? "huge" : "long");
            default:
                // not for ids: another string there would be another valid id
                return new Change("\"fuzz\"", State.VALUE, "fuzz", "unknown-value");
        }
    }

    private Change longChange() {
        switch (random.nextInt(11)) {
            case 0:
                return new Change("\"yesterday\"", State.JSON_ERROR, null, "text");
            case 1:
                return new Change("99999999999999999999", State.JSON_ERROR, null, "beyond-long");
            case 2:
                return new Change("\"NaN\"", State.JSON_ERROR, null, "NaN-text");
            case 3:
                return new Change("-1", State.VALUE, -1L, "negative");
            case 4:
                return new Change("0", State.VALUE, 0L, "zero");
            case 5:
                return new Change("-1767225600000", State.VALUE, -1767225600000L, "negated");
            case 6:
                return new Change("4102444800000", State.VALUE, 4102444800000L, "year-2100");
            case 7:
                return new Change("253402300799999", State.VALUE, 253402300799999L, "year-9999");
            case 8:
                return new Change(
                        String.valueOf(Long.MAX_VALUE), State.VALUE, Long.MAX_VALUE, "max-long");
            case 9:
                return new Change(
                        String.valueOf(Long.MIN_VALUE), State.VALUE, Long.MIN_VALUE, "min-long");
            default:
                return new Change("1767225600", State.VALUE, 1767225600L, "seconds-not-millis");
        }
    }

    private Change doubleChange() {
        switch (random.nextInt(13)) {
            case 0:
                return new Change("\"NaN\"", State.NON_FINITE, null, "NaN");
            case 1:
                return new Change("\"Infinity\"", State.NON_FINITE, null, "Infinity");
            case 2:
                return new Change("\"-Infinity\"", State.NON_FINITE, null, "-Infinity");
            case 3:
                return new Change("1e400", State.NON_FINITE, null, "1e400");
            case 4:
                return new Change("-1e400", State.NON_FINITE, null, "-1e400");
            case 5:
                return new Change("\"abc\"", State.JSON_ERROR, null, "text");
            case 6:
                return new Change("1.7976931348623157E308", State.VALUE, Double.MAX_VALUE, "max");
            case 7:
                return new Change("-1.7976931348623157E308", State.VALUE, -Double.MAX_VALUE, "min");
            case 8:
                return new Change("0", State.VALUE, 0.0, "zero");
            case 9:
                return new Change("-1", State.VALUE, -1.0, "negative");
            case 10:
                return new Change("-300", State.VALUE, -300.0, "minus-300");
            case 11:
                return new Change("4.9E-324", State.VALUE, Double.MIN_VALUE, "tiny");
            default:
                return new Change("91", State.VALUE, 91.0, "ninety-one");
        }
    }

    private String expected(String template, String field, Change change) {
        if (change.state == State.JSON_ERROR) {
            return JSON;
        }
        JsonContract.Kind kind = contract.fields().get(field);
        if (change.state == State.NULL && kind == JsonContract.Kind.LONG) {
            return JSON; // null for a primitive is rejected by the decoder
        }
        if (change.state == State.NON_FINITE) {
            return "NON_FINITE_NUMBER";
        }
        Map<String, Object> values = values(template);
        if (change.state == State.VALUE) {
            values.put(field, change.value);
        } else {
            values.put(field, kind == JsonContract.Kind.LONG ? (Object) 0L : null);
        }
        String violated = contract.violated(values);
        return violated == null ? DECODED : "REQUIREMENT:" + violated;
    }

    /** The template's values as Jackson decodes them into the job's type. */
    private Map<String, Object> values(String template) {
        JsonNode node = tree(template);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonContract.Kind> f : contract.fields().entrySet()) {
            JsonNode v = node.get(f.getKey());
            Object value;
            if (v == null || v.isNull()) {
                value = f.getValue() == JsonContract.Kind.LONG ? (Object) 0L : null;
            } else if (f.getValue() == JsonContract.Kind.STRING) {
                value = v.asText();
            } else if (f.getValue() == JsonContract.Kind.LONG) {
                value = v.asLong();
            } else {
                value = v.asDouble();
            }
            values.put(f.getKey(), value);
        }
        return values;
    }

    private static Map<String, String> rawFields(String template) {
        JsonNode node = tree(template);
        Map<String, String> raw = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            raw.put(e.getKey(), e.getValue().toString());
        }
        return raw;
    }

    private static String render(Map<String, String> raw) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        return b.append('}').toString();
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
