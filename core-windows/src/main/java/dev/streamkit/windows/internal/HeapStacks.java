package dev.streamkit.windows.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * One key's sliding-window stacks on the heap, for state backends that serialize on every access
 * (RocksDB). It lives in the key's cached {@link SliceBookkeeping} ({@link BookkeepingCache}), so
 * it is cached, evicted and dropped with it; it is never written to keyed state: the stored
 * bookkeeping says instead that the stacks must be rebuilt from the slices ({@link
 * SliceBookkeeping#STACKS_NOT_STORED}).
 *
 * <p>Why: at 100k keys that each fire every slide, reading the front's suffix aggregate and the
 * running aggregate from RocksDB, and writing them back, on every window was about a third of the
 * operator's time (async-profiler, sliding 60 s / 1 s).
 *
 * <p>The front is sparse: {@link SlidingFiring} puts suffix aggregates only at the indices that
 * hold a slice (at most one per slice of the window), and {@link #suffix}{@code (i)} is the value
 * of the smallest kept index {@code >= i} (a put of the same object as the kept index above is
 * dropped, for writers that put one at every index). That is exact under the discipline of {@link
 * SlidingStacks}.
 *
 * <p>It also remembers the slices written since it was created that the back has not taken yet (a
 * read cache: slices are always written to state too), so that firing the next windows reads no
 * slice from state: {@link #slice} answers for every index above {@link #knownAbove}.
 *
 * <p>Memory: every stack reports the accumulators it holds to a shared {@link Budget}; the cache
 * writes back and drops all of its entries when the budget's estimate is exceeded.
 */
final class HeapStacks<A> implements SlidingStacks<A> {
    private static final long[] NO_INDICES = new long[0];

    private final Budget budget;
    // kept indices in descending order: the front's start is at n - 1
    private long[] idx = NO_INDICES;
    private Tuple2<Long, A>[] vals = newArray(0);
    private int n;
    private Tuple2<Long, A> running;
    // slices above knownAbove, ascending: exactly the key's slices there (same values as state)
    private long knownAbove;
    private long[] sliceIdx = NO_INDICES;
    private Tuple2<Long, A>[] sliceVals = newArray(0);
    private int slices;

    /**
     * Creates empty stacks.
     *
     * @param budget the memory budget it reports to
     * @param knownAbove the key has no slice above this index yet
     */
    HeapStacks(Budget budget, long knownAbove) {
        this.budget = budget;
        this.knownAbove = knownAbove;
    }

    /** Every slice of the key above this index is known to {@link #slice}. */
    long knownAbove() {
        return knownAbove;
    }

    /** Slice {@code j} (above {@link #knownAbove}), or null if the key has none there. */
    Tuple2<Long, A> slice(long j) {
        int t = findSlice(j);
        return t >= 0 ? sliceVals[t] : null;
    }

    /** Slice {@code j} was written to state with {@code value} (its whole content). */
    void slicePut(long j, Tuple2<Long, A> value) {
        if (j <= knownAbove) {
            return;
        }
        int t = findSlice(j);
        if (t >= 0) {
            sliceVals[t] = value;
            return;
        }
        int at = -t - 1;
        if (slices == sliceIdx.length) {
            int size = Math.max(4, slices * 2);
            sliceIdx = Arrays.copyOf(sliceIdx, size);
            sliceVals = Arrays.copyOf(sliceVals, size);
        }
        System.arraycopy(sliceIdx, at, sliceIdx, at + 1, slices - at);
        System.arraycopy(sliceVals, at, sliceVals, at + 1, slices - at);
        sliceIdx[at] = j;
        sliceVals[at] = value;
        slices++;
        budget.add(value);
    }

    /** Slice {@code j} was removed from state. */
    void sliceRemoved(long j) {
        int t = findSlice(j);
        if (t >= 0) {
            System.arraycopy(sliceIdx, t + 1, sliceIdx, t, slices - t - 1);
            System.arraycopy(sliceVals, t + 1, sliceVals, t, slices - t - 1);
            slices--;
            sliceVals[slices] = null;
            budget.release(1);
        }
    }

    /** The stacks took every slice up to {@code e}: forgets them (they stay in state). */
    void forgetSlicesUpTo(long e) {
        int t = 0;
        while (t < slices && sliceIdx[t] <= e) {
            t++;
        }
        if (t > 0) {
            System.arraycopy(sliceIdx, t, sliceIdx, 0, slices - t);
            System.arraycopy(sliceVals, t, sliceVals, 0, slices - t);
            Arrays.fill(sliceVals, slices - t, slices, null);
            slices -= t;
            budget.release(t);
        }
        knownAbove = Math.max(knownAbove, e);
    }

    private int findSlice(long j) {
        // slices arrive in ascending order mostly: look from the end
        for (int t = slices - 1; t >= 0; t--) {
            if (sliceIdx[t] == j) {
                return t;
            }
            if (sliceIdx[t] < j) {
                return -(t + 1) - 1;
            }
        }
        return -1;
    }

    @Override
    public Tuple2<Long, A> suffix(long i) {
        for (int t = n - 1; t >= 0; t--) {
            if (idx[t] >= i) {
                return vals[t];
            }
        }
        return null;
    }

    @Override
    public void putSuffix(long i, Tuple2<Long, A> value) {
        if (n > 0) {
            if (i >= idx[n - 1]) {
                throw new IllegalStateException(
                        "suffix aggregate " + i + " put above the front's start " + idx[n - 1]);
            }
            if (vals[n - 1] == value) {
                // between two slices: the kept index above already answers for i
                return;
            }
        }
        if (n == idx.length) {
            int size = Math.max(4, n * 2);
            idx = Arrays.copyOf(idx, size);
            vals = Arrays.copyOf(vals, size);
        }
        idx[n] = i;
        vals[n] = value;
        n++;
        budget.add(value);
    }

    @Override
    public void removeSuffix(long i) {
        while (n > 0 && idx[n - 1] <= i) {
            n--;
            vals[n] = null;
            budget.release(1);
        }
    }

    @Override
    public void clearSuffixes() {
        Arrays.fill(vals, 0, n, null);
        budget.release(n);
        n = 0;
    }

    @Override
    public Tuple2<Long, A> running() {
        return running;
    }

    @Override
    public void setRunning(Tuple2<Long, A> value) {
        if (running == null && value != null) {
            budget.add(value);
        } else if (running != null && value == null) {
            budget.release(1);
        }
        running = value;
    }

    /** The number of accumulators held (kept suffix aggregates, running aggregate, slices). */
    int held() {
        return n + (running == null ? 0 : 1) + slices;
    }

    /** Releases everything (the key's state is removed). */
    void drop() {
        clearSuffixes();
        setRunning(null);
        Arrays.fill(sliceVals, 0, slices, null);
        budget.release(slices);
        slices = 0;
    }

    @SuppressWarnings("unchecked")
    private static <A> Tuple2<Long, A>[] newArray(int size) {
        return (Tuple2<Long, A>[]) new Tuple2<?, ?>[size];
    }

    /**
     * The memory of all heap stacks of one operator: the number of accumulators they hold times an
     * estimate of an accumulator's heap size (64 bytes of objects and references plus twice its
     * serialized size, sampled on the first 16 accumulators held and then every 1024th).
     */
    static final class Budget {
        private static final int OVERHEAD = 64;
        private final TypeSerializer<Tuple2<Long, ?>> serializer;
        private final long maxBytes;
        private final DataOutputSerializer out = new DataOutputSerializer(256);
        private long held;
        private long sampledBytes;
        private long samples;
        private long added;

        /**
         * @param serializer serializes the held accumulators (for the size estimate)
         * @param maxBytes the estimated heap size above which the holder should drop its stacks
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        Budget(TypeSerializer<?> serializer, long maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
            }
            this.serializer = (TypeSerializer) serializer;
            this.maxBytes = maxBytes;
        }

        /**
         * The automatic budget on a JVM of {@code maxHeapBytes}: one eighth of it in front of a
         * serializing backend, half of it on the heap backend, where the stacks would otherwise be
         * heap state themselves (and the slices they remember are the state's own objects).
         */
        static long heapBudget(long maxHeapBytes, boolean heapBackend) {
            return Math.max(1 << 20, maxHeapBytes / (heapBackend ? 2 : 8));
        }

        void add(Tuple2<Long, ?> value) {
            held++;
            if (added++ < 16 || (added & 1023) == 0) {
                out.clear();
                try {
                    serializer.serialize(value, out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sampledBytes += out.length();
                samples++;
            }
        }

        void release(int count) {
            held -= count;
        }

        /** Everything held was dropped at once (the cache evicted every entry). */
        void reset() {
            held = 0;
        }

        /** The estimated heap size of the held accumulators. */
        long estimatedBytes() {
            long perAccumulator = OVERHEAD + (samples == 0 ? 0 : 2 * sampledBytes / samples);
            return held * perAccumulator;
        }

        /** Whether the estimate exceeds the budget. */
        boolean exceeded() {
            return estimatedBytes() > maxBytes;
        }

        long held() {
            return held;
        }
    }
}
