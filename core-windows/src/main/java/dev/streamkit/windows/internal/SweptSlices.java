package dev.streamkit.windows.internal;

import java.util.Arrays;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Scratch of a sweep: one key's slices in memory, sorted by index ({@code idx[0..n)} with their
 * counted accumulators {@code vals}), plus room for suffix aggregates ({@code suffix}) and the
 * running aggregate a cumulative sweep leaves for the incremental path ({@code running}). Reused
 * across keys; {@link #clear} drops the references.
 */
final class SweptSlices<A> {
    long[] idx = new long[16];
    Tuple2<Long, A>[] vals = newArray(16);
    Tuple2<Long, A>[] suffix = newArray(16);
    int n;
    Tuple2<Long, A> running;
    private boolean sorted = true;

    /** Forgets the slices. */
    void clear() {
        Arrays.fill(vals, 0, n, null);
        Arrays.fill(suffix, 0, n, null);
        running = null;
        n = 0;
        sorted = true;
    }

    /** Appends slice {@code j} (in any order; see {@link #sortIfNeeded}). */
    void append(long j, Tuple2<Long, A> value) {
        ensure(n + 1);
        sorted &= n == 0 || idx[n - 1] < j;
        idx[n] = j;
        vals[n] = value;
        n++;
    }

    /** Sorts the appended slices by index (state iteration order is not guaranteed). */
    void sortIfNeeded() {
        if (sorted) {
            return;
        }
        long[] order = Arrays.copyOf(idx, n);
        Arrays.sort(order);
        Tuple2<Long, A>[] byIndex = newArray(n);
        for (int t = 0; t < n; t++) {
            byIndex[Arrays.binarySearch(order, idx[t])] = vals[t];
        }
        System.arraycopy(order, 0, idx, 0, n);
        System.arraycopy(byIndex, 0, vals, 0, n);
        sorted = true;
    }

    /** The position of slice {@code j}, or {@code -(insertion point) - 1} (sorted slices only). */
    int find(long j) {
        return Arrays.binarySearch(idx, 0, n, j);
    }

    /** Inserts slice {@code j}, absent, at the insertion point {@code at}, keeping the order. */
    void insertAt(int at, long j, Tuple2<Long, A> value) {
        ensure(n + 1);
        System.arraycopy(idx, at, idx, at + 1, n - at);
        System.arraycopy(vals, at, vals, at + 1, n - at);
        idx[at] = j;
        vals[at] = value;
        n++;
    }

    private void ensure(int capacity) {
        if (capacity > idx.length) {
            int size = Math.max(capacity, idx.length * 2);
            idx = Arrays.copyOf(idx, size);
            vals = Arrays.copyOf(vals, size);
            suffix = Arrays.copyOf(suffix, size);
        }
    }

    @SuppressWarnings("unchecked")
    private static <A> Tuple2<Long, A>[] newArray(int size) {
        return new Tuple2[size];
    }
}
