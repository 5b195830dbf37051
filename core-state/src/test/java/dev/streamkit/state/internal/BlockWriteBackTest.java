package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block-cache write-back alone: what reaches state, under which key, and eviction. */
class BlockWriteBackTest {
    private static final int WORDS = 3;

    /** Every call on the target, in order: "key=K" or "put K/index=firstWord". */
    private final List<String> calls = new ArrayList<>();

    private Integer current;

    private final List<long[]> written = new ArrayList<>();

    private BlockWriteBack writeBack(BloomBlockCache cache) {
        return new BlockWriteBack(
                cache,
                new BlockWriteBack.Target() {
                    @Override
                    public void setShard(Integer shard) {
                        current = shard;
                        calls.add("key=" + shard);
                    }

                    @Override
                    public void put(int index, long[] block) {
                        written.add(block);
                        calls.add("put " + current + "/" + index + "=" + block[0]);
                    }
                });
    }

    private static long[] block(long first) {
        long[] b = new long[WORDS];
        b[0] = first;
        return b;
    }

    @Test
    void writesOnlyDirtyBlocksAsCopiesAndMarksThemPersisted() throws Exception {
        BloomBlockCache cache = new BloomBlockCache(4, WORDS, 1 << 20);
        BloomBlockCache.Shard a = cache.addShard(1, true);
        BloomBlockCache.Shard b = cache.addShard(2, true);
        BloomBlockCache.Shard c = cache.addShard(3, true);
        cache.put(a, 0, block(10), false);
        cache.put(a, 2, block(12), true); // clean: never written
        cache.put(b, 1, block(21), false);
        cache.put(c, 3, block(33), false); // clean shard: its key is never set
        a.markDirty(0);
        b.markDirty(1);
        writeBack(cache).writeBackAll();
        assertThat(calls).containsExactlyInAnyOrder("key=1", "put 1/0=10", "key=2", "put 2/1=21");
        assertThat(calls.indexOf("put 1/0=10")).isEqualTo(calls.indexOf("key=1") + 1);
        assertThat(written.get(0)).isNotSameAs(a.blocks[0]).isNotSameAs(b.blocks[1]);
        assertThat(a.persisted[0]).isTrue();
        assertThat(a.dirty[0]).isFalse();
        assertThat(a.dirtyCount).isZero();
        calls.clear();
        writeBack(cache).writeBackAll(); // nothing dirty any more
        assertThat(calls).isEmpty();
    }

    @Test
    void evictsWholeShardsUntilWithinBoundAndRestoresTheCurrentKey() throws Exception {
        long shardBytes = BloomBlockCache.shardBytes(2);
        long blockBytes = BloomBlockCache.blockBytes(WORDS);
        // room for two shards with one block each
        BloomBlockCache cache = new BloomBlockCache(2, WORDS, 2 * (shardBytes + blockBytes));
        for (int k = 0; k < 3; k++) {
            BloomBlockCache.Shard s = cache.addShard(k, false);
            cache.put(s, 1, block(100 + k), false);
            s.markDirty(1);
        }
        assertThat(cache.overBound()).isTrue();
        writeBack(cache).evict(7);
        assertThat(cache.overBound()).isFalse();
        assertThat(cache.shards()).hasSize(2);
        // one victim, its dirty block written under its key, then the current key back
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0)).startsWith("key=");
        String victim = calls.get(0).substring(4);
        assertThat(calls.get(1)).isEqualTo("put " + victim + "/1=10" + victim);
        assertThat(calls.get(2)).isEqualTo("key=7");
        assertThat(cache.shard(Integer.valueOf(victim))).isNull();
        assertThat(current).isEqualTo(7);
    }
}
