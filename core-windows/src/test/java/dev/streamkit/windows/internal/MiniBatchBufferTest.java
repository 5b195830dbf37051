package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniBatchBufferTest {

    /** Buffers one event of value {@code v} for {@code key} in slice {@code j}; returns "full". */
    private static boolean add(MiniBatchBuffer<Long> buffer, Object key, long j, long v) {
        BufferedSlices<Long> b = buffer.get(key);
        int slot = b.slot(j);
        boolean full = false;
        if (slot < 0) {
            full = b.size() == 0 && buffer.added();
            slot = b.add(j, 0L);
        }
        b.addTo(slot, b.acc(slot) + v);
        return full;
    }

    @Test
    void fixedBufferIsFullAtItsBound() {
        MiniBatchBuffer<Long> buffer = MiniBatchBuffer.fixed(3);
        assertThat(add(buffer, "a", 1, 1)).isFalse();
        assertThat(add(buffer, "a", 2, 1)).isFalse(); // same key: not a new active key
        assertThat(add(buffer, "b", 1, 1)).isFalse();
        assertThat(add(buffer, "c", 1, 1)).isTrue();
        assertThat(buffer.activeKeys()).isEqualTo(3);
        assertThat(buffer.bound()).isEqualTo(3);
    }

    @Test
    void adaptiveBufferDoublesUntilItsCapThenIsFull() {
        MiniBatchBuffer<Long> buffer = MiniBatchBuffer.adaptive(2, 8);
        List<Integer> fullAt = new ArrayList<>();
        for (int k = 1; k <= 9; k++) {
            if (add(buffer, k, 1, 1)) {
                fullAt.add(k);
            }
        }
        // bound 2 -> 4 at the 2nd key, -> 8 at the 4th, full at the 8th; never beyond the cap
        assertThat(fullAt).containsExactly(8, 9);
        assertThat(buffer.bound()).isEqualTo(8);
    }

    @Test
    void adaptiveBoundIsKeptAfterAFlush() throws Exception {
        MiniBatchBuffer<Long> buffer = MiniBatchBuffer.adaptive(2, 100);
        for (int k = 0; k < 10; k++) {
            add(buffer, k, 1, 1);
        }
        buffer.flush(b -> {});
        assertThat(buffer.activeKeys()).isZero();
        assertThat(buffer.bound()).isEqualTo(16);
    }

    @Test
    void flushVisitsEveryActiveKeyOnceWithItsSlicesThenForgetsThem() throws Exception {
        MiniBatchBuffer<Long> buffer = MiniBatchBuffer.fixed(1_000_000);
        long seed = 16;
        java.util.Random random = new java.util.Random(seed);
        Map<String, Long> expected = new HashMap<>();
        Map<String, Long> expectedCount = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            long key = random.nextInt(3000);
            long j = random.nextInt(3);
            long v = random.nextInt(100);
            add(buffer, key, j, v);
            expected.merge(key + "/" + j, v, Long::sum);
            expectedCount.merge(key + "/" + j, 1L, Long::sum);
        }
        Map<String, Long> seen = new HashMap<>();
        Map<String, Long> seenCount = new HashMap<>();
        buffer.flush(
                b -> {
                    for (int i = 0; i < b.size(); i++) {
                        String id = b.key() + "/" + b.slice(i);
                        assertThat(seen.put(id, b.acc(i))).as("seed " + seed + " " + id).isNull();
                        seenCount.put(id, b.count(i));
                    }
                });
        assertThat(seen).as("seed " + seed).isEqualTo(expected);
        assertThat(seenCount).as("seed " + seed).isEqualTo(expectedCount);
        List<Object> again = new ArrayList<>();
        buffer.flush(b -> again.add(b.key()));
        assertThat(again).isEmpty();
    }

    @Test
    void keysIdleForAWholeIntervalAreDroppedAndCanComeBack() throws Exception {
        MiniBatchBuffer<Long> buffer = MiniBatchBuffer.fixed(100);
        add(buffer, "idle", 1, 5);
        add(buffer, "steady", 1, 1);
        buffer.flush(b -> {});
        add(buffer, "steady", 2, 1); // "idle" buffers nothing in this interval
        List<Object> visited = new ArrayList<>();
        buffer.flush(b -> visited.add(b.key()));
        assertThat(visited).containsExactly("steady");
        // "idle" was dropped: it comes back as a fresh, empty entry
        BufferedSlices<Long> back = buffer.get("idle");
        assertThat(back.size()).isZero();
        assertThat(back.key()).isEqualTo("idle");
        assertThat(buffer.get("steady").key()).isEqualTo("steady");
    }

    @Test
    @SuppressWarnings({"deprecation", "removal", "UnnecessaryBoxing"})
    void longKeysMatchByValueAndNeverMatchOtherKeyTypes() throws Exception {
        MiniBatchBuffer<Long> buffer = MiniBatchBuffer.fixed(100);
        // distinct Long objects of equal value (outside the Long cache) are the same key
        add(buffer, new Long(1_000_000L), 1, 1);
        add(buffer, new Long(1_000_000L), 1, 2);
        add(buffer, Integer.valueOf(1_000_000), 1, 4); // same hash, another key
        add(buffer, "x", 1, 8);
        Map<Object, Long> seen = new HashMap<>();
        buffer.flush(b -> seen.put(b.key(), b.acc(0)));
        assertThat(seen).containsEntry(1_000_000L, 3L).containsEntry(1_000_000, 4L);
        assertThat(seen).containsEntry("x", 8L).hasSize(3);
        // after the Long key idled for an interval and was dropped, its reused entry is fresh
        add(buffer, "x", 2, 1);
        buffer.flush(b -> {});
        add(buffer, "y", 2, 1);
        add(buffer, 1_000_000L, 2, 16);
        Map<Object, Long> again = new HashMap<>();
        buffer.flush(b -> again.put(b.key(), b.acc(0)));
        assertThat(again).containsEntry(1_000_000L, 16L).containsEntry("y", 1L).hasSize(2);
    }

    @Test
    void heapCapIsOneKeyPer2KibNeverBelowTheInitialBound() {
        assertThat(MiniBatchBuffer.heapCap(4L << 30, 20_000)).isEqualTo(2_097_152);
        assertThat(MiniBatchBuffer.heapCap(1L << 20, 20_000)).isEqualTo(20_000);
    }

    @Test
    void rejectsBadBounds() {
        assertThatThrownBy(() -> MiniBatchBuffer.fixed(0)).hasMessageContaining("keys");
        assertThatThrownBy(() -> MiniBatchBuffer.adaptive(10, 5)).hasMessageContaining("cap");
    }
}
