package dev.streamkit.windows.internal;

import dev.streamkit.windows.Windows;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The key table of a windowing operator's mini-batch: per key, what it buffered since the last
 * flush (an {@link Entry} of the operator's own type: {@link BufferedSlices} for the slicing
 * operator, the key's loaded sessions for the session operator), in an open-addressing table with
 * linear probing (the key's {@code hashCode}/{@code equals} are called from this class only, so
 * they stay monomorphic and inlined for the usual key types; one object per key: the entry holds
 * its key and hash).
 *
 * <p><b>Bound.</b> The table counts the keys that buffered something since the last flush ({@link
 * #activeKeys}). A fixed table is full at its bound. An adaptive table ({@link #adaptive}) starts
 * at {@code initial} keys and doubles its bound whenever it fills (instead of reporting full), up
 * to {@code cap}: the operator then flushes when watermarks or checkpoints say so, and each key is
 * written to state once per interval instead of once every few events when more keys are active
 * than the initial bound (the profile at 100k keys: a fixed 20 000-key buffer spent 70% of the time
 * in the flush's state reads and writes).
 *
 * <p><b>Flush.</b> {@link #flush} visits every key with buffered data, then resets its entry.
 * Entries stay in the table for the next interval (no re-insertion of a steady key); entries idle
 * for a whole interval are dropped (and pooled for new keys), so the table holds at most the keys
 * of two intervals.
 *
 * @param <E> the entry type
 */
public class MiniBatchTable<E extends MiniBatchTable.Entry> {
    /**
     * {@code maxBufferedKeys} value of an operator that asks for an adaptive table ({@link
     * #forBound}).
     */
    public static final int ADAPTIVE = 0;

    /**
     * One key's buffered data. The table owns the key, its hash and the {@code Long} fast path; the
     * subclass holds the data and says when there is none.
     */
    public abstract static class Entry {
        Object key;
        int hash;
        // a Long key's value, compared without dereferencing the key (see MiniBatchTable#get)
        long longKey;
        boolean longKeyed;

        /** The key this entry belongs to. */
        public Object key() {
            return key;
        }

        /** Whether the key buffered nothing since the last flush. */
        protected abstract boolean isEmpty();

        /** Forgets the buffered data (and drops references to it), after a flush visited it. */
        protected abstract void reset();
    }

    /** What a flush does with each key's buffered data. */
    public interface Visitor<E> {
        /** Handles the buffered data of {@code entry.key()} (reset afterwards). */
        void visit(E entry) throws Exception;
    }

    private final Supplier<E> entries;
    private final int cap;
    private int bound;
    private Entry[] table;
    private int size; // entries in the table (active or idle)
    private int activeKeys;
    private final ArrayDeque<E> pool = new ArrayDeque<>();

    MiniBatchTable(int bound, int cap, Supplier<E> entries) {
        this.bound = bound;
        this.cap = cap;
        this.entries = entries;
        this.table = new Entry[64];
    }

    /**
     * A table that is full at {@code keys} keys.
     *
     * @param keys the bound (>= 1)
     * @param entries makes an empty entry
     */
    public static <E extends Entry> MiniBatchTable<E> fixed(int keys, Supplier<E> entries) {
        checkFixed(keys);
        return new MiniBatchTable<>(keys, keys, entries);
    }

    /**
     * A table whose bound starts at {@code initial} keys and doubles when reached, up to {@code
     * cap} keys, where it is full.
     *
     * @param entries makes an empty entry
     */
    public static <E extends Entry> MiniBatchTable<E> adaptive(
            int initial, int cap, Supplier<E> entries) {
        checkAdaptive(initial, cap);
        return new MiniBatchTable<>(initial, cap, entries);
    }

    /**
     * The table of an operator configured with {@code maxBufferedKeys}: {@link #ADAPTIVE} gives an
     * adaptive table from {@value Windows#DEFAULT_MINI_BATCH_KEYS} keys up to {@link #heapCap} of
     * this JVM, anything else a table fixed at that many keys.
     */
    public static <E extends Entry> MiniBatchTable<E> forBound(
            int maxBufferedKeys, Supplier<E> entries) {
        return maxBufferedKeys == ADAPTIVE
                ? adaptive(
                        Windows.DEFAULT_MINI_BATCH_KEYS,
                        heapCap(Runtime.getRuntime().maxMemory(), Windows.DEFAULT_MINI_BATCH_KEYS),
                        entries)
                : fixed(maxBufferedKeys, entries);
    }

    static void checkFixed(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be >= 1, got " + keys);
        }
    }

    static void checkAdaptive(int initial, int cap) {
        if (initial < 1 || cap < initial) {
            throw new IllegalArgumentException(
                    "need 1 <= initial <= cap, got initial " + initial + ", cap " + cap);
        }
    }

    /**
     * The cap of an adaptive table on a JVM of {@code maxHeapBytes}: one key per 2 KiB of heap (a
     * buffered key with one slice or one session costs about 150-250 bytes, so the table stays
     * within about a tenth of the heap), never below {@code initial}.
     */
    public static int heapCap(long maxHeapBytes, int initial) {
        return (int) Math.max(initial, Math.min(1 << 30, maxHeapBytes / 2048));
    }

    /** The keys that buffered something since the last flush. */
    public int activeKeys() {
        return activeKeys;
    }

    /** The current bound (grows for an adaptive table). */
    public int bound() {
        return bound;
    }

    /**
     * The entry of {@code key}, created if absent. Call {@link #added} after buffering something in
     * it when it was empty.
     */
    @SuppressWarnings("unchecked")
    public E get(Object key) {
        if (key instanceof Long) {
            return getLong((Long) key);
        }
        int h = spread(key.hashCode());
        Entry[] t = table;
        int mask = t.length - 1;
        int i = h & mask;
        Entry b;
        while ((b = t[i]) != null) {
            if (b.hash == h && key.equals(b.key)) {
                return (E) b;
            }
            i = (i + 1) & mask;
        }
        return insertNew(t, i, key, h, false, 0);
    }

    /**
     * {@link #get} for a {@code Long} key: compares the value held in the entry, so a lookup does
     * not dereference the stored key object (at 100k+ keys that was a cache miss per event: half of
     * the operator's time in {@code Long.equals} in the profile).
     */
    @SuppressWarnings("unchecked")
    private E getLong(Long key) {
        long v = key;
        int h = spread(Long.hashCode(v));
        Entry[] t = table;
        int mask = t.length - 1;
        int i = h & mask;
        Entry b;
        while ((b = t[i]) != null) {
            if (b.hash == h && b.longKeyed && b.longKey == v) {
                return (E) b;
            }
            i = (i + 1) & mask;
        }
        return insertNew(t, i, key, h, true, v);
    }

    /** A new (or pooled) entry for {@code key} in the free slot {@code i} of {@code t}. */
    private E insertNew(Entry[] t, int i, Object key, int h, boolean longKeyed, long longKey) {
        E e = pool.isEmpty() ? entries.get() : pool.pop();
        e.key = key;
        e.hash = h;
        e.longKey = longKey;
        e.longKeyed = longKeyed;
        t[i] = e;
        if (++size * 2 > t.length) {
            rehash(t.length * 2);
        }
        return e;
    }

    /**
     * Records that an empty entry got its first data; returns whether the table is now full (the
     * caller flushes). An adaptive table below its cap grows instead of filling.
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

    /** Visits every key with buffered data, then resets its entry; drops idle entries. */
    @SuppressWarnings("unchecked")
    public void flush(Visitor<? super E> visitor) throws Exception {
        if (activeKeys == 0) {
            return;
        }
        Entry[] t = table;
        int idle = 0;
        for (Entry b : t) {
            if (b == null) {
                continue;
            }
            if (b.isEmpty()) {
                // idle for a whole interval: dropped below; matches no key until then
                b.key = null;
                b.longKeyed = false;
                idle++;
                continue;
            }
            visitor.visit((E) b);
            b.reset();
        }
        activeKeys = 0;
        if (idle > 0) {
            dropIdle(t, size - idle);
        }
    }

    /** Rebuilds the table without the entries that buffered nothing this interval. */
    @SuppressWarnings("unchecked")
    private void dropIdle(Entry[] old, int live) {
        int capacity = 64;
        while (capacity < live * 4) {
            capacity *= 2;
        }
        table = new Entry[capacity];
        size = 0;
        for (Entry b : old) {
            if (b == null) {
                continue;
            }
            if (b.key == null) {
                pool.push((E) b);
            } else {
                insert(b);
            }
        }
    }

    private void rehash(int capacity) {
        Entry[] old = table;
        table = new Entry[capacity];
        size = 0;
        for (Entry b : old) {
            if (b != null) {
                insert(b);
            }
        }
    }

    private void insert(Entry b) {
        Entry[] t = table;
        int mask = t.length - 1;
        int i = b.hash & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = b;
        size++;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
