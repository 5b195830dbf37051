package dev.streamkit.examples.common;

import java.time.Instant;

/**
 * The field rules the example jobs' input contracts share (each job declares its contract with
 * {@code KinesisJsonSource.Builder#require} in its event class): what a usable id and a plausible
 * event time are.
 */
public final class Contracts {
    /** The longest id or key the jobs accept (ids are kept in keyed state). */
    public static final int MAX_ID_LENGTH = 256;

    /** Event times before this are not plausible (0, negative, or seconds mistaken for millis). */
    public static final long MIN_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    /**
     * Event times from this on are not plausible: one such record would move the watermark so far
     * ahead that every later record of its input is late.
     */
    public static final long MAX_EVENT_TIME = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    /** The requirement name of {@link #plausibleTime}. */
    public static final String TIMESTAMP =
            "timestamp is epoch milliseconds in [2000-01-01, 2100-01-01)";

    private Contracts() {}

    /** A non-blank string of at most {@link #MAX_ID_LENGTH} characters. */
    public static boolean isId(String value) {
        return value != null && !value.trim().isEmpty() && value.length() <= MAX_ID_LENGTH;
    }

    /** The requirement name of {@link #isId} for {@code field}. */
    public static String id(String field) {
        return field + " is a non-blank string of at most " + MAX_ID_LENGTH + " characters";
    }

    /** In [{@link #MIN_EVENT_TIME}, {@link #MAX_EVENT_TIME}). */
    public static boolean plausibleTime(long epochMillis) {
        return epochMillis >= MIN_EVENT_TIME && epochMillis < MAX_EVENT_TIME;
    }
}
