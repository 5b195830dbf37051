package dev.streamkit.state.internal;

import org.apache.flink.annotation.Internal;

/**
 * The approximate deduplicator's block-cache write-back: how dirty blocks of its {@link
 * BloomBlockCache} reach the block map state. A shard's dirty blocks are written (as copies: on the
 * heap backend state keeps the object, and the cache mutates its own) before every snapshot and
 * when the shard is evicted; whole shards are evicted, round robin, until the cache is within its
 * bound.
 */
@Internal
final class BlockWriteBack {
    /** Where the blocks are written: the owner's keyed context and block map state. */
    interface Target {
        /** Makes {@code shard} the current key. */
        void setShard(Integer shard);

        /** Puts the block into the block map (current key: its shard). */
        void put(int index, long[] block) throws Exception;
    }

    private final BloomBlockCache cache;
    private final Target target;

    /**
     * @param cache the block cache
     * @param target the owner's keyed context and block map
     */
    BlockWriteBack(BloomBlockCache cache, Target target) {
        this.cache = cache;
        this.target = target;
    }

    /** Writes the dirty blocks of {@code shard} to state; the current key must be its key. */
    void writeBack(BloomBlockCache.Shard shard) throws Exception {
        for (int i = 0; i < shard.dirtyCount; i++) {
            int index = shard.dirtyList[i];
            if (shard.dirty[index]) {
                // a copy: on the heap backend state keeps the object, and the cache mutates its own
                target.put(index, shard.blocks[index].clone());
                shard.dirty[index] = false;
                shard.persisted[index] = true;
            }
        }
        shard.dirtyCount = 0;
    }

    /** Writes every dirty cached block to state, so a snapshot holds every record before it. */
    void writeBackAll() throws Exception {
        for (BloomBlockCache.Shard shard : cache.shards()) {
            if (shard.dirtyCount > 0) {
                target.setShard(shard.key);
                writeBack(shard);
            }
        }
    }

    /**
     * Evicts whole shards (writing their dirty blocks back) until the cache is within bound, then
     * makes {@code currentKey} the current key again.
     */
    void evict(Integer currentKey) throws Exception {
        try {
            while (cache.overBound()) {
                BloomBlockCache.Shard victim = cache.victim();
                if (victim == null) {
                    break;
                }
                target.setShard(victim.key);
                writeBack(victim);
                cache.removeShard(victim);
            }
        } finally {
            target.setShard(currentKey);
        }
    }
}
