package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap side of the bucket index: appends by (granule, shard), taken out whole or drained. */
class PendingBucketsTest {
    private static List<String> drainAll(PendingBuckets<String> p) throws Exception {
        List<String> out = new ArrayList<>();
        p.drain(
                (granule, shard, ids, outs) ->
                        out.add(granule + "/" + shard + " " + ids + " " + outs));
        out.sort(null);
        return out;
    }

    @Test
    void keepsAppendsAndMarkersApartPerGranuleAndShard() throws Exception {
        PendingBuckets<String> p = new PendingBuckets<>(300);
        p.add(10, 1, "a", false);
        p.add(10, 1, "b", false);
        p.add(10, 2, "c", false);
        p.add(20, 1, "a", false);
        p.add(10, 1, "a", true); // a moved out of 10
        assertThat(p.size()).isEqualTo(5);
        assertThat(drainAll(p))
                .containsExactly("10/1 [a, b] [a]", "10/2 [c] null", "20/1 [a] null");
        assertThat(p.size()).isZero();
        assertThat(drainAll(p)).isEmpty();
    }

    @Test
    void aRemovedBucketIsNeverDrainedAndLeavesTheOthers() throws Exception {
        PendingBuckets<String> p = new PendingBuckets<>(8);
        p.add(10, 3, "x", false);
        p.add(10, 3, "y", true);
        p.add(10, 11, "z", false); // 11 % 8 == 3: the same slot as shard 3
        p.add(30, 3, "w", false);
        PendingBuckets.Bucket<String> b = p.remove(10, 3);
        assertThat(b.ids).containsExactly("x");
        assertThat(b.outs).containsExactly("y");
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.remove(10, 3)).isNull();
        assertThat(p.remove(99, 3)).isNull();
        // the granule is kept while another shard of it has appends, then dropped
        assertThat(p.remove(10, 11).ids).containsExactly("z");
        p.add(10, 3, "again", false); // a new bucket of the dropped granule
        assertThat(drainAll(p)).containsExactly("10/3 [again] null", "30/3 [w] null");
        assertThat(p.size()).isZero();
    }
}
