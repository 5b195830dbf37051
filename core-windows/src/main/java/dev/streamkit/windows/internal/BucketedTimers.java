package dev.streamkit.windows.internal;

import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Event-time timers of the slicing operator on the heap backend: one list of keys per timer time,
 * instead of Flink's timer service.
 *
 * <p>Why: sliding windows fire every key with data in its window at every slide, so each key
 * deletes and registers one Flink timer per slide. At 1 M keys Flink's heap timer service (a binary
 * heap plus a hash set per key group) was about a quarter of the operator's time (async-profiler,
 * sliding 60 s / 1 s, 1 M uniform keys): each slide polls 1 M timers out of the heap and registers
 * 1 M new ones. Here a registration appends the key to its time's list, and a watermark fires the
 * lists at or before it in time order, each in registration order.
 *
 * <p>Deletion is lazy: a deleted or moved timer stays in its list, and the owner's bookkeeping
 * ({@link SliceBookkeeping#timer}, the key's one registered time) says which entries are live; the
 * {@link Target} skips the others. A key's stale entries are bounded by the number of times its
 * timer moved before they pass, and every entry is dropped when the watermark passes its time.
 *
 * <p>Not snapshotted: the timer of every key is in its bookkeeping state, from which {@link #add}
 * rebuilds the lists when the operator opens (see {@link TimerRestore}).
 */
final class BucketedTimers implements KeyTimers {
    /** Fires the current key's timer at {@code time} (which may be stale). */
    interface Target {
        void onTimer(long time) throws Exception;
    }

    /**
     * Optional stand-ins for keys in the lists: an object that knows its key and makes it current
     * more cheaply than a key does (a {@link BookkeepingCache} entry: no hash lookup when it
     * fires).
     */
    interface Handles {
        /** A stand-in for the current key, or null (then a copy of the key is listed). */
        Object currentHandle();

        /**
         * Makes the key of {@code item} current if {@code item} is a stand-in of these handles.
         *
         * @return false if {@code item} is a key (the caller makes it current)
         */
        boolean enter(Object item);
    }

    private final KeyContext keys;
    private final TypeSerializer<Object> keySerializer;
    private final TreeMap<Long, ArrayList<Object>> buckets = new TreeMap<>();
    private Handles handles; // null: the lists hold keys only
    private long watermark = Long.MIN_VALUE;
    private long entries;
    // most registrations go to the same time: the last bucket used, while it is in the map
    private long lastTime;
    private ArrayList<Object> lastBucket;
    // the key whose timers fire now: the object in the lists, registered again without a copy
    private Object firing;

    /**
     * Creates empty timers.
     *
     * @param keys reads and sets the operator's current key
     * @param keySerializer copies keys put into the lists (user keys may be mutable objects)
     */
    @SuppressWarnings("unchecked")
    BucketedTimers(KeyContext keys, TypeSerializer<?> keySerializer) {
        this.keys = keys;
        this.keySerializer = (TypeSerializer<Object>) keySerializer;
    }

    /** Lists stand-ins from {@code handles} instead of keys where it has one. */
    void useHandles(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void register(long time) {
        Object handle = handles == null ? null : handles.currentHandle();
        if (handle != null) {
            add(handle, time);
            return;
        }
        Object key = keys.getCurrentKey();
        add(key == firing ? key : keySerializer.copy(key), time);
    }

    @Override
    public void delete(long time) {
        // lazy: the entry is stale once the owner's bookkeeping names another time
    }

    @Override
    public long currentWatermark() {
        return watermark;
    }

    /** Adds a timer of {@code key} (not copied; or a stand-in of the handles) at {@code time}. */
    void add(Object key, long time) {
        ArrayList<Object> bucket = lastBucket;
        if (bucket == null || lastTime != time) {
            bucket = buckets.computeIfAbsent(time, t -> new ArrayList<>());
            lastTime = time;
            lastBucket = bucket;
        }
        bucket.add(key);
        entries++;
    }

    /**
     * Advances the watermark to {@code mark} and fires, in time order, every entry at or before it:
     * sets the current key and calls {@code target} (timers registered meanwhile at or before
     * {@code mark} fire too).
     */
    void advance(long mark, Target target) throws Exception {
        watermark = Math.max(watermark, mark);
        Map.Entry<Long, ArrayList<Object>> first;
        while ((first = buckets.firstEntry()) != null && first.getKey() <= mark) {
            buckets.pollFirstEntry();
            ArrayList<Object> bucket = first.getValue();
            if (bucket == lastBucket) {
                lastBucket = null;
            }
            long time = first.getKey();
            try {
                for (int i = 0; i < bucket.size(); i++) {
                    Object item = bucket.get(i);
                    bucket.set(i, null);
                    entries--;
                    if (handles == null || !handles.enter(item)) {
                        keys.setCurrentKey(item);
                    }
                    // the listed key or the handle's own key copy: neither is mutated elsewhere
                    firing = keys.getCurrentKey();
                    target.onTimer(time);
                }
            } finally {
                firing = null;
            }
        }
    }

    /** The entries held, live and stale. */
    long size() {
        return entries;
    }
}
