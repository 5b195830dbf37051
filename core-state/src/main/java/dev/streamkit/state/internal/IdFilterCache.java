package dev.streamkit.state.internal;

import dev.streamkit.common.internal.TimeMath;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * A transient, heap-only negative cache in front of the exact dedup map: blocked Bloom filters of
 * every id the operator instance put into (or found in) its state, one filter per epoch of expiry
 * times. An id no filter contains is certainly not in state (as long as the owner only asks once
 * the cache covers the whole state, see {@link ShardedDedupOperator}); a positive answer means
 * "maybe", and the owner reads state. A filter is dropped whole once every expiry timer of its
 * epoch has fired.
 *
 * <p>Each epoch also remembers which (shard, granule) expiry timers this instance registered and
 * that have not fired yet, so a timer is registered once per shard and granule instead of once per
 * id (a RocksDB timer registration serializes and may write).
 *
 * <p>Filters grow by chaining parts of four times the capacity of the one before (a scalable Bloom
 * filter): part {@code i} of an epoch is sized for a false-positive rate of {@link #PART_FPR} /
 * 2<sup>i</sup>, so an epoch answers "maybe" for an absent id with probability at most 2 x {@link
 * #PART_FPR} however many parts it grew, and a lookup probes few parts. (Parts of doubling capacity
 * at one rate each had summed to 4 % over three epochs of a few million ids: every false positive
 * is a state read, which on RocksDB costs more than everything else an id costs.) The first part of
 * a new epoch is sized from the id count of the previous one, the first epoch's from the owner's
 * hint. The total size is bounded by {@code maxBytes}: when a new part would exceed it, {@link
 * #add} returns false and the owner stops using the cache.
 */
@Internal
final class IdFilterCache {
    /** False-positive rate of an epoch's first filter part; each further part halves it. */
    static final double PART_FPR = 0.0005;

    /** Capacity levels (factors of two) from one part of an epoch to the next. */
    static final int GROWTH_LEVELS = 2;

    static final int MIN_CAPACITY = 1024;

    private final long epochMillis;
    private final long granularity;
    private final long maxBytes;
    private final int fixedBlocks;
    private final List<Epoch> epochs = new ArrayList<>();
    private Epoch forever;
    private Epoch last;
    private long bytes;
    private long sizeHint;

    /**
     * @param epochMillis width of the expiry-time range of one filter (a multiple of granularity)
     * @param fixedBlocks if positive (tests only), every filter is this many 512-bit blocks, never
     *     grows, and sets one of 8 bit positions per id: most lookups are false positives
     */
    IdFilterCache(long epochMillis, long granularity, long maxBytes, int fixedBlocks) {
        this(epochMillis, granularity, maxBytes, fixedBlocks, MIN_CAPACITY);
    }

    /**
     * @param epochMillis width of the expiry-time range of one filter (a multiple of granularity)
     * @param fixedBlocks if positive (tests only), every filter is this many 512-bit blocks, never
     *     grows, and sets one of 8 bit positions per id: most lookups are false positives
     * @param firstIds the ids the first epoch's first part is sized for (e.g. how many ids the
     *     owner writes to state at once), at least {@link #MIN_CAPACITY}
     */
    IdFilterCache(
            long epochMillis, long granularity, long maxBytes, int fixedBlocks, long firstIds) {
        this.epochMillis = epochMillis;
        this.granularity = granularity;
        this.maxBytes = maxBytes;
        this.fixedBlocks = fixedBlocks;
        this.sizeHint = Math.max(MIN_CAPACITY, firstIds);
    }

    /** True if an id with this hash may have been added to any live filter. */
    boolean mightContain(long hash) {
        long probe = probe(hash);
        List<Epoch> live = epochs;
        for (int i = 0, n = live.size(); i < n; i++) {
            if (live.get(i).mightContain(hash, probe)) {
                return true;
            }
        }
        return forever != null && forever.mightContain(hash, probe);
    }

    /**
     * Records that an id with this hash is in state with this expiry; false if the memory bound
     * does not allow it (the cache is then unusable).
     */
    boolean add(long hash, long expiry) {
        Epoch e = epochFor(expiry);
        return e.add(hash, probe(hash));
    }

    private long probe(long hash) {
        long probe = BlockedBloom.probeHash(hash);
        // test mode: one bit among 8 positions, so most lookups are false positives
        return fixedBlocks > 0 ? probe & 7L : probe;
    }

    /**
     * True if the (shard, granule) timer must be registered; records it as registered. The owner
     * registers the timer whenever this says so, and calls {@link #fired} when it fires.
     */
    boolean needsTimer(int shard, long granule) {
        Epoch e = epochFor(granule);
        int slot = (int) ((granule - e.start) / granularity);
        if (e.timers == null) {
            e.timers = new BitSet[Math.max(1, (int) (epochMillis / granularity))];
        }
        if (slot < 0 || slot >= e.timers.length) {
            return true; // not aligned (cannot happen for ceil'ed expiries): always register
        }
        BitSet set = e.timers[slot];
        if (set == null) {
            set = new BitSet();
            e.timers[slot] = set;
        }
        if (set.get(shard)) {
            return false;
        }
        set.set(shard);
        return true;
    }

    /** The (shard, granule) timer fired: a later id in that granule registers it again. */
    void fired(int shard, long granule) {
        Epoch e = find(granule);
        if (e == null || e.timers == null) {
            return;
        }
        int slot = (int) ((granule - e.start) / granularity);
        if (slot >= 0 && slot < e.timers.length && e.timers[slot] != null) {
            e.timers[slot].clear(shard);
        }
    }

    /**
     * Drops the filters whose whole expiry range is at or before {@code time}: the caller
     * guarantees that every timer at or before it has fired and that no id in state has an expiry
     * at or before it.
     */
    void dropThrough(long time) {
        for (int i = epochs.size() - 1; i >= 0; i--) {
            Epoch e = epochs.get(i);
            if (TimeMath.add(e.start, epochMillis - 1) <= time) {
                sizeHint = Math.max(MIN_CAPACITY, e.count);
                bytes -= e.bytes;
                epochs.remove(i);
                if (last == e) {
                    last = null;
                }
            }
        }
    }

    void clear() {
        epochs.clear();
        forever = null;
        last = null;
        bytes = 0;
    }

    /** Heap bytes held by the filters. */
    long bytes() {
        return bytes;
    }

    /** Live filters (for tests). */
    int epochs() {
        return epochs.size() + (forever == null ? 0 : 1);
    }

    private Epoch find(long expiry) {
        if (expiry >= TimeMath.MAX_TIME) {
            return forever;
        }
        long start = epochStart(expiry);
        if (last != null && last.start == start) {
            return last;
        }
        for (int i = 0, n = epochs.size(); i < n; i++) {
            Epoch e = epochs.get(i);
            if (e.start == start) {
                last = e;
                return e;
            }
        }
        return null;
    }

    /**
     * The start of the epoch of {@code expiry}: its floor to a multiple of the epoch width,
     * saturated at {@code Long.MIN_VALUE} (floorDiv * width underflows for expiries of records
     * stamped near {@code Long.MIN_VALUE}; the lowest epoch is then merely shorter).
     */
    private long epochStart(long expiry) {
        return TimeMath.subtract(expiry, Math.floorMod(expiry, epochMillis));
    }

    private Epoch epochFor(long expiry) {
        Epoch e = find(expiry);
        if (e != null) {
            return e;
        }
        if (expiry >= TimeMath.MAX_TIME) {
            forever = new Epoch(TimeMath.MAX_TIME);
            return forever;
        }
        e = new Epoch(epochStart(expiry));
        epochs.add(e);
        last = e;
        return e;
    }

    /** Blocks and bits per id of part {@code index} of an epoch, whose capacity level is given. */
    private static long[] sizing(int level, int index) {
        long capacity = (long) MIN_CAPACITY << level;
        // the rate halves per part (floored: past ~30 parts the bound is met long before)
        return BlockedBloom.size(capacity, PART_FPR / (1L << Math.min(index, 30)));
    }

    private static int levelFor(long ids) {
        int level = 0;
        while (level < 39 && ((long) MIN_CAPACITY << level) < ids) {
            level++;
        }
        return level;
    }

    /** The filter of one epoch: parts of growing capacity, the newest one filling up. */
    private final class Epoch {
        final long start;
        long[][] parts = new long[0][];
        int[] partK = new int[0];
        int level;
        long capacity;
        long inPart;
        long count;
        long bytes;
        BitSet[] timers;

        Epoch(long start) {
            this.start = start;
        }

        boolean mightContain(long hash, long probe) {
            long[][] p = parts;
            for (int i = 0; i < p.length; i++) {
                long[] words = p[i];
                int blocks = (words.length - 1) / BlockedBloom.WORDS;
                if (BlockedBloom.contains(
                        words, 1 + block(hash, blocks) * BlockedBloom.WORDS, probe, partK[i])) {
                    return true;
                }
            }
            return false;
        }

        boolean add(long hash, long probe) {
            if (parts.length == 0 || (fixedBlocks <= 0 && inPart >= capacity)) {
                if (!grow()) {
                    return false;
                }
            }
            int i = parts.length - 1;
            long[] words = parts[i];
            int blocks = (words.length - 1) / BlockedBloom.WORDS;
            BlockedBloom.put(words, 1 + block(hash, blocks) * BlockedBloom.WORDS, probe, partK[i]);
            inPart++;
            count++;
            return true;
        }

        private boolean grow() {
            long blocks;
            int k;
            if (fixedBlocks > 0) {
                blocks = fixedBlocks;
                k = 1;
            } else {
                level =
                        parts.length == 0
                                ? levelFor(sizeHint + sizeHint / 4)
                                : Math.min(39, level + GROWTH_LEVELS);
                long[] s = sizing(level, parts.length);
                blocks = s[0];
                k = (int) s[1];
                capacity = (long) MIN_CAPACITY << level;
            }
            long partBytes = (1 + blocks * BlockedBloom.WORDS) * 8L;
            if (blocks > Integer.MAX_VALUE / BlockedBloom.WORDS - 1
                    || IdFilterCache.this.bytes + partBytes > maxBytes) {
                return false;
            }
            long[][] p = java.util.Arrays.copyOf(parts, parts.length + 1);
            p[parts.length] = new long[(int) (1 + blocks * BlockedBloom.WORDS)];
            int[] kk = java.util.Arrays.copyOf(partK, partK.length + 1);
            kk[partK.length] = k;
            parts = p;
            partK = kk;
            inPart = 0;
            bytes += partBytes;
            IdFilterCache.this.bytes += partBytes;
            return true;
        }
    }

    /** The block of an id: the low 32 bits of its hash (the shard uses the high bits). */
    private static int block(long hash, int blocks) {
        return (int) (((hash & 0xFFFFFFFFL) * blocks) >>> 32);
    }
}
