package dev.streamkit.state.internal;

import java.util.ArrayList;
import java.util.HashMap;
import org.apache.flink.annotation.Internal;

/**
 * The heap side of the exact deduplicator's bucket index: bucket appends (ids whose expiry moved
 * into a granule, and markers of ids whose expiry moved out of it) not yet written to state, by
 * expiry granule and shard. The owner writes them with one append per (shard, granule) in {@link
 * #drain} before every snapshot and when {@link #size} reaches its bound, and takes a bucket out
 * whole with {@link #remove} when its timer fires first, so that bucket is never written at all.
 */
@Internal
final class PendingBuckets<ID> {
    /** Receives the drained buckets. */
    interface Writer<ID> {
        /** Appends {@code ids} (ids moved in, then markers) to the state bucket of the pair. */
        void write(long granule, int shard, ArrayList<ID> ids, ArrayList<ID> outs) throws Exception;
    }

    private final int shards;
    private final HashMap<Long, Granule<ID>> granules = new HashMap<>();

    /** The granule of the last append (consecutive ids mostly share one), or null. */
    private Granule<ID> last;

    private int size;

    /**
     * @param shards the shard count (sizes the per-granule tables)
     */
    PendingBuckets(int shards) {
        this.shards = shards;
    }

    /** Appends and markers held, over all buckets. */
    int size() {
        return size;
    }

    /**
     * Files {@code id} in the bucket of {@code granule} and {@code shard}: as moved in, or (with
     * {@code marker}) as moved out.
     */
    void add(long granule, int shard, ID id, boolean marker) {
        Granule<ID> g = last;
        if (g == null || g.granule != granule) {
            g = granules.get(granule);
            if (g == null) {
                g = new Granule<>(granule, shards);
                granules.put(granule, g);
            }
            last = g;
        }
        g.bucket(shard).add(id, marker);
        size++;
    }

    /** Takes the bucket of {@code granule} and {@code shard} out, or returns null. */
    Bucket<ID> remove(long granule, int shard) {
        Granule<ID> g = granules.get(granule);
        if (g == null) {
            return null;
        }
        Bucket<ID> b = g.remove(shard);
        if (g.isEmpty()) {
            granules.remove(granule);
            if (last == g) {
                last = null;
            }
        }
        if (b != null) {
            size -= b.size();
        }
        return b;
    }

    /** Hands every bucket to {@code writer}, then holds nothing. */
    void drain(Writer<ID> writer) throws Exception {
        if (size == 0) {
            return;
        }
        for (Granule<ID> g : granules.values()) {
            for (Bucket<ID> b : g.slots) {
                for (; b != null; b = b.next) {
                    writer.write(g.granule, b.shard, b.ids, b.outs);
                }
            }
        }
        granules.clear();
        last = null;
        size = 0;
    }

    /**
     * The buckets of one granule, by shard: a small chained table indexed by shard, so an append
     * needs no boxing and no hashing.
     */
    private static final class Granule<ID> {
        final long granule;
        final Bucket<ID>[] slots;
        int buckets;

        @SuppressWarnings("unchecked")
        Granule(long granule, int shards) {
            this.granule = granule;
            this.slots = new Bucket[Math.min(shards, 4096)];
        }

        Bucket<ID> bucket(int shard) {
            int slot = shard % slots.length;
            Bucket<ID> b = slots[slot];
            while (b != null && b.shard != shard) {
                b = b.next;
            }
            if (b == null) {
                b = new Bucket<>(shard, slots[slot]);
                slots[slot] = b;
                buckets++;
            }
            return b;
        }

        Bucket<ID> remove(int shard) {
            int slot = shard % slots.length;
            Bucket<ID> previous = null;
            for (Bucket<ID> b = slots[slot]; b != null; previous = b, b = b.next) {
                if (b.shard == shard) {
                    if (previous == null) {
                        slots[slot] = b.next;
                    } else {
                        previous.next = b.next;
                    }
                    buckets--;
                    return b;
                }
            }
            return null;
        }

        boolean isEmpty() {
            return buckets == 0;
        }
    }

    /**
     * Appends of one shard and granule: the ids that moved in, and the markers of those that moved
     * out. An id moves into and out of a granule at most once each, since expiries only grow.
     */
    static final class Bucket<ID> {
        final int shard;
        Bucket<ID> next;
        final ArrayList<ID> ids = new ArrayList<>();
        ArrayList<ID> outs;

        Bucket(int shard, Bucket<ID> next) {
            this.shard = shard;
            this.next = next;
        }

        void add(ID id, boolean marker) {
            if (!marker) {
                ids.add(id);
            } else {
                if (outs == null) {
                    outs = new ArrayList<>();
                }
                outs.add(id);
            }
        }

        int size() {
            return ids.size() + (outs == null ? 0 : outs.size());
        }
    }
}
