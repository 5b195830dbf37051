package dev.streamkit.common.internal;

import org.apache.flink.annotation.Internal;

/**
 * Overflow-safe time arithmetic shared by the core operators. Watermarks reach {@code
 * Long.MAX_VALUE} at the end of input and after {@code stop --drain}, and producers send far-future
 * or {@code Long.MIN_VALUE + 1} timestamps: every {@code + 1}, {@code end - 1 + lateness}, cleanup
 * time, timer time and expiry rounding goes through here instead of plain {@code +} / {@code -}.
 */
@Internal
public final class TimeMath {
    /** Timers beyond this are never registered; ids this far in the future never expire. */
    public static final long MAX_TIME = Long.MAX_VALUE - 1;

    private TimeMath() {}

    /**
     * {@code a + b} saturated to [{@code Long.MIN_VALUE}, {@link #MAX_TIME}].
     *
     * @param a a time or duration in milliseconds
     * @param b a time or duration in milliseconds
     * @return the sum, clamped instead of wrapping
     */
    public static long add(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : MAX_TIME;
        }
        return Math.min(r, MAX_TIME);
    }

    /**
     * {@code a - b} saturated to [{@code Long.MIN_VALUE}, {@link #MAX_TIME}] (e.g. {@code watermark
     * - allowedLateness} while the watermark is still {@code Long.MIN_VALUE}).
     *
     * @param a a time or duration in milliseconds
     * @param b a time or duration in milliseconds
     * @return the difference, clamped instead of wrapping
     */
    public static long subtract(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : MAX_TIME;
        }
        return Math.min(r, MAX_TIME);
    }

    /**
     * The smallest multiple of {@code granularity} that is {@code >= t} (saturating).
     *
     * @param t a time in milliseconds
     * @param granularity a positive step in milliseconds
     * @return {@code t} rounded up to the step, at most {@link #MAX_TIME}
     */
    public static long ceil(long t, long granularity) {
        if (granularity == 1) {
            return t;
        }
        // floorDiv(t, g) * g would overflow for t near Long.MIN_VALUE: step up from t instead.
        long rem = Math.floorMod(t, granularity);
        return rem == 0 ? t : add(t, granularity - rem);
    }
}
