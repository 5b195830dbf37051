package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BloomBlockCacheTest {
    private static final int WORDS = 33;

    @Test
    void bytesFollowBlocksAndShards() {
        BloomBlockCache cache = new BloomBlockCache(10, WORDS, 1 << 20);
        BloomBlockCache.Shard a = cache.addShard(1, true);
        BloomBlockCache.Shard b = cache.addShard(2, false);
        long shard = 128 + 10 * 10;
        long block = 16 + 8 * WORDS;
        assertThat(cache.bytes()).isEqualTo(2 * shard);
        cache.put(a, 3, new long[WORDS], false);
        cache.put(a, 3, new long[WORDS], true); // replacing a cached block adds nothing
        cache.put(b, 9, new long[WORDS], true);
        assertThat(cache.bytes()).isEqualTo(2 * shard + 2 * block);
        assertThat(cache.cachedBlocks()).isEqualTo(2);
        cache.drop(a, 3);
        cache.drop(a, 3); // dropping twice changes nothing
        assertThat(cache.bytes()).isEqualTo(2 * shard + block);
        assertThat(a.persisted[3]).isFalse();
        cache.removeShard(b);
        assertThat(cache.bytes()).isEqualTo(shard);
        assertThat(cache.shard(2)).isNull();
        assertThat(cache.shard(1)).isSameAs(a);
        cache.removeShard(a);
        assertThat(cache.bytes()).isZero();
        assertThat(cache.shards()).isEmpty();
    }

    @Test
    void victimsGoRoundRobinOverResidentShards() {
        BloomBlockCache cache = new BloomBlockCache(4, WORDS, 0);
        assertThat(cache.victim()).isNull();
        for (int k = 0; k < 3; k++) {
            cache.addShard(k, false);
        }
        assertThat(cache.overBound()).isTrue();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            seen.add(cache.victim().key);
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(cache.evictions()).isEqualTo(3);
    }

    /**
     * Blocks dirtied, dropped (by the sweep) and dirtied again many times between two write-backs
     * leave stale entries in the dirty list; the list stays bounded and lists every dirty block.
     */
    @Test
    void dirtyListStaysBoundedAcrossDropsAndCoversEveryDirtyBlock() {
        int blocks = 5;
        BloomBlockCache cache = new BloomBlockCache(blocks, WORDS, 1 << 20);
        BloomBlockCache.Shard s = cache.addShard(7, true);
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < blocks; i++) {
                cache.put(s, i, new long[WORDS], false);
                s.markDirty(i);
                s.markDirty(i); // twice: listed once
            }
            for (int i = 0; i < blocks; i += 2) {
                cache.drop(s, i);
            }
            assertThat(s.dirtyList.length).isLessThanOrEqualTo(4 * blocks);
        }
        Set<Integer> listed = new HashSet<>();
        for (int i = 0; i < s.dirtyCount; i++) {
            if (s.dirty[s.dirtyList[i]]) {
                listed.add(s.dirtyList[i]);
            }
        }
        assertThat(listed).containsExactlyInAnyOrder(1, 3);
        assertThat(cache.dirtyBlocks()).isEqualTo(2);
    }
}
