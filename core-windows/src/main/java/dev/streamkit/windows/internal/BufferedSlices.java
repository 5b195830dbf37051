package dev.streamkit.windows.internal;

import java.util.Arrays;

/**
 * The slices one key touched since the last flush of a {@link MiniBatchBuffer} (usually one or
 * two), each with its event count and accumulator: the first one in fields (one object per key on
 * the hot path), further ones in arrays; no boxing. As a {@link MiniBatchTable.Entry} it also
 * carries its key and the key's hash, so that a buffer lookup touches one object.
 *
 * <p>A slice is identified by a {@code long} index only (the slicing operator's slice index). The
 * session operator buffers whole session sets instead, in its own entry type on the same {@link
 * MiniBatchTable}.
 *
 * @param <A> the accumulator type
 */
public final class BufferedSlices<A> extends MiniBatchTable.Entry {
    private long slice0;
    private long count0;
    private A acc0;
    private long[] slices;
    private long[] counts;
    private A[] accs;
    private int n;

    /** The number of buffered slices; 0 when the key buffered nothing since the last flush. */
    public int size() {
        return n;
    }

    /** The index of buffered slice {@code i} (in the order they were added). */
    public long slice(int i) {
        return i == 0 ? slice0 : slices[i - 1];
    }

    /** The number of events added to buffered slice {@code i}. */
    public long count(int i) {
        return i == 0 ? count0 : counts[i - 1];
    }

    /** The accumulator of buffered slice {@code i}. */
    public A acc(int i) {
        return i == 0 ? acc0 : accs[i - 1];
    }

    /** The position of slice {@code j} among the buffered ones, or -1. */
    public int slot(long j) {
        if (n > 0 && slice0 == j) {
            return 0;
        }
        for (int i = n - 1; i >= 1; i--) {
            if (slices[i - 1] == j) {
                return i;
            }
        }
        return -1;
    }

    /** Counts one more event in slot {@code i}, whose accumulator is now {@code acc}. */
    public void addTo(int i, A acc) {
        if (i == 0) {
            count0++;
            acc0 = acc;
        } else {
            counts[i - 1]++;
            accs[i - 1] = acc;
        }
    }

    /** Buffers slice {@code j} (not buffered yet) with no event and {@code acc}; its position. */
    @SuppressWarnings("unchecked")
    public int add(long j, A acc) {
        if (n == 0) {
            slice0 = j;
            count0 = 0;
            acc0 = acc;
            return n++;
        }
        if (slices == null) {
            slices = new long[2];
            counts = new long[2];
            accs = (A[]) new Object[2];
        } else if (n - 1 == slices.length) {
            slices = Arrays.copyOf(slices, slices.length * 2);
            counts = Arrays.copyOf(counts, slices.length);
            accs = Arrays.copyOf(accs, slices.length);
        }
        slices[n - 1] = j;
        counts[n - 1] = 0;
        accs[n - 1] = acc;
        return n++;
    }

    /** The largest buffered slice index ({@code Long.MIN_VALUE} when empty). */
    public long maxSlice() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, slice(i));
        }
        return max;
    }

    @Override
    protected boolean isEmpty() {
        return n == 0;
    }

    /** Forgets the buffered slices (drops the accumulators' references). */
    @Override
    protected void reset() {
        acc0 = null;
        if (n > 1) {
            Arrays.fill(accs, 0, n - 1, null);
        }
        n = 0;
    }
}
