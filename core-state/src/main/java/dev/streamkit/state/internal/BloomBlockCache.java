package dev.streamkit.state.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * The heap write-back cache of {@link BloomDedupOperator}: Bloom blocks by (shard, block index),
 * held per shard. The cache owns its arrays (it never shares one with the state backend), knows
 * which of them differ from state ({@code dirty}) and which exist in state ({@code persisted}); the
 * operator does every state access, under the right key.
 *
 * <p>A shard is <em>complete</em> when it was loaded whole from state when first touched: a block
 * the cache does not hold is then not in state either, so misses cost no read and the expiry sweep
 * needs no state scan. The operator uses complete shards when every shard of its key groups fits in
 * {@code maxBytes} even with every block live (nothing is ever evicted then); otherwise shards are
 * filled block by block (read-through) and evicted whole, dirty blocks written back, once the cache
 * exceeds {@code maxBytes}.
 *
 * <p>Byte accounting: each cached block counts its array ({@link #blockBytes}) and each shard its
 * index arrays ({@link #shardBytes}), estimates of the JVM object sizes.
 */
@Internal
final class BloomBlockCache {
    private final int blocksPerShard;
    private final long blockBytes;
    private final long shardBytes;
    private final long maxBytes;
    private final HashMap<Integer, Shard> byKey = new HashMap<>();
    private final List<Shard> resident = new ArrayList<>();
    private long bytes;
    private int hand;
    private long evictions;

    BloomBlockCache(int blocksPerShard, int blockWords, long maxBytes) {
        this.blocksPerShard = blocksPerShard;
        this.blockBytes = blockBytes(blockWords);
        this.shardBytes = shardBytes(blocksPerShard);
        this.maxBytes = maxBytes;
    }

    /** Heap bytes of one cached block of {@code words} longs (array header and body). */
    static long blockBytes(int words) {
        return 16L + 8L * words;
    }

    /** Heap bytes of one shard's bookkeeping: a reference and two flags per block index. */
    static long shardBytes(int blocksPerShard) {
        return 128L + 10L * blocksPerShard;
    }

    /** The cached shard of this key, or null. */
    Shard shard(Integer key) {
        return byKey.get(key);
    }

    /** Adds an empty shard (to be filled by the caller). */
    Shard addShard(Integer key, boolean complete) {
        Shard s = new Shard(key, blocksPerShard, complete);
        s.residentIndex = resident.size();
        resident.add(s);
        byKey.put(key, s);
        bytes += shardBytes;
        return s;
    }

    /** Removes a shard and everything cached for it (the caller wrote back what was dirty). */
    void removeShard(Shard s) {
        byKey.remove(s.key);
        int i = s.residentIndex;
        Shard last = resident.remove(resident.size() - 1);
        if (last != s) {
            resident.set(i, last);
            last.residentIndex = i;
        }
        bytes -= shardBytes + blockBytes * s.cached;
        s.cached = 0;
    }

    /** Caches {@code block} (owned by the cache from now on) at {@code index} of {@code s}. */
    void put(Shard s, int index, long[] block, boolean persisted) {
        if (s.blocks[index] == null) {
            s.cached++;
            bytes += blockBytes;
        }
        s.blocks[index] = block;
        s.persisted[index] = persisted;
    }

    /** Drops the block at {@code index} of {@code s} from the cache (not from state). */
    void drop(Shard s, int index) {
        if (s.blocks[index] != null) {
            s.blocks[index] = null;
            s.dirty[index] = false;
            s.persisted[index] = false;
            s.cached--;
            bytes -= blockBytes;
        }
    }

    boolean overBound() {
        return bytes > maxBytes;
    }

    /** The next shard to evict (round robin over the resident shards), or null if none. */
    Shard victim() {
        int n = resident.size();
        if (n == 0) {
            return null;
        }
        if (hand >= n) {
            hand = 0;
        }
        evictions++;
        return resident.get(hand++);
    }

    /** The resident shards (for write-back; do not modify). */
    List<Shard> shards() {
        return resident;
    }

    long bytes() {
        return bytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    long evictions() {
        return evictions;
    }

    long cachedBlocks() {
        long n = 0;
        for (Shard s : resident) {
            n += s.cached;
        }
        return n;
    }

    long dirtyBlocks() {
        long n = 0;
        for (Shard s : resident) {
            for (boolean d : s.dirty) {
                if (d) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The cached blocks of one shard key. */
    static final class Shard {
        final Integer key;

        /** Cached block by block index, null if not cached. */
        final long[][] blocks;

        /** The block at this index exists in state (as last read or written by this instance). */
        final boolean[] persisted;

        /** The cached block differs from state. */
        final boolean[] dirty;

        /** Loaded whole from state: a block not cached is not in state. */
        final boolean complete;

        /** Indices that became dirty since the last write-back (may hold dropped ones). */
        int[] dirtyList = new int[8];

        int dirtyCount;
        int cached;

        /** A sweep timer this instance registered for this shard and that has not fired yet. */
        long sweepAt = Long.MIN_VALUE;

        int residentIndex;

        Shard(Integer key, int blocksPerShard, boolean complete) {
            this.key = key;
            this.blocks = new long[blocksPerShard][];
            this.persisted = new boolean[blocksPerShard];
            this.dirty = new boolean[blocksPerShard];
            this.complete = complete;
        }

        void markDirty(int index) {
            if (!dirty[index]) {
                dirty[index] = true;
                if (dirtyCount == dirtyList.length) {
                    if (dirtyCount >= dirty.length) {
                        // dropped blocks left stale entries: rebuild from the flags
                        dirtyCount = 0;
                        for (int i = 0; i < dirty.length; i++) {
                            if (dirty[i] && i != index) {
                                dirtyList[dirtyCount++] = i;
                            }
                        }
                    }
                    if (dirtyCount == dirtyList.length) {
                        dirtyList = Arrays.copyOf(dirtyList, dirtyCount * 2);
                    }
                }
                dirtyList[dirtyCount++] = index;
            }
        }
    }
}
