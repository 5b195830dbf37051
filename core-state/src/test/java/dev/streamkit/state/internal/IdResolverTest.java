package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.internal.TimeMath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keep-first decision alone: new or duplicate, which expiry is stored, which bucket and timer
 * it is filed under, and which lookups reach state. Horizon 100 ms, granularity 10 ms: an
 * occurrence at {@code ts} expires at {@code ceil(ts + 100, 10)}.
 */
class IdResolverTest {
    private static final int SHARD = 3;

    /** The id map in state. */
    private final Map<String, Long> state = new HashMap<>();

    private int stateReads;

    /** State buckets as "shard/granule" to ids. */
    private final Map<String, List<String>> buckets = new HashMap<>();

    private final List<Long> timers = new ArrayList<>();
    private final List<String> forgotten = new ArrayList<>();

    private final IdMap.Backing<String> backing =
            new IdMap.Backing<String>() {
                @Override
                public Long get(String id) {
                    stateReads++;
                    return state.get(id);
                }

                @Override
                public void put(String id, long expiry) {
                    state.put(id, expiry);
                }

                @Override
                public void remove(String id) {
                    state.remove(id);
                }
            };

    private final BucketIndex<String> index =
            new BucketIndex<>(
                    8,
                    new BucketIndex.Store<String>() {
                        @Override
                        public Iterable<String> get(int shard, long granule) {
                            return buckets.get(shard + "/" + granule);
                        }

                        @Override
                        public void addAll(int shard, long granule, ArrayList<String> ids) {
                            buckets.computeIfAbsent(shard + "/" + granule, k -> new ArrayList<>())
                                    .addAll(ids);
                        }

                        @Override
                        public void clear(int shard, long granule) {
                            buckets.remove(shard + "/" + granule);
                        }
                    });

    private IdMap<String> idMap;

    private IdResolver<String> resolver(WriteBuffer<String> written, NegativeCache cache) {
        idMap = new IdMap<>(backing, written, cache);
        return new IdResolver<>(100, 10, written, idMap, cache, index, () -> 0L, timers::add);
    }

    private static NegativeCache noCache() {
        return new NegativeCache(null, Long.MIN_VALUE, 0);
    }

    /** Fires the expiry of {@code granule}: what it forgets goes to {@link #forgotten}. */
    private void expire(long granule) throws Exception {
        index.flush();
        index.expire(
                SHARD,
                granule,
                false,
                idMap::lookup,
                (id, t) -> {
                    forgotten.add(id + "@" + t);
                    idMap.forget(id, t);
                });
    }

    @Test
    void aNewIdIsStoredWithItsRoundedExpiryAndFiledUnderThatGranule() throws Exception {
        IdResolver<String> r = resolver(null, noCache());
        assertThat(r.resolve(SHARD, "a", 5)).isTrue();
        assertThat(state).containsEntry("a", 110L);
        assertThat(timers).containsExactly(110L);
        expire(110);
        assertThat(forgotten).containsExactly("a@110");
        assertThat(state).isEmpty();
    }

    @Test
    void aDuplicateWithinTheSameGranuleChangesNothing() throws Exception {
        IdResolver<String> r = resolver(null, noCache());
        r.resolve(SHARD, "a", 5);
        assertThat(r.resolve(SHARD, "a", 9)).isFalse(); // 109 rounds up to 110 too
        assertThat(state).containsEntry("a", 110L);
        assertThat(timers).containsExactly(110L);
    }

    @Test
    void aDuplicateThatMovesTheExpiryIsRefiledAndSkippedByItsOldBucket() throws Exception {
        IdResolver<String> r = resolver(null, noCache());
        r.resolve(SHARD, "a", 5);
        assertThat(r.resolve(SHARD, "a", 15)).isFalse();
        assertThat(state).containsEntry("a", 120L);
        assertThat(timers).containsExactly(110L, 120L);
        expire(110);
        assertThat(forgotten).isEmpty(); // moved on: still remembered
        assertThat(state).containsEntry("a", 120L);
        expire(120);
        assertThat(forgotten).containsExactly("a@120");
    }

    @Test
    void anIdThatNeverExpiresGetsTheSentinelTimerAndNoBucket() throws Exception {
        IdResolver<String> r = resolver(null, noCache());
        assertThat(r.resolve(SHARD, "a", TimeMath.MAX_TIME - 1)).isTrue();
        assertThat(timers).containsExactly(TimeMath.MAX_TIME);
        index.flush();
        assertThat(buckets).isEmpty();
    }

    @Test
    void aBufferedIdIsAnsweredFromTheBufferWithoutAnyStateAccess() throws Exception {
        IdResolver<String> r = resolver(new WriteBuffer<>(), noCache());
        assertThat(r.resolve(SHARD, "a", 5)).isTrue();
        int readsOfTheNewId = stateReads;
        assertThat(r.resolve(SHARD, "a", 15)).isFalse();
        assertThat(r.resolve(SHARD, "a", 16)).isFalse();
        assertThat(stateReads).isEqualTo(readsOfTheNewId);
        assertThat(state).isEmpty(); // still on the heap
        assertThat(idMap.lookup("a")).isEqualTo(120L);
        assertThat(timers).containsExactly(110L, 120L);
    }

    @Test
    void aWarmCacheAnswersNewIdsWithoutAStateRead() throws Exception {
        NegativeCache cache =
                new NegativeCache(new IdFilterCache(100, 10, 1 << 20, 0), Long.MIN_VALUE, 1 << 20);
        IdResolver<String> r = resolver(null, cache);
        assertThat(r.resolve(SHARD, "a", 5)).isTrue();
        assertThat(r.resolve(SHARD, "b", 5)).isTrue();
        assertThat(stateReads).isZero();
        assertThat(r.resolve(SHARD, "a", 6)).isFalse(); // the cache knows it: read to be sure
        assertThat(stateReads).isEqualTo(1);
        assertThat(cache.readsSkipped()).isEqualTo(2);
    }

    @Test
    void withoutACacheEveryIdNotBufferedReadsState() throws Exception {
        IdResolver<String> r = resolver(null, noCache());
        r.resolve(SHARD, "a", 5);
        r.resolve(SHARD, "b", 5);
        r.resolve(SHARD, "a", 6);
        assertThat(stateReads).isEqualTo(3);
    }
}
