package dev.streamkit.windows.internal;

import java.util.ArrayDeque;

/**
 * The mini-batch buffer of a windowing operator: per key, the slices it touched since the last
 * flush ({@link BufferedSlices}), in an open-addressing table with linear probing (the key's {@code
 * hashCode}/{@code equals} are called from this class only, so they stay monomorphic and inlined
 * for the usual key types; one object per key: the entry holds its key and hash).
 *
 * <p><b>Bound.</b> The buffer counts the keys that buffered something since the last flush ({@link
 * #activeKeys}). A fixed buffer is full at its bound. An adaptive buffer ({@link #adaptive}) starts
 * at {@code initial} keys and doubles its bound whenever it fills (instead of reporting full), up
 * to {@code cap}: the operator then flushes when watermarks or checkpoints say so, and each key's
 * slice is written to state once instead of once every few events when more keys are active than
 * the initial bound (the profile at 100k keys: a fixed 20 000-key buffer spent 70% of the time in
 * the flush's state reads and writes).
 *
 * <p><b>Flush.</b> {@link #flush} visits every key with buffered slices, then forgets them. Entries
 * stay in the table for the next interval (no re-insertion of a steady key); entries idle for a
 * whole interval are dropped, so the table holds at most the keys of two intervals.
 *
 * @param <A> the accumulator type
 */
public final class MiniBatchBuffer<A> {
    /** What a flush does with each key's buffered slices. */
    public interface Visitor<A> {
        /** Handles the buffered slices of {@code slices.key()} (forgotten afterwards). */
        void visit(BufferedSlices<A> slices) throws Exception;
    }

    private final int cap;
    private int bound;
    private BufferedSlices<A>[] table;
    private int size; // entries in the table (active or idle)
    private int activeKeys;
    private final ArrayDeque<BufferedSlices<A>> pool = new ArrayDeque<>();

    private MiniBatchBuffer(int bound, int cap) {
        this.bound = bound;
        this.cap = cap;
        this.table = newTable(64);
    }

    /**
     * A buffer that is full at {@code keys} keys.
     *
     * @param keys the bound (>= 1)
     */
    public static <A> MiniBatchBuffer<A> fixed(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be >= 1, got " + keys);
        }
        return new MiniBatchBuffer<>(keys, keys);
    }

    /**
     * A buffer whose bound starts at {@code initial} keys and doubles when reached, up to {@code
     * cap} keys, where it is full.
     */
    public static <A> MiniBatchBuffer<A> adaptive(int initial, int cap) {
        if (initial < 1 || cap < initial) {
            throw new IllegalArgumentException(
                    "need 1 <= initial <= cap, got initial " + initial + ", cap " + cap);
        }
        return new MiniBatchBuffer<>(initial, cap);
    }

    /**
     * The cap of an adaptive buffer on a JVM of {@code maxHeapBytes}: one key per 2 KiB of heap (a
     * buffered key with one slice costs about 150-250 bytes, so the buffer stays within about a
     * tenth of the heap), never below {@code initial}.
     */
    public static int heapCap(long maxHeapBytes, int initial) {
        return (int) Math.max(initial, Math.min(1 << 30, maxHeapBytes / 2048));
    }

    /** The keys that buffered something since the last flush. */
    public int activeKeys() {
        return activeKeys;
    }

    /** The current bound (grows for an adaptive buffer). */
    public int bound() {
        return bound;
    }

    /**
     * The entry of {@code key}, created if absent. Call {@link #added} after adding a slice to it
     * when it was empty.
     */
    public BufferedSlices<A> get(Object key) {
        if (key instanceof Long) {
            return getLong((Long) key);
        }
        int h = spread(key.hashCode());
        BufferedSlices<A>[] t = table;
        int mask = t.length - 1;
        int i = h & mask;
        BufferedSlices<A> b;
        while ((b = t[i]) != null) {
            if (b.hash == h && key.equals(b.key)) {
                return b;
            }
            i = (i + 1) & mask;
        }
        b = pool.isEmpty() ? new BufferedSlices<>() : pool.pop();
        b.key = key;
        b.hash = h;
        b.longKeyed = false;
        t[i] = b;
        if (++size * 2 > t.length) {
            rehash(t.length * 2);
        }
        return b;
    }

    /**
     * {@link #get} for a {@code Long} key: compares the value held in the entry, so a lookup does
     * not dereference the stored key object (at 100k+ keys that was a cache miss per event: half of
     * the operator's time in {@code Long.equals} in the profile).
     */
    private BufferedSlices<A> getLong(Long key) {
        long v = key;
        int h = spread(Long.hashCode(v));
        BufferedSlices<A>[] t = table;
        int mask = t.length - 1;
        int i = h & mask;
        BufferedSlices<A> b;
        while ((b = t[i]) != null) {
            if (b.hash == h && b.longKeyed && b.longKey == v) {
                return b;
            }
            i = (i + 1) & mask;
        }
        b = pool.isEmpty() ? new BufferedSlices<>() : pool.pop();
        b.key = key;
        b.hash = h;
        b.longKey = v;
        b.longKeyed = true;
        t[i] = b;
        if (++size * 2 > t.length) {
            rehash(t.length * 2);
        }
        return b;
    }

    /**
     * Records that an empty entry got its first slice; returns whether the buffer is now full (the
     * caller flushes). An adaptive buffer below its cap grows instead of filling.
     */
    public boolean added() {
        if (++activeKeys < bound) {
            return false;
        }
        if (bound < cap) {
            bound = (int) Math.min(cap, 2L * bound);
            return false;
        }
        return true;
    }

    /** Visits every key with buffered slices, then forgets the slices; drops idle entries. */
    public void flush(Visitor<A> visitor) throws Exception {
        if (activeKeys == 0) {
            return;
        }
        BufferedSlices<A>[] t = table;
        int idle = 0;
        for (BufferedSlices<A> b : t) {
            if (b == null) {
                continue;
            }
            if (b.size() == 0) {
                // idle for a whole interval: dropped below; matches no key until then
                b.key = null;
                b.longKeyed = false;
                idle++;
                continue;
            }
            visitor.visit(b);
            b.reset();
        }
        activeKeys = 0;
        if (idle > 0) {
            dropIdle(t, size - idle);
        }
    }

    /** Rebuilds the table without the entries that buffered nothing this interval. */
    private void dropIdle(BufferedSlices<A>[] old, int live) {
        int capacity = 64;
        while (capacity < live * 4) {
            capacity *= 2;
        }
        table = newTable(capacity);
        size = 0;
        for (BufferedSlices<A> b : old) {
            if (b == null) {
                continue;
            }
            if (b.key == null) {
                pool.push(b);
            } else {
                insert(b);
            }
        }
    }

    private void rehash(int capacity) {
        BufferedSlices<A>[] old = table;
        table = newTable(capacity);
        size = 0;
        for (BufferedSlices<A> b : old) {
            if (b != null) {
                insert(b);
            }
        }
    }

    private void insert(BufferedSlices<A> b) {
        BufferedSlices<A>[] t = table;
        int mask = t.length - 1;
        int i = b.hash & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = b;
        size++;
    }

    @SuppressWarnings("unchecked")
    private static <A> BufferedSlices<A>[] newTable(int capacity) {
        return new BufferedSlices[capacity];
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
