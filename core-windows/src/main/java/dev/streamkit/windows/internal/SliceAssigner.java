package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.TimeMath;
import java.io.Serializable;
import org.apache.flink.annotation.Internal;

/**
 * Maps event times to slices and slices to windows, in units of slice indices.
 *
 * <p>Slice {@code j} covers {@code [(j - 1) * len, j * len)}; a window is identified by the index
 * {@code e} of its last slice (its end is {@code e * len}). Sliding windows (size {@code k} slices,
 * slide {@code p} slices, {@code len = gcd(size, slide)}) end at multiples of {@code p} and cover
 * slices {@code (e - k, e]} (window starts are multiples of the slide, so ends are {@code = k mod
 * p}); tumbling windows are sliding windows with {@code k = p = 1}; cumulative windows (max size
 * {@code m} steps, {@code len = step}) end at every slice and cover slices {@code (floor((e - 1) /
 * m) * m, e]}.
 */
@Internal
public final class SliceAssigner implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The window kinds served by slicing. */
    public enum Kind {
        /** Tumbling windows. */
        TUMBLING,
        /** Sliding windows. */
        SLIDING,
        /** Cumulative windows. */
        CUMULATIVE
    }

    private final Kind kind;
    private final long len;
    private final long k;
    private final long p;

    private SliceAssigner(Kind kind, long len, long k, long p) {
        this.kind = kind;
        this.len = len;
        this.k = k;
        this.p = p;
    }

    /**
     * Tumbling windows.
     *
     * @param size window size in ms
     * @return the assigner
     */
    public static SliceAssigner tumbling(long size) {
        return new SliceAssigner(Kind.TUMBLING, size, 1, 1);
    }

    /**
     * Sliding windows.
     *
     * @param size window size in ms
     * @param slide slide in ms
     * @return the assigner
     */
    public static SliceAssigner sliding(long size, long slide) {
        long len = gcd(size, slide);
        if (slide == size) {
            return tumbling(size);
        }
        return new SliceAssigner(Kind.SLIDING, len, size / len, slide / len);
    }

    /**
     * Cumulative windows.
     *
     * @param maxSize period in ms
     * @param step step in ms
     * @return the assigner
     */
    public static SliceAssigner cumulative(long maxSize, long step) {
        return new SliceAssigner(Kind.CUMULATIVE, step, maxSize / step, 1);
    }

    static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * The window kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Slice length in ms.
     *
     * @return the result
     */
    public long sliceLength() {
        return len;
    }

    /**
     * Slices per (largest) window.
     *
     * @return the result
     */
    public long slicesPerWindow() {
        return k;
    }

    /**
     * Slices between consecutive window ends.
     *
     * @return the result
     */
    public long slicesPerStep() {
        return p;
    }

    /**
     * The slice of a timestamp.
     *
     * @param timestamp event time
     * @return the slice index
     */
    public long sliceIndex(long timestamp) {
        return Math.floorDiv(timestamp, len) + 1;
    }

    /**
     * The smallest window end index {@code >= j}.
     *
     * @param j the j
     * @return the result
     */
    public long firstWindowEnd(long j) {
        return ceilStep(j);
    }

    /**
     * The largest window end index whose window contains slice {@code j}.
     *
     * @param j the j
     * @return the result
     */
    public long lastWindowEnd(long j) {
        if (kind == Kind.CUMULATIVE) {
            return (Math.floorDiv(j - 1, k) + 1) * k;
        }
        return floorStep(j + k - 1);
    }

    /**
     * The index of the first slice of window {@code e}.
     *
     * @param e the e
     * @return the result
     */
    public long firstSlice(long e) {
        if (kind == Kind.CUMULATIVE) {
            return Math.floorDiv(e - 1, k) * k + 1;
        }
        return e - k + 1;
    }

    /**
     * The largest window end index {@code e} with {@code e * len - 1 <= time}.
     *
     * @param time the time
     * @return the result
     */
    public long lastWindowEndAtOrBefore(long time) {
        if (time == Long.MAX_VALUE) {
            return floorStep(Long.MAX_VALUE / len - k);
        }
        return floorStep(Math.floorDiv(time + 1, len));
    }

    /**
     * Largest window end index {@code <= j} (window ends are {@code = k mod p}).
     *
     * @param j the j
     * @return the result
     */
    public long floorStep(long j) {
        long off = Math.floorMod(k, p);
        return Math.floorDiv(j - off, p) * p + off;
    }

    /**
     * Smallest window end index {@code >= j}.
     *
     * @param j the j
     * @return the result
     */
    public long ceilStep(long j) {
        long off = Math.floorMod(k, p);
        return -Math.floorDiv(off - j, p) * p + off;
    }

    /**
     * The start of the window ending at slice end {@code e}.
     *
     * @param e the window end index
     * @return the start in ms
     */
    public long windowStartMillis(long e) {
        return (firstSlice(e) - 1) * len;
    }

    /**
     * The end of the window ending at slice end {@code e}.
     *
     * @param e the window end index
     * @return the end in ms
     */
    public long windowEndMillis(long e) {
        return e * len;
    }

    /**
     * The timer time of window {@code e}: its last millisecond.
     *
     * @param e the e
     * @return the result
     */
    public long fireTime(long e) {
        return e * len - 1;
    }

    /**
     * The event times the slicing operator can window, {min, max}: every window of such a time
     * starts at or after {@code Long.MIN_VALUE}, and ends (in slice indices) before the last window
     * a {@code Long.MAX_VALUE} watermark fires ({@link #lastWindowEndAtOrBefore}), so its bounds,
     * fire time and cleanup time never overflow and its state is removed at the end of input. The
     * margin of {@code (2 * slicesPerWindow + 2 * slicesPerStep + 4)} slices keeps every slice
     * index computation away from the ends of the long range; it is a few window sizes out of 292
     * million years.
     */
    long[] representableEventTimes() {
        long len = sliceLength();
        long marginSlices = TimeMath.add(TimeMath.add(slicesPerWindow(), slicesPerStep()) * 2L, 4);
        long maxSlices = Long.MAX_VALUE / len - 1;
        if (marginSlices >= maxSlices) {
            return new long[] {0, -1}; // windows of about 2^62 ms: nothing is representable
        }
        long margin = marginSlices * len;
        return new long[] {Long.MIN_VALUE + margin, Long.MAX_VALUE - margin};
    }
}
