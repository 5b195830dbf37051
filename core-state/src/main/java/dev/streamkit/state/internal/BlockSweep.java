package dev.streamkit.state.internal;

import dev.streamkit.common.internal.TimeMath;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongConsumer;
import javax.annotation.Nullable;

/**
 * The expiry of {@link BloomDedupOperator}'s filter blocks: a block whose newest epoch is {@code e}
 * is dead once epoch {@code e + slots} begins (every slot it holds left the live range), and is
 * then deleted, from the block cache and from state, by a per-shard timer at that time. So idle
 * shards return to zero state and zero timers.
 *
 * <p>With the cache, a timer this instance registered for a shard and that has not fired yet is not
 * registered again (a RocksDB timer registration serializes the timer). A complete cached shard
 * (loaded whole) is swept in the cache alone; otherwise state is scanned too, skipping the blocks
 * whose current copy is cached.
 */
final class BlockSweep {
    /** The current shard's blocks in state (the caller set the key). */
    interface Store {
        /** Every block of the shard; the iterator's {@code remove} deletes one. */
        Iterator<Map.Entry<Integer, long[]>> iterator() throws Exception;

        /** Deletes one block. */
        void remove(int index) throws Exception;

        /** Drops the shard's (empty) map, if it holds no block. */
        void clearIfEmpty() throws Exception;
    }

    /** Creates the cache entry of a shard (loading it whole if the cache holds whole shards). */
    interface Loader {
        BloomBlockCache.Shard load(Integer key) throws Exception;
    }

    private final FilterBlocks layout;
    private final int blocks;
    private final int slots;
    private final long epochMillis;
    @Nullable private final BloomBlockCache cache;
    private final boolean wholeShards;
    private final Store store;
    private final Loader loader;

    /** Registers the current shard's sweep timer at a time. */
    private final LongConsumer timers;

    /**
     * @param layout the block layout
     * @param blocks blocks per shard
     * @param slots the filter slots
     * @param epochMillis the epoch width
     * @param cache the block cache, null without one
     * @param wholeShards whether the cache holds shards whole
     * @param store the current shard's blocks in state
     * @param loader creates the cache entry of a shard
     * @param timers registers the current shard's sweep timer
     */
    BlockSweep(
            FilterBlocks layout,
            int blocks,
            int slots,
            long epochMillis,
            @Nullable BloomBlockCache cache,
            boolean wholeShards,
            Store store,
            Loader loader,
            LongConsumer timers) {
        this.layout = layout;
        this.blocks = blocks;
        this.slots = slots;
        this.epochMillis = epochMillis;
        this.cache = cache;
        this.wholeShards = wholeShards;
        this.store = store;
        this.loader = loader;
        this.timers = timers;
    }

    /**
     * Schedules the sweep of a block of the current shard whose newest epoch is now {@code epoch}.
     *
     * @param shard the shard's cache entry, null without a cache
     * @param epoch the block's newest epoch
     */
    void schedule(@Nullable BloomBlockCache.Shard shard, long epoch) {
        if (TimeMath.add(epoch, slots) > TimeMath.MAX_TIME / epochMillis) {
            // beyond the last watermark (processing time near Long.MAX_VALUE only: event times
            // this far out are invalid records)
            return;
        }
        long at = (epoch + slots) * epochMillis;
        if (shard != null) {
            if (shard.sweepAt == at) {
                return;
            }
            shard.sweepAt = at;
        }
        timers.accept(at);
    }

    /**
     * Deletes the dead blocks of the current shard when its timer fires at {@code time}.
     *
     * @param key the shard
     * @param time the timer's time
     * @throws Exception if state access fails
     */
    void sweep(Integer key, long time) throws Exception {
        long current = Math.floorDiv(time, epochMillis);
        BloomBlockCache.Shard shard = null;
        if (cache != null) {
            shard = cache.shard(key);
            if (shard == null && wholeShards) {
                shard = loader.load(key);
            }
        }
        if (shard == null) {
            sweepState(current, null);
            return;
        }
        if (shard.sweepAt == time) {
            shard.sweepAt = Long.MIN_VALUE; // fired: a later registration must reach the service
        }
        long[][] cached = shard.blocks;
        for (int i = 0; i < cached.length; i++) {
            long[] block = cached[i];
            if (block != null && layout.dead(block, current)) {
                if (shard.persisted[i]) {
                    store.remove(i);
                }
                cache.drop(shard, i);
            }
        }
        if (!shard.complete) {
            // blocks may be in state only (never read, or evicted and read again)
            sweepState(current, shard);
        }
        if (shard.cached == 0) {
            cache.removeShard(shard);
        }
    }

    /** Deletes the dead blocks in state, except those cached ({@code shard}'s copy is current). */
    private void sweepState(long current, @Nullable BloomBlockCache.Shard shard) throws Exception {
        Iterator<Map.Entry<Integer, long[]>> it = store.iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, long[]> entry = it.next();
            int index = entry.getKey();
            boolean cached = shard != null && index < blocks && shard.blocks[index] != null;
            if (!cached && layout.dead(entry.getValue(), current)) {
                it.remove();
            }
        }
        store.clearIfEmpty();
    }
}
