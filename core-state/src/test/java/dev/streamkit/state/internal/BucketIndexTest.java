package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bucket index alone: appends, moved markers, flushes and what each expiry removes. */
class BucketIndexTest {
    /** State buckets as a map of "shard/granule" to ids. */
    private final Map<String, List<String>> stored = new HashMap<>();

    /** The id map: id to expiry. */
    private final Map<String, Long> map = new HashMap<>();

    /** Every forget call, in order, as "id@time". */
    private final List<String> forgotten = new ArrayList<>();

    private final BucketIndex<String> index =
            new BucketIndex<>(
                    4,
                    new BucketIndex.Store<String>() {
                        @Override
                        public Iterable<String> get(int shard, long granule) {
                            return stored.get(shard + "/" + granule);
                        }

                        @Override
                        public void addAll(int shard, long granule, ArrayList<String> ids) {
                            stored.computeIfAbsent(shard + "/" + granule, k -> new ArrayList<>())
                                    .addAll(ids);
                        }

                        @Override
                        public void clear(int shard, long granule) {
                            stored.remove(shard + "/" + granule);
                        }
                    });

    private void expire(int shard, long time, boolean mayPredateRun) throws Exception {
        index.expire(
                shard,
                time,
                mayPredateRun,
                map::get,
                (id, t) -> {
                    forgotten.add(id + "@" + t);
                    map.remove(id);
                });
    }

    @Test
    void aBucketThatNeverLeftTheHeapForgetsTheIdsThatDidNotMoveOut() throws Exception {
        index.add(1, 10, "a");
        index.add(1, 10, "b");
        index.add(2, 10, "c"); // another shard's bucket of the same granule
        index.moved(1, "b", 10); // b moved on to a later granule
        index.add(1, 20, "b");
        expire(1, 10, false);
        assertThat(forgotten).containsExactly("a@10");
        assertThat(stored).isEmpty();
        expire(2, 10, false);
        assertThat(forgotten).containsExactly("a@10", "c@10");
    }

    @Test
    void aFlushedBucketCountsOccurrencesAcrossStateAndHeap() throws Exception {
        index.add(1, 10, "a");
        index.add(1, 10, "b");
        index.add(1, 10, "c");
        index.flush();
        assertThat(stored).containsOnlyKeys("1/10");
        assertThat(stored.get("1/10")).containsExactly("a", "b", "c");
        index.moved(1, "b", 10); // b out, after the flush
        index.moved(1, "c", 10); // c out and back in: three occurrences, expires
        index.add(1, 10, "c");
        expire(1, 10, false);
        assertThat(forgotten).containsExactlyInAnyOrder("a@10", "c@10");
        assertThat(stored).isEmpty(); // the bucket is dropped whole
    }

    @Test
    void markersAreWrittenAfterTheAppendsOfTheirBucket() throws Exception {
        index.add(3, 30, "x");
        index.flush();
        index.moved(3, "x", 30);
        index.add(3, 30, "y");
        index.flush();
        assertThat(stored.get("3/30")).containsExactly("x", "y", "x");
        expire(3, 30, false);
        assertThat(forgotten).containsExactly("y@30");
    }

    @Test
    void aBucketThatMayPredateTheRunVerifiesEveryIdAgainstTheMap() throws Exception {
        // written by an earlier run without markers: b moved on, c is gone already
        stored.put("1/10", new ArrayList<>(List.of("a", "b", "c")));
        map.put("a", 10L);
        map.put("b", 30L);
        index.add(1, 10, "d");
        map.put("d", 10L);
        expire(1, 10, true);
        assertThat(forgotten).containsExactly("a@10", "d@10");
        assertThat(map).containsOnlyKeys("b");
        assertThat(stored).isEmpty();
    }

    @Test
    void idsThatNeverExpireGetNoMarkerAndAnEmptyGranuleIsANoOp() throws Exception {
        index.moved(1, "a", Long.MAX_VALUE);
        assertThat(index.full()).isFalse();
        index.flush();
        assertThat(stored).isEmpty();
        expire(1, 10, false);
        expire(1, 10, true);
        assertThat(forgotten).isEmpty();
    }

    @Test
    void isFullAtTheBound() {
        for (int i = 0; i < BucketIndex.MAX_PENDING - 1; i++) {
            index.add(i % 4, 10 + i % 3, "id");
        }
        assertThat(index.full()).isFalse();
        index.moved(0, "id", 10);
        assertThat(index.full()).isTrue();
    }
}
