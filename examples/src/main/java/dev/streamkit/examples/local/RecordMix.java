package dev.streamkit.examples.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a scenario's arrival order: each record is placed by an arrival key (its event time plus a
 * bounded delay, or much later for a late record), and ties keep insertion order. Also renders the
 * three kinds of malformed records every scenario injects (not JSON, truncated, wrong-typed).
 */
public final class RecordMix {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Arrival> arrivals = new ArrayList<>();
    private final SplittableRandom random;
    private int malformed;

    public RecordMix(SplittableRandom random) {
        this.random = random;
    }

    /** Adds {@code event} as JSON arriving at {@code arrivalKey} (event-time millis). */
    public String add(Object event, long arrivalKey) {
        String json = json(event);
        addRaw(json, arrivalKey);
        return json;
    }

    /** Adds a raw line arriving at {@code arrivalKey}. */
    public void addRaw(String line, long arrivalKey) {
        arrivals.add(new Arrival(arrivalKey, arrivals.size(), line));
    }

    /**
     * Adds a malformed record derived from the valid JSON {@code template}: cycling through text
     * that is not JSON, JSON cut in half, and a field of the wrong type ({@code timestampField}
     * holding a string).
     */
    public void addMalformed(String template, String timestampField, long arrivalKey) {
        String line;
        switch (malformed++ % 3) {
            case 0:
                line = "not json: " + template.hashCode();
                break;
            case 1:
                line = template.substring(0, template.length() / 2);
                break;
            default:
                line =
                        template.replaceFirst(
                                "\"" + timestampField + "\":-?\\d+",
                                "\"" + timestampField + "\":\"yesterday\"");
                if (line.equals(template)) {
                    throw new IllegalArgumentException(
                            "template has no numeric field " + timestampField + ": " + template);
                }
        }
        addRaw(line, arrivalKey);
    }

    public int malformed() {
        return malformed;
    }

    public SplittableRandom random() {
        return random;
    }

    /** The records sorted by arrival key (stable). */
    public List<String> records() {
        List<Arrival> sorted = new ArrayList<>(arrivals);
        sorted.sort(Comparator.comparingLong((Arrival a) -> a.key).thenComparingInt(a -> a.seq));
        List<String> lines = new ArrayList<>(sorted.size());
        for (Arrival a : sorted) {
            lines.add(a.line);
        }
        return lines;
    }

    public static String json(Object event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot render " + event, e);
        }
    }

    private static final class Arrival {
        final long key;
        final int seq;
        final String line;

        Arrival(long key, int seq, String line) {
            this.key = key;
            this.seq = seq;
            this.line = line;
        }
    }
}
