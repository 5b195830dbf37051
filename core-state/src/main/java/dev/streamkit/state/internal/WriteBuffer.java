package dev.streamkit.state.internal;

import dev.streamkit.state.IdHasher;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/**
 * The exact deduplicator's write-back buffer: id -> (expiry, whether the id may also be in map
 * state), in one open-addressing table (linear probing, backward-shift deletion) instead of a
 * {@code HashMap} of boxed entries: one probe sequence per lookup, no allocation per insert, about
 * 17 bytes per slot plus the id object the record already holds.
 *
 * <p>Lookups return a slot index (or {@code -1}); the slot stays valid until the next {@link #put},
 * {@link #removeAt} or {@link #clear}.
 */
@Internal
final class WriteBuffer<ID> {
    private static final int MIN_CAPACITY = 16;

    /** The hash of an empty slot (ids never hash to it), so a miss reads the hash array only. */
    private static final int EMPTY = 0;

    private Object[] keys;

    /**
     * The mixed hash of each key ({@link #EMPTY} for an empty slot): probes compare it before
     * calling {@code equals}.
     */
    private int[] hashes;

    private long[] expiries;
    private boolean[] inState;
    private int mask;
    private int size;
    private int growAt;

    WriteBuffer() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The slot of {@code id}, or -1. */
    int find(ID id) {
        int[] hs = hashes;
        int h = hash(id);
        int i = h & mask;
        while (true) {
            int slotHash = hs[i];
            if (slotHash == EMPTY) {
                return -1; // a new id touches the hash array only
            }
            if (slotHash == h && keys[i].equals(id)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    long expiry(int slot) {
        return expiries[slot];
    }

    void setExpiry(int slot, long expiry) {
        expiries[slot] = expiry;
    }

    /** Whether the id of this slot may also be in map state (then expiring it deletes it there). */
    boolean inState(int slot) {
        return inState[slot];
    }

    @SuppressWarnings("unchecked")
    ID key(int slot) {
        return (ID) keys[slot];
    }

    /** Inserts or replaces the entry of {@code id}. */
    void put(ID id, long expiry, boolean mayBeInState) {
        if (size >= growAt) {
            rehash(keys.length * 2);
        }
        Object[] k = keys;
        int h = hash(id);
        int i = h & mask;
        while (hashes[i] != EMPTY) {
            if (hashes[i] == h && k[i].equals(id)) {
                expiries[i] = expiry;
                inState[i] = mayBeInState;
                return;
            }
            i = (i + 1) & mask;
        }
        k[i] = id;
        hashes[i] = h;
        expiries[i] = expiry;
        inState[i] = mayBeInState;
        size++;
    }

    /**
     * Removes the entry in {@code slot}. Entries after it in its probe run may move into it: an
     * iteration by slot must therefore look at {@code slot} again after a removal.
     */
    void removeAt(int slot) {
        Object[] k = keys;
        int hole = slot;
        int i = (slot + 1) & mask;
        while (hashes[i] != EMPTY) {
            int home = hashes[i] & mask;
            // move the entry back if its home is not in (hole, i] (cyclically)
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                k[hole] = k[i];
                hashes[hole] = hashes[i];
                expiries[hole] = expiries[i];
                inState[hole] = inState[i];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        k[hole] = null;
        hashes[hole] = EMPTY;
        size--;
    }

    /** Empties the buffer, keeping its table. */
    void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(hashes, EMPTY);
        size = 0;
    }

    /** Number of slots (for iteration: a slot is in use if {@link #key} is not null). */
    int capacity() {
        return keys.length;
    }

    private static int hash(Object id) {
        int h = (int) IdHasher.mix64(id.hashCode());
        return h == EMPTY ? 1 : h;
    }

    private void allocate(int capacity) {
        keys = new Object[capacity];
        hashes = new int[capacity];
        expiries = new long[capacity];
        inState = new boolean[capacity];
        mask = capacity - 1;
        growAt = (int) (capacity * 0.6f);
    }

    private void rehash(int capacity) {
        Object[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldExpiries = expiries;
        boolean[] oldInState = inState;
        allocate(capacity);
        for (int j = 0; j < oldKeys.length; j++) {
            Object key = oldKeys[j];
            if (key != null) {
                int i = oldHashes[j] & mask;
                while (hashes[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                hashes[i] = oldHashes[j];
                expiries[i] = oldExpiries[j];
                inState[i] = oldInState[j];
            }
        }
    }
}
