package dev.streamkit.state.internal;

import dev.streamkit.state.ExactDeduplicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.java.tuple.Tuple3;

/**
 * The exact deduplicator's write-back path: how its {@link WriteBuffer} (ids inserted or refreshed,
 * not in the id map yet) reaches state. A snapshot writes the buffer as one list of (id, expiry,
 * may also be in the map) per shard and keeps it on the heap; a restore reads the lists of this
 * subtask's shards back into the buffer, or into the map when there is no buffer; a full buffer
 * spills a quarter of its bound, its newest ids, into the map.
 */
@Internal
final class WriteBackPath<ID> {
    /** Heap bytes per buffered id the automatic bound assumes ({@code Long} ids: about 50). */
    static final long BYTES_PER_BUFFERED_ID = 64;

    /** Where the path writes: the owner's keyed context and id map. */
    interface Target<ID> {
        /** Makes {@code shard} the current key. */
        void setShard(int shard);

        /** Puts the id into the id map (current key: its shard). */
        void put(ID id, long expiry) throws Exception;
    }

    private final int shards;
    private final int[] owned;
    private final ListState<Tuple3<ID, Long, Boolean>> lists;
    private final Target<ID> target;

    /** Scratch space of {@link #spill}. */
    private long[] expiries;

    /** The order ids are written in within a shard ({@link StateOrder}), or null for any. */
    @Nullable private final Comparator<? super ID> stateOrder;

    /**
     * @param shards the shard count
     * @param owned the shards of this subtask ({@link OwnedShards})
     * @param lists the per-shard list state of buffered entries
     * @param target the owner's keyed context and id map
     */
    WriteBackPath(
            int shards,
            int[] owned,
            ListState<Tuple3<ID, Long, Boolean>> lists,
            Target<ID> target) {
        this(shards, owned, lists, target, null);
    }

    /**
     * @param shards the shard count
     * @param owned the shards of this subtask ({@link OwnedShards})
     * @param lists the per-shard list state of buffered entries
     * @param target the owner's keyed context and id map
     * @param stateOrder the order to write a shard's ids in ({@link StateOrder}), or null
     */
    WriteBackPath(
            int shards,
            int[] owned,
            ListState<Tuple3<ID, Long, Boolean>> lists,
            Target<ID> target,
            @Nullable Comparator<? super ID> stateOrder) {
        this.shards = shards;
        this.owned = owned;
        this.lists = lists;
        this.target = target;
        this.stateOrder = stateOrder;
    }

    /**
     * The buffer's bound: {@code configured}, or for {@link
     * ExactDeduplicator#AUTO_WRITE_BUFFER_IDS} 1/32 of the JVM's maximum heap at {@link
     * #BYTES_PER_BUFFERED_ID} per id (2 M ids with a 4 GiB heap), at least {@link
     * ExactDeduplicator#DEFAULT_WRITE_BUFFER_IDS} and at most {@link
     * ExactDeduplicator#MAX_WRITE_BUFFER_IDS}.
     */
    static int bound(int configured, long maxHeapBytes) {
        if (configured != ExactDeduplicator.AUTO_WRITE_BUFFER_IDS) {
            return configured;
        }
        long auto = maxHeapBytes / 32 / BYTES_PER_BUFFERED_ID;
        return (int)
                Math.max(
                        ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS,
                        Math.min(auto, ExactDeduplicator.MAX_WRITE_BUFFER_IDS));
    }

    /**
     * Reads the entries of the last snapshot back: into {@code buffer}, or, without one (the
     * HashMap backend, or the buffer turned off), into the id map, where they then belong. The
     * lists are cleared: the buffer (or the map) holds the entries now. Changes the current key.
     */
    void restore(@Nullable WriteBuffer<ID> buffer) throws Exception {
        for (int shard : owned) {
            target.setShard(shard);
            Iterable<Tuple3<ID, Long, Boolean>> entries = lists.get();
            if (entries == null) {
                continue;
            }
            boolean any = false;
            for (Tuple3<ID, Long, Boolean> e : entries) {
                any = true;
                if (buffer != null) {
                    buffer.put(e.f0, e.f1, e.f2);
                } else {
                    target.put(e.f0, e.f1);
                }
            }
            if (any) {
                lists.clear();
            }
        }
    }

    /**
     * Writes the buffer's entries, grouped by shard, over each shard's list of the previous
     * snapshot (one write per shard, not one per id); the buffer keeps them. Changes the current
     * key.
     */
    void snapshot(@Nullable WriteBuffer<ID> buffer) throws Exception {
        if (buffer == null) {
            return;
        }
        HashMap<Integer, ArrayList<Tuple3<ID, Long, Boolean>>> byShard = new HashMap<>();
        for (int slot = 0, n = buffer.capacity(); slot < n; slot++) {
            ID id = buffer.key(slot);
            if (id != null) {
                byShard.computeIfAbsent(
                                ShardedDedupOperator.shardOf(id, shards), k -> new ArrayList<>())
                        .add(Tuple3.of(id, buffer.expiry(slot), buffer.inState(slot)));
            }
        }
        for (int shard : owned) {
            target.setShard(shard);
            ArrayList<Tuple3<ID, Long, Boolean>> entries = byShard.get(shard);
            if (entries == null) {
                lists.clear();
            } else {
                lists.update(entries);
            }
        }
    }

    /**
     * How many ids a spill of a buffer bounded at {@code bound} writes to the id map: a quarter of
     * the bound (at least one).
     */
    static int spillSize(int bound) {
        return Math.max(1, bound / 4);
    }

    /**
     * The buffer is full: writes its newest ids (those furthest from expiry) to the id map until at
     * most {@code bound - spillSize(bound)} are left, and keeps the rest, which may still expire
     * without ever being written (writing everything would write nearly every id once the buffer is
     * a little smaller than the ids alive). Ids with equal expiries (expiries are rounded up to the
     * timer granularity, so a whole buffer may share one or two) are spilled only as far as needed:
     * a spill never empties the buffer. Changes the current key.
     */
    void spill(WriteBuffer<ID> buffer, int bound) throws Exception {
        int n = 0;
        if (expiries == null || expiries.length < buffer.size()) {
            expiries = new long[buffer.size()];
        }
        for (int slot = 0, c = buffer.capacity(); slot < c; slot++) {
            if (buffer.key(slot) != null) {
                expiries[n++] = buffer.expiry(slot);
            }
        }
        if (n == 0) {
            return;
        }
        Arrays.sort(expiries, 0, n);
        // keep the earliest expiries (a mini-batch may have filled the buffer past the bound)
        int keep = Math.max(0, Math.min(n - 1, bound - spillSize(bound)));
        long cutoff = expiries[keep];
        // entries at the cutoff before position keep stay too
        int tiesKept = keep - lowerBound(expiries, keep, cutoff);
        HashMap<Integer, ArrayList<ID>> byShard = new HashMap<>();
        for (int slot = 0, c = buffer.capacity(); slot < c; slot++) {
            ID id = buffer.key(slot);
            if (id == null || buffer.expiry(slot) < cutoff) {
                continue;
            }
            if (buffer.expiry(slot) == cutoff && tiesKept > 0) {
                tiesKept--;
                continue;
            }
            byShard.computeIfAbsent(
                            ShardedDedupOperator.shardOf(id, shards), k -> new ArrayList<>())
                    .add(id);
        }
        // a shard at a time, in the order RocksDB keeps its entries (see StateOrder)
        for (Map.Entry<Integer, ArrayList<ID>> shard : byShard.entrySet()) {
            ArrayList<ID> ids = shard.getValue();
            if (stateOrder != null) {
                ids.sort(stateOrder);
            }
            target.setShard(shard.getKey());
            for (int i = 0, count = ids.size(); i < count; i++) {
                ID id = ids.get(i);
                int slot = buffer.find(id);
                target.put(id, buffer.expiry(slot));
                buffer.removeAt(slot);
            }
        }
    }

    /** The first index in the sorted {@code a[0, to)} holding {@code value}, or {@code to}. */
    private static int lowerBound(long[] a, int to, long value) {
        int lo = 0;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
