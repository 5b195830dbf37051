package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.state.ExactDeduplicator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.java.tuple.Tuple3;
import org.junit.jupiter.api.Test;

/** The write-back path on its own: bound, shard ownership, spill, snapshot and restore. */
class WriteBackPathTest {
    private static final int SHARDS = 16;

    /** A list state per shard and a map per shard, keyed by the shard the path last set. */
    private static final class FakeState
            implements ListState<Tuple3<Long, Long, Boolean>>, WriteBackPath.Target<Long> {
        final Map<Integer, List<Tuple3<Long, Long, Boolean>>> lists = new HashMap<>();
        final Map<Long, Long> map = new TreeMap<>();
        final List<long[]> puts = new ArrayList<>();
        int shard = -1;

        @Override
        public void setShard(int shard) {
            this.shard = shard;
        }

        @Override
        public void put(Long id, long expiry) {
            assertThat(shard).as("current key of " + id).isEqualTo(shardOf(id));
            map.put(id, expiry);
            puts.add(new long[] {shard, id});
        }

        @Override
        public Iterable<Tuple3<Long, Long, Boolean>> get() {
            return lists.get(shard);
        }

        @Override
        public void add(Tuple3<Long, Long, Boolean> value) {
            lists.computeIfAbsent(shard, k -> new ArrayList<>()).add(value);
        }

        @Override
        public void update(List<Tuple3<Long, Long, Boolean>> values) {
            lists.put(shard, new ArrayList<>(values));
        }

        @Override
        public void addAll(List<Tuple3<Long, Long, Boolean>> values) {
            values.forEach(this::add);
        }

        @Override
        public void clear() {
            lists.remove(shard);
        }
    }

    private static int shardOf(long id) {
        return ShardedDedupOperator.shardOf(id, SHARDS);
    }

    private static int[] allShards() {
        return OwnedShards.of(SHARDS, 128, 1, 0);
    }

    @Test
    void theAutomaticBoundFollowsTheHeapWithinItsLimits() {
        assertThat(WriteBackPath.bound(1000, 1L << 40)).isEqualTo(1000);
        assertThat(WriteBackPath.bound(0, 1L << 40)).isZero();
        int auto = ExactDeduplicator.AUTO_WRITE_BUFFER_IDS;
        assertThat(WriteBackPath.bound(auto, 4L << 30)).isEqualTo(2 * 1024 * 1024);
        assertThat(WriteBackPath.bound(auto, 64L << 20))
                .isEqualTo(ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS);
        assertThat(WriteBackPath.bound(auto, 1L << 50))
                .isEqualTo(ExactDeduplicator.MAX_WRITE_BUFFER_IDS);
    }

    @Test
    void everyShardHasExactlyOneOwnerAtAnyParallelism() {
        for (int parallelism : new int[] {1, 2, 3, 7}) {
            int[] owners = new int[SHARDS];
            for (int i = 0; i < parallelism; i++) {
                for (int shard : OwnedShards.of(SHARDS, 128, parallelism, i)) {
                    owners[shard]++;
                }
            }
            for (int shard = 0; shard < SHARDS; shard++) {
                assertThat(owners[shard]).as("p=" + parallelism + " shard " + shard).isOne();
            }
        }
    }

    @Test
    void aFullBufferSpillsItsNewestQuarterOfTheBound() throws Exception {
        FakeState state = new FakeState();
        WriteBackPath<Long> path = new WriteBackPath<>(SHARDS, allShards(), state, state);
        WriteBuffer<Long> buffer = new WriteBuffer<>();
        for (long id = 0; id < 20; id++) {
            buffer.put(id, 100 + id, false); // id 19 expires last
        }
        path.spill(buffer, 20);
        assertThat(buffer.size()).isEqualTo(15);
        assertThat(state.map).containsOnlyKeys(15L, 16L, 17L, 18L, 19L);
        assertThat(state.map.get(19L)).isEqualTo(119L);
        for (long id = 0; id < 15; id++) {
            assertThat(buffer.find(id)).as("id " + id + " stays").isNotNegative();
        }
    }

    @Test
    void idsWithEqualExpiriesSpillOnlyAsFarAsNeeded() throws Exception {
        // expiries are rounded up to the granularity: a whole buffer may share two of them
        FakeState state = new FakeState();
        WriteBackPath<Long> path = new WriteBackPath<>(SHARDS, allShards(), state, state);
        WriteBuffer<Long> buffer = new WriteBuffer<>();
        for (long id = 0; id < 100; id++) {
            buffer.put(id, id < 30 ? 1000 : 2000, false);
        }
        path.spill(buffer, 100);
        assertThat(buffer.size()).isEqualTo(75);
        assertThat(state.map)
                .hasSize(25)
                .allSatisfy((id, expiry) -> assertThat(id).isGreaterThanOrEqualTo(30));
        for (long id = 0; id < 30; id++) {
            assertThat(buffer.find(id)).as("id " + id + " expires first and stays").isNotNegative();
        }
        // one expiry for all: still a quarter
        path.spill(buffer, 8);
        assertThat(buffer.size()).isEqualTo(6);
        assertThat(state.map).hasSize(94);
        for (long id = 0; id < 30; id++) {
            assertThat(buffer.find(id) >= 0 || state.map.get(id) == 1000L).as("id " + id).isTrue();
        }
    }

    @Test
    void aSpillWritesAShardAtATimeInTheOrderRocksDbKeepsItsIds() throws Exception {
        FakeState state = new FakeState();
        WriteBackPath<Long> path =
                new WriteBackPath<>(
                        SHARDS,
                        allShards(),
                        state,
                        state,
                        StateOrder.of(org.apache.flink.api.common.typeinfo.Types.LONG));
        WriteBuffer<Long> buffer = new WriteBuffer<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 400; i++) {
            buffer.put(random.nextLong(), 100, false); // both signs
        }
        path.spill(buffer, 400);
        assertThat(state.puts).hasSize(100);
        java.util.Set<Long> shardsDone = new java.util.HashSet<>();
        for (int i = 0; i < state.puts.size(); i++) {
            long[] put = state.puts.get(i);
            boolean sameShard = i > 0 && state.puts.get(i - 1)[0] == put[0];
            if (sameShard) {
                // big-endian bytes compared unsigned: negative ids after positive ones
                assertThat(Long.compareUnsigned(state.puts.get(i - 1)[1], put[1]))
                        .as("put %s in shard %s", i, put[0])
                        .isNegative();
            } else {
                assertThat(shardsDone.add(put[0])).as("shard %s written once", put[0]).isTrue();
            }
        }
        assertThat(buffer.size()).isEqualTo(300);
    }

    @Test
    void aSnapshotKeepsTheBufferAndARestoreReadsItBackOrIntoTheMap() throws Exception {
        FakeState state = new FakeState();
        WriteBackPath<Long> path = new WriteBackPath<>(SHARDS, allShards(), state, state);
        WriteBuffer<Long> buffer = new WriteBuffer<>();
        for (long id = 0; id < 50; id++) {
            buffer.put(id, 1000 + id, id % 2 == 0);
        }
        path.snapshot(buffer);
        assertThat(buffer.size()).isEqualTo(50);
        assertThat(state.map).isEmpty();
        assertThat(state.lists.values().stream().mapToInt(List::size).sum()).isEqualTo(50);
        state.lists.forEach(
                (shard, list) -> list.forEach(e -> assertThat(shardOf(e.f0)).isEqualTo(shard)));

        // a later snapshot replaces the lists: removed ids are gone from them
        buffer.removeAt(buffer.find(7L));
        path.snapshot(buffer);
        assertThat(state.lists.values().stream().mapToInt(List::size).sum()).isEqualTo(49);

        WriteBuffer<Long> restored = new WriteBuffer<>();
        FakeState copy = new FakeState();
        state.lists.forEach((k, v) -> copy.lists.put(k, new ArrayList<>(v)));
        new WriteBackPath<>(SHARDS, allShards(), state, state).restore(restored);
        assertThat(restored.size()).isEqualTo(49);
        assertThat(restored.expiry(restored.find(8L))).isEqualTo(1008L);
        assertThat(restored.inState(restored.find(8L))).isTrue();
        assertThat(restored.inState(restored.find(9L))).isFalse();
        assertThat(restored.find(7L)).isNegative();
        assertThat(state.lists).as("cleared once restored").isEmpty();

        new WriteBackPath<>(SHARDS, allShards(), copy, copy).restore(null);
        assertThat(copy.map).hasSize(49).containsEntry(9L, 1009L).doesNotContainKey(7L);
        assertThat(copy.lists).isEmpty();
    }
}
