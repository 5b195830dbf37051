package dev.streamkit.state.internal;

import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.MapState;

/**
 * The exact deduplicator's id map (id -> expiry) as its owner sees it: the map state overlaid by
 * the write-back buffer ({@link WriteBuffer}, null when there is none), with the {@link
 * NegativeCache} kept covering every id written to map state. Every call works on the shard that is
 * the owner's current key.
 */
@Internal
final class IdMap<ID> {
    /** The map state of the current shard. */
    interface Backing<ID> {
        /** The id's expiry in state, or null. */
        @Nullable
        Long get(ID id) throws Exception;

        /** Sets the id's expiry in state. */
        void put(ID id, long expiry) throws Exception;

        /** Removes the id from state. */
        void remove(ID id) throws Exception;
    }

    /**
     * The backing of a keyed map state.
     *
     * @param ids the map state
     * @return the backing
     */
    static <ID> Backing<ID> inState(MapState<ID, Long> ids) {
        return new Backing<ID>() {
            /**
             * The last expiry put, boxed. Expiries are rounded up to the timer granularity, so
             * consecutive puts nearly always share one: on the heap backend, where the map holds
             * the value objects themselves, one box then serves a whole granule instead of one
             * long-lived box per id (16 bytes per id less to allocate, promote and keep).
             */
            private Long lastExpiry;

            @Override
            public Long get(ID id) throws Exception {
                return ids.get(id);
            }

            @Override
            public void put(ID id, long expiry) throws Exception {
                Long boxed = lastExpiry;
                if (boxed == null || boxed != expiry) {
                    boxed = expiry;
                    lastExpiry = boxed;
                }
                ids.put(id, boxed);
            }

            @Override
            public void remove(ID id) throws Exception {
                ids.remove(id);
            }
        };
    }

    private final Backing<ID> state;
    @Nullable private final WriteBuffer<ID> written;
    private final NegativeCache cache;

    /** Buffered ids that expired before they were written. */
    private long writesAvoided;

    /**
     * @param state the map state
     * @param written the write-back buffer, or null
     * @param cache the negative cache, kept covering the map state
     */
    IdMap(Backing<ID> state, @Nullable WriteBuffer<ID> written, NegativeCache cache) {
        this.state = state;
        this.written = written;
        this.cache = cache;
    }

    /** Buffered ids that expired before they were written to state. */
    long writesAvoided() {
        return writesAvoided;
    }

    /** The id's expiry in map state only (the caller looked in the buffer already), or null. */
    @Nullable
    Long read(ID id) throws Exception {
        return state.get(id);
    }

    /**
     * Sets the id's expiry, through the write-back buffer if there is one; {@code inState} says
     * whether the id may already be in map state.
     */
    void store(ID id, long expiry, boolean inState) throws Exception {
        if (written == null) {
            put(id, expiry);
        } else {
            written.put(id, expiry, inState);
        }
    }

    /** The id's expiry, the write-back buffer first, or null. */
    @Nullable
    Long lookup(ID id) throws Exception {
        if (written != null) {
            int slot = written.find(id);
            if (slot >= 0) {
                return written.expiry(slot);
            }
        }
        return state.get(id);
    }

    /** Removes an id whose expiry is {@code time}, unless its buffered expiry moved on. */
    void forget(ID id, long time) throws Exception {
        if (written != null) {
            int slot = written.find(id);
            if (slot >= 0) {
                if (written.expiry(slot) > time) {
                    return; // moved on (its marker is in this bucket): not due
                }
                boolean inState = written.inState(slot);
                written.removeAt(slot);
                if (!inState) {
                    writesAvoided++;
                    return; // never written: nothing to delete
                }
            }
        }
        state.remove(id);
    }

    /**
     * Puts an id into map state and into the negative cache, which must hold every id in map state.
     * Ids in the write-back buffer are found there first, so they enter the cache only when
     * written: those that expire while buffered never do.
     */
    void put(ID id, long expiry) throws Exception {
        state.put(id, expiry);
        if (cache.active()) {
            cache.remember(NegativeCache.hashOf(id), expiry);
        }
    }
}
