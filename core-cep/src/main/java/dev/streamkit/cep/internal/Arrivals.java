package dev.streamkit.cep.internal;

import java.util.ArrayList;
import java.util.Arrays;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * The events of many keys in arrival order, collected between two watermarks without allocating per
 * event: an open-addressing table of the keys (hash codes inline, linear probing) and a log of
 * (event, key slot). {@link #group()} then splits the log into one list per key, in one sequential
 * pass.
 *
 * <p>Not thread-safe; reused after {@link #clear()}.
 */
@Internal
final class Arrivals<T> {
    private static final int MIN_SLOTS = 64;
    private static final int MIN_LOG = 256;

    // the key table (capacity a power of two, at most half full)
    private Object[] keys = new Object[MIN_SLOTS];
    private int[] hashes = new int[MIN_SLOTS];
    private int[] counts = new int[MIN_SLOTS];
    @Nullable private ArrayList<T>[] lists;
    // slots in use, in order of first arrival
    private int[] used = new int[MIN_SLOTS / 2];
    private int usedCount;

    // the log
    private Object[] events = new Object[MIN_LOG];
    private int[] slotOf = new int[MIN_LOG];
    private int size;

    /** Number of events added since the last {@link #clear()}. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Appends {@code event} to {@code key}'s events. */
    void add(Object key, T event) {
        int slot = slotFor(key);
        counts[slot]++;
        if (size == events.length) {
            events = Arrays.copyOf(events, size * 2);
            slotOf = Arrays.copyOf(slotOf, size * 2);
        }
        events[size] = event;
        slotOf[size] = slot;
        size++;
    }

    /** Appends {@code more} to {@code key}'s events, in order. */
    void addAll(Object key, ArrayList<T> more) {
        for (int i = 0, n = more.size(); i < n; i++) {
            add(key, more.get(i));
        }
    }

    /**
     * Splits the log into one list per key (arrival order); afterwards {@link #take} and {@link
     * #keyAt}/{@link #takeAt} read them. No {@link #add} until {@link #clear()}.
     */
    @SuppressWarnings("unchecked")
    void group() {
        if (lists == null || lists.length != keys.length) {
            lists = new ArrayList[keys.length];
        }
        for (int i = 0; i < usedCount; i++) {
            int slot = used[i];
            lists[slot] = new ArrayList<>(counts[slot]);
        }
        for (int i = 0; i < size; i++) {
            lists[slotOf[i]].add((T) events[i]);
        }
    }

    /** Number of keys (after {@link #group()}: iterate with {@link #keyAt}/{@link #takeAt}). */
    int keyCount() {
        return usedCount;
    }

    Object keyAt(int i) {
        return keys[used[i]];
    }

    /** The grouped events of the {@code i}-th key, or null if already taken. */
    @Nullable
    ArrayList<T> takeAt(int i) {
        int slot = used[i];
        ArrayList<T> list = lists[slot];
        lists[slot] = null;
        return list;
    }

    /** After {@link #group()}: {@code key}'s events (removing them), or null if it has none. */
    @Nullable
    ArrayList<T> take(Object key) {
        if (size == 0) {
            return null;
        }
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        ArrayList<T> list = lists[slot];
        lists[slot] = null;
        return list;
    }

    void clear() {
        for (int i = 0; i < usedCount; i++) {
            int slot = used[i];
            keys[slot] = null;
            counts[slot] = 0;
            if (lists != null) {
                lists[slot] = null;
            }
        }
        usedCount = 0;
        Arrays.fill(events, 0, size, null);
        size = 0;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private int find(Object key) {
        int h = spread(key.hashCode());
        int mask = keys.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            Object k = keys[slot];
            if (k == null) {
                return -1;
            }
            if (hashes[slot] == h && (k == key || k.equals(key))) {
                return slot;
            }
        }
    }

    private int slotFor(Object key) {
        int h = spread(key.hashCode());
        int mask = keys.length - 1;
        int slot = h & mask;
        for (Object k; (k = keys[slot]) != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == h && (k == key || k.equals(key))) {
                return slot;
            }
        }
        if (usedCount + 1 > keys.length / 2) {
            grow();
            return slotFor(key);
        }
        keys[slot] = key;
        hashes[slot] = h;
        used[usedCount++] = slot;
        return slot;
    }

    /** Doubles the key table; only between watermarks (the log is re-pointed to new slots). */
    private void grow() {
        Object[] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldCounts = counts;
        int capacity = oldKeys.length * 2;
        keys = new Object[capacity];
        hashes = new int[capacity];
        counts = new int[capacity];
        lists = null;
        int[] newSlot = new int[oldKeys.length];
        int[] newUsed = new int[capacity / 2];
        int mask = capacity - 1;
        for (int i = 0; i < usedCount; i++) {
            int old = used[i];
            int slot = oldHashes[old] & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = oldKeys[old];
            hashes[slot] = oldHashes[old];
            counts[slot] = oldCounts[old];
            newSlot[old] = slot;
            newUsed[i] = slot;
        }
        used = newUsed;
        for (int i = 0; i < size; i++) {
            slotOf[i] = newSlot[slotOf[i]];
        }
    }
}
