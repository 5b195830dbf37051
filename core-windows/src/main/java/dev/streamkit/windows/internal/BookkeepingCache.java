package dev.streamkit.windows.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * A write-back cache of the slicing operator's per-key {@link SliceBookkeeping} (state {@code
 * "slice-bookkeeping"}) in front of a state backend that serializes on every access (RocksDB).
 *
 * <p>Why: a key's bookkeeping is read and written on every fire and every flush of the key, and
 * with sparse keys (a few events per key, each in many windows) those two RocksDB calls were about
 * 80% of the operator's time (JFR, sliding 60 s / 1 s over 10k sparse keys). Cached, a key's
 * bookkeeping is read from RocksDB once and written back once per checkpoint instead.
 *
 * <p>Contract: while a key is cached, the cached object is the key's bookkeeping and the state may
 * be stale; {@link #writeBack} makes the state exact again and must run before every snapshot of
 * the keyed state (the operator calls it from {@code snapshotState}, which Flink runs before the
 * backend snapshots). The cache holds at most {@code bound} keys: when it is full, every entry is
 * written back and dropped (one bulk eviction, then it refills from state). Nothing is cached
 * across a restore: the state is the truth when the operator opens.
 *
 * <p>Cached sliding bookkeeping also carries the key's {@link HeapStacks}: they are evicted and
 * dropped with it, and a full {@link HeapStacks.Budget} (the stacks' estimated heap size) triggers
 * the same bulk eviction as a full key count. Their write-back is the bookkeeping's stored form,
 * which says the stacks must be rebuilt ({@link SliceBookkeeping#STACKS_NOT_STORED}).
 *
 * <p>Callers use it as they used the state: {@link #get} for the current key (null if it has none),
 * mutate the returned object, then {@link #put} it or {@link #remove} the key.
 */
final class BookkeepingCache implements BucketedTimers.Handles {
    private final ValueState<long[]> state;
    private final KeyContext keys;
    private final TypeSerializer<Object> keySerializer;
    private final int bound;
    private final HeapStacks.Budget stacks; // null: no heap stacks
    private final Map<Object, Entry> entries = new HashMap<>();

    // the entry of the last key looked up or put (null: none), compared by its key with the
    // current key: a timer firing through its entry (a handle) finds it without a hash lookup
    private Entry last;

    /**
     * A cached key: the key (the map's own copy), its bookkeeping (null: none), whether the state
     * differs from it, whether the state may hold a value for the key, whether it is still the
     * key's entry (false once removed or evicted: then a timer listing it looks the key up again).
     */
    private static final class Entry {
        final Object key;
        SliceBookkeeping value;
        boolean dirty;
        boolean stored;
        boolean live = true;

        Entry(Object key) {
            this.key = key;
        }
    }

    /**
     * Creates an empty cache.
     *
     * @param state the bookkeeping state
     * @param keys sets and reads the operator's current key
     * @param keySerializer copies keys put into the cache (user keys may be mutable objects)
     * @param bound the most keys cached at once (>= 1)
     * @param stacks the budget of the cached keys' heap stacks, or null
     */
    @SuppressWarnings("unchecked")
    BookkeepingCache(
            ValueState<long[]> state,
            KeyContext keys,
            TypeSerializer<?> keySerializer,
            int bound,
            HeapStacks.Budget stacks) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be >= 1, got " + bound);
        }
        this.state = state;
        this.keys = keys;
        this.keySerializer = (TypeSerializer<Object>) keySerializer;
        this.bound = bound;
        this.stacks = stacks;
    }

    /**
     * The automatic bound on a JVM of {@code maxHeapBytes}: one key per 10 KiB of heap (a cached
     * key costs about 160 bytes, so at most about 1/64 of the heap), at least 10 000 keys.
     */
    static int heapBound(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(1 << 30, maxHeapBytes / 10_240));
    }

    /**
     * The automatic bound on the heap backend, for sliding windows: one key per 2 KiB of heap. A
     * sliding key's state there takes several KiB of the same heap, so the bound is only reached
     * when the state itself nearly fills it; the cached entry (about 160 bytes) adds a few percent
     * to it.
     */
    static int heapBackendBound(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(1 << 30, maxHeapBytes / 2_048));
    }

    /** The current key's bookkeeping (the cached object itself), or null if it has none. */
    SliceBookkeeping get() throws Exception {
        Object key = keys.getCurrentKey();
        Entry e = last;
        if (e != null && e.key == key) {
            // the key a handle made current (see enter)
            return e.value;
        }
        e = entries.get(key);
        if (e != null) {
            last = e;
            return e.value;
        }
        long[] stored = state.value();
        e = new Entry(keySerializer.copy(key));
        // a key without state is cached too (value null): its first put then knows that removing
        // it needs no state write
        e.value = stored == null ? null : SliceBookkeeping.fromState(stored);
        e.stored = stored != null;
        insert(e);
        return e.value;
    }

    /**
     * Makes {@code b} the current key's bookkeeping; the state is written at the next write-back.
     */
    void put(SliceBookkeeping b) throws Exception {
        Object key = keys.getCurrentKey();
        Entry e = last;
        if (e == null || e.key != key) {
            e = entries.get(key);
        }
        if (e == null) {
            e = new Entry(keySerializer.copy(key));
            // whether the state holds a value is unknown here: assume so, a clear is harmless
            e.stored = true;
            insert(e);
        }
        last = e;
        e.value = b;
        e.dirty = true;
    }

    /** Removes the current key's bookkeeping, from the state too if it was ever written there. */
    void remove() throws Exception {
        Entry e = entries.remove(keys.getCurrentKey());
        if (e != null) {
            e.live = false;
        }
        last = null;
        if (e == null || e.stored) {
            state.clear();
        }
    }

    /**
     * Writes every changed entry to the state (the entries stay cached, now clean). Changes the
     * current key.
     */
    void writeBack() throws Exception {
        for (Map.Entry<Object, Entry> m : entries.entrySet()) {
            Entry e = m.getValue();
            if (e.dirty) {
                keys.setCurrentKey(m.getKey());
                state.update(e.value.toState());
                e.dirty = false;
                e.stored = true;
            }
        }
    }

    /** The number of cached keys. */
    int size() {
        return entries.size();
    }

    /**
     * The current key's entry if it is the last one looked up or put (the operator schedules a
     * key's timer right after reading or saving its bookkeeping), else null.
     */
    @Override
    public Object currentHandle() {
        Entry e = last;
        if (e == null) {
            return null;
        }
        Object key = keys.getCurrentKey();
        return e.key == key || e.key.equals(key) ? e : null;
    }

    /** Makes the key of an entry current; a live entry is found again without a lookup. */
    @Override
    public boolean enter(Object item) {
        if (!(item instanceof Entry)) {
            return false;
        }
        Entry e = (Entry) item;
        keys.setCurrentKey(e.key);
        last = e.live ? e : null;
        return true;
    }

    private void insert(Entry e) throws Exception {
        if (entries.size() >= bound || (stacks != null && stacks.exceeded())) {
            Object current = keys.getCurrentKey();
            writeBack();
            for (Entry dropped : entries.values()) {
                dropped.live = false;
            }
            entries.clear();
            if (stacks != null) {
                // every heap stack was referenced by a dropped entry only
                stacks.reset();
            }
            keys.setCurrentKey(current);
        }
        entries.put(e.key, e);
        last = e;
    }
}
