package dev.streamkit.state.internal;

import com.google.common.collect.Sets;
import dev.streamkit.common.internal.TimeMath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.function.IntConsumer;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.internal.InternalListState;

/**
 * The exact deduplicator's bucket index: per shard and expiry granule, the ids whose expiry moved
 * into that granule, so that one timer per shard and granule expires them with one bucket read and
 * nothing is ever iterated. Appends are held on the heap ({@link PendingBuckets}) and written to
 * the state buckets ({@link Store}) by {@link #flush}; a bucket whose timer fires before it was
 * written never reaches state.
 *
 * <p><b>Moved markers.</b> When a duplicate moves an id's expiry to a later granule, the id is
 * appended once more to its old granule's bucket (a merge, no read). An id therefore occurs in a
 * bucket once when its expiry moved in, and once more when it moved out: at expiry the ids with an
 * odd count are removed without a read, the others are skipped. Buckets that may predate the
 * current run (at or before the latest restored timer) are verified against the id map instead, so
 * state written without markers restores exactly.
 */
@Internal
final class BucketIndex<ID> {
    /** Bound of the appends held on the heap: about 10 MB of ids. */
    static final int MAX_PENDING = 1 << 18;

    /** The state buckets: one list of ids per (shard, granule). */
    interface Store<ID> {
        /**
         * The stored bucket of {@code granule}, or null when there is none (the owner's current key
         * is {@code shard}).
         */
        @Nullable
        Iterable<ID> get(int shard, long granule) throws Exception;

        /** Appends {@code ids} to the stored bucket of the pair (may change the current key). */
        void addAll(int shard, long granule, ArrayList<ID> ids) throws Exception;

        /** Drops the stored bucket of {@code granule} (the current key is {@code shard}). */
        void clear(int shard, long granule) throws Exception;
    }

    /** Reads the id map the index expires ids from (the current key is their shard). */
    interface Lookup<ID> {
        /** The id's current expiry, or null when it is not held. */
        @Nullable
        Long expiry(ID id) throws Exception;
    }

    /** Removes ids from the id map (the current key is their shard). */
    interface Forget<ID> {
        /** Removes the id, whose expiry is {@code time}, unless its expiry moved on. */
        void forget(ID id, long time) throws Exception;
    }

    /**
     * The store of a keyed list state whose namespace is the granule and whose key is the shard.
     *
     * @param buckets the list state
     * @param keys sets the owner's current key to a shard
     * @return the store
     */
    static <ID> Store<ID> inState(InternalListState<Integer, Long, ID> buckets, IntConsumer keys) {
        return new Store<ID>() {
            @Override
            public Iterable<ID> get(int shard, long granule) throws Exception {
                buckets.setCurrentNamespace(granule);
                return buckets.get();
            }

            @Override
            public void addAll(int shard, long granule, ArrayList<ID> ids) throws Exception {
                buckets.setCurrentNamespace(granule);
                keys.accept(shard);
                buckets.addAll(ids);
            }

            @Override
            public void clear(int shard, long granule) {
                buckets.setCurrentNamespace(granule);
                buckets.clear();
            }
        };
    }

    private final PendingBuckets<ID> pending;
    private final Store<ID> store;

    /** The order expired ids are removed in ({@link StateOrder}), or null for any. */
    @Nullable private final Comparator<? super ID> stateOrder;

    /**
     * @param shards the shard count
     * @param store the state buckets
     */
    BucketIndex(int shards, Store<ID> store) {
        this(shards, store, null);
    }

    /**
     * @param shards the shard count
     * @param store the state buckets
     * @param stateOrder the order to remove a bucket's ids in ({@link StateOrder}), or null
     */
    BucketIndex(int shards, Store<ID> store, @Nullable Comparator<? super ID> stateOrder) {
        this.pending = new PendingBuckets<>(shards);
        this.store = store;
        this.stateOrder = stateOrder;
    }

    /** Files {@code id} in the bucket of {@code granule} and {@code shard} (its new expiry). */
    void add(int shard, long granule, ID id) {
        pending.add(granule, shard, id, false);
    }

    /**
     * Marks {@code id} as moved out of the bucket of {@code oldExpiry} (a merge, no read); ids that
     * never expire have no bucket.
     */
    void moved(int shard, ID id, long oldExpiry) {
        if (oldExpiry >= TimeMath.MAX_TIME) {
            return;
        }
        pending.add(oldExpiry, shard, id, true);
    }

    /**
     * Whether the appends held on the heap reached {@link #MAX_PENDING}.
     *
     * @return whether the owner should {@link #flush}
     */
    boolean full() {
        return pending.size() >= MAX_PENDING;
    }

    /** Writes every held append to the state buckets (may change the current key). */
    void flush() throws Exception {
        pending.drain(
                (granule, shard, appended, outs) -> {
                    store.addAll(shard, granule, appended);
                    if (outs != null) {
                        store.addAll(shard, granule, outs);
                    }
                });
    }

    /**
     * The timer of {@code shard} (the current key) and granule {@code time} fired: removes the ids
     * due in its bucket from {@code ids} and drops the bucket.
     *
     * @param shard the shard
     * @param time the granule
     * @param mayPredateRun whether the bucket may hold appends of an earlier run (without markers):
     *     then every id is verified against the map instead of counted
     * @param lookup reads the id map
     * @param ids removes from the id map
     */
    void expire(int shard, long time, boolean mayPredateRun, Lookup<ID> lookup, Forget<ID> ids)
            throws Exception {
        Iterable<ID> stored = store.get(shard, time);
        PendingBuckets.Bucket<ID> unwritten = pending.remove(time, shard);
        if (stored == null && unwritten == null) {
            return;
        }
        if (mayPredateRun) {
            if (stored != null) {
                verify(stored, time, lookup, ids);
            }
            if (unwritten != null) {
                verify(unwritten.ids, time, lookup, ids);
            }
        } else if (stored == null) {
            // the bucket never left the heap: each id that moved in and not out expires here
            ArrayList<ID> due = unwritten.ids;
            HashSet<ID> out = unwritten.outs == null ? null : new HashSet<>(unwritten.outs);
            if (stateOrder != null) {
                due.sort(stateOrder); // deletes of spilled ids in RocksDB's order
            }
            for (int i = 0, n = due.size(); i < n; i++) {
                ID id = due.get(i);
                if (out == null || !out.contains(id)) {
                    ids.forget(id, time);
                }
            }
        } else {
            // an id occurs once per move in and once per move out: odd means it expires here
            HashSet<ID> odd =
                    stored instanceof Collection
                            ? Sets.newHashSetWithExpectedSize(((Collection<?>) stored).size())
                            : new HashSet<>();
            toggle(odd, stored);
            if (unwritten != null) {
                toggle(odd, unwritten.ids);
                if (unwritten.outs != null) {
                    toggle(odd, unwritten.outs);
                }
            }
            Iterable<ID> due = odd;
            if (stateOrder != null) {
                ArrayList<ID> sorted = new ArrayList<>(odd);
                sorted.sort(stateOrder); // deletes of spilled ids in RocksDB's order
                due = sorted;
            }
            for (ID id : due) {
                ids.forget(id, time);
            }
        }
        if (stored != null) {
            store.clear(shard, time);
        }
    }

    private static <ID> void toggle(HashSet<ID> odd, Iterable<ID> occurrences) {
        for (ID id : occurrences) {
            if (!odd.add(id)) {
                odd.remove(id);
            }
        }
    }

    private static <ID> void verify(Iterable<ID> due, long time, Lookup<ID> lookup, Forget<ID> ids)
            throws Exception {
        for (ID id : due) {
            Long expiry = lookup.expiry(id);
            // ids seen again since have moved to a later bucket
            if (expiry != null && expiry <= time) {
                ids.forget(id, time);
            }
        }
    }
}
