package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The sweep of dead filter blocks alone: when it is scheduled, and what it deletes from the cache
 * and from state. 4 slots of 10 ms epochs: a block whose newest epoch is {@code e} is dead once
 * epoch {@code e + 4} begins, at {@code (e + 4) * 10} ms.
 */
class BlockSweepTest {
    private static final int SLOTS = 4;
    private static final int BLOCKS = 4;
    private static final long EPOCH = 10;
    private static final Integer KEY = 7;

    private final FilterBlocks layout = new FilterBlocks(SLOTS, 3);

    /** The current shard's blocks in state. */
    private final TreeMap<Integer, long[]> state = new TreeMap<>();

    private final List<Long> timers = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();
    private int clears;

    private final BlockSweep.Store store =
            new BlockSweep.Store() {
                @Override
                public Iterator<Map.Entry<Integer, long[]>> iterator() {
                    Iterator<Map.Entry<Integer, long[]>> it = state.entrySet().iterator();
                    return new Iterator<Map.Entry<Integer, long[]>>() {
                        private Map.Entry<Integer, long[]> last;

                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Map.Entry<Integer, long[]> next() {
                            last = it.next();
                            return last;
                        }

                        @Override
                        public void remove() {
                            deletes.add("scan " + last.getKey());
                            it.remove();
                        }
                    };
                }

                @Override
                public void remove(int index) {
                    deletes.add("cached " + index);
                    state.remove(index);
                }

                @Override
                public void clearIfEmpty() {
                    if (state.isEmpty()) {
                        clears++;
                    }
                }
            };

    private BlockSweep sweep(BloomBlockCache cache, boolean wholeShards) {
        return new BlockSweep(
                layout,
                BLOCKS,
                SLOTS,
                EPOCH,
                cache,
                wholeShards,
                store,
                key -> cache.addShard(key, wholeShards),
                timers::add);
    }

    @Test
    void aBlockIsSweptWhenItsNewestEpochLeavesTheLiveRange() {
        BlockSweep s = sweep(null, false);
        s.schedule(null, 5);
        s.schedule(null, 6);
        assertThat(timers).containsExactly(90L, 100L); // without a cache every call registers
    }

    @Test
    void withTheCacheAPendingTimerOfTheShardIsNotRegisteredAgain() throws Exception {
        BloomBlockCache cache = new BloomBlockCache(BLOCKS, layout.newBlock(0).length, 1 << 20);
        BloomBlockCache.Shard shard = cache.addShard(KEY, true);
        cache.put(shard, 0, layout.newBlock(5), false);
        cache.put(shard, 1, layout.newBlock(8), false); // alive at epoch 9: the shard stays
        BlockSweep s = sweep(cache, true);
        s.schedule(shard, 5);
        s.schedule(shard, 5);
        assertThat(timers).containsExactly(90L);
        s.sweep(KEY, 90);
        assertThat(cache.shard(KEY)).isSameAs(shard);
        s.schedule(shard, 5); // fired: the same time must reach the timer service again
        assertThat(timers).containsExactly(90L, 90L);
    }

    @Test
    void withoutACacheTheDeadBlocksAreDeletedFromState() throws Exception {
        state.put(0, layout.newBlock(5));
        state.put(1, layout.newBlock(7));
        BlockSweep s = sweep(null, false);
        s.sweep(KEY, 90); // epoch 9: block 0 (5 + 4 <= 9) is dead, block 1 (7 + 4 > 9) is not
        assertThat(state).containsOnlyKeys(1);
        assertThat(deletes).containsExactly("scan 0");
        assertThat(clears).isZero();
        s.sweep(KEY, 110);
        assertThat(state).isEmpty();
        assertThat(clears).isEqualTo(1);
    }

    @Test
    void aCompleteShardIsSweptInTheCacheAloneAndDeletesOnlyPersistedBlocks() throws Exception {
        BloomBlockCache cache = new BloomBlockCache(BLOCKS, layout.newBlock(0).length, 1 << 20);
        BloomBlockCache.Shard shard = cache.addShard(KEY, true);
        state.put(0, layout.newBlock(5));
        cache.put(shard, 0, layout.newBlock(5), true); // in state too
        cache.put(shard, 1, layout.newBlock(5), false); // never written
        cache.put(shard, 2, layout.newBlock(8), false); // alive at epoch 9
        sweep(cache, true).sweep(KEY, 90);
        assertThat(deletes).containsExactly("cached 0");
        assertThat(shard.blocks[0]).isNull();
        assertThat(shard.blocks[1]).isNull();
        assertThat(shard.blocks[2]).isNotNull();
        assertThat(cache.shard(KEY)).isSameAs(shard);
        sweep(cache, true).sweep(KEY, 120);
        assertThat(cache.shard(KEY)).isNull(); // nothing left cached: the shard is dropped
    }

    @Test
    void anIncompleteShardAlsoScansStateButKeepsBlocksWhoseCachedCopyIsCurrent() throws Exception {
        BloomBlockCache cache = new BloomBlockCache(BLOCKS, layout.newBlock(0).length, 1 << 20);
        BloomBlockCache.Shard shard = cache.addShard(KEY, false);
        state.put(0, layout.newBlock(5)); // state only, dead
        state.put(1, layout.newBlock(5)); // stale in state: the cached copy advanced to epoch 8
        cache.put(shard, 1, layout.newBlock(8), true);
        sweep(cache, false).sweep(KEY, 90);
        assertThat(deletes).containsExactly("scan 0");
        assertThat(state).containsOnlyKeys(1);
        assertThat(shard.blocks[1]).isNotNull();
    }

    @Test
    void aSweepOfAShardNotYetCachedLoadsItWhenShardsAreCachedWhole() throws Exception {
        BloomBlockCache cache = new BloomBlockCache(BLOCKS, layout.newBlock(0).length, 1 << 20);
        state.put(0, layout.newBlock(5));
        sweep(cache, false).sweep(KEY, 90);
        assertThat(cache.shard(KEY)).isNull(); // read-through: state is scanned instead
        assertThat(state).isEmpty();
        state.put(2, layout.newBlock(5));
        sweep(cache, true).sweep(KEY, 90);
        // loaded whole (the loader stands in: empty) and dropped, being empty; a complete shard
        // answers for state, so state is not scanned
        assertThat(cache.shard(KEY)).isNull();
        assertThat(state).containsOnlyKeys(2);
        assertThat(deletes).containsExactly("scan 0");
    }
}
