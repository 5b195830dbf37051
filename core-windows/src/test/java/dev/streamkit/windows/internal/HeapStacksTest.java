package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link HeapStacks}: the sparse front answers every index as the dense front in state would, under
 * the put/remove discipline of {@link SlidingFiring}; the slices it remembers; the memory budget.
 */
class HeapStacksTest {

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final TypeSerializer<Tuple2<Long, long[]>> COUNTED =
            new TupleSerializer<>(
                    (Class) Tuple2.class,
                    new TypeSerializer<?>[] {
                        LongSerializer.INSTANCE, LongPrimitiveArraySerializer.INSTANCE
                    });

    private static HeapStacks.Budget budget(long bytes) {
        return new HeapStacks.Budget(COUNTED, bytes);
    }

    private static Tuple2<Long, long[]> acc(long v) {
        return Tuple2.of(1L, new long[] {v});
    }

    @Test
    void sparseFrontEqualsADenseFrontUnderTheFiringDiscipline() {
        long seed = 20261206L;
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            HeapStacks<long[]> heap = new HeapStacks<>(budget(1 << 30), 0);
            Map<Long, Tuple2<Long, long[]>> dense = new TreeMap<>();
            // a rebuild: indices e down to first, a new object where a slice exists
            long e = 100 + random.nextInt(50);
            long first = e - random.nextInt(60);
            Tuple2<Long, long[]> run = null;
            for (long i = e; i >= first; i--) {
                if (random.nextInt(4) == 0) {
                    run = acc(i);
                }
                if (run != null) {
                    heap.putSuffix(i, run);
                    dense.put(i, run);
                }
            }
            // evictions by ascending index from the front's start, reads at the start
            for (long start = first; start <= e + 1; start++) {
                assertThat(heap.suffix(start))
                        .as("seed %d, index %d", seed, start)
                        .isSameAs(dense.get(start));
                heap.removeSuffix(start);
                dense.remove(start);
            }
            assertThat(heap.held()).isZero();
        }
    }

    @Test
    void putAboveTheFrontsStartIsRejected() {
        HeapStacks<long[]> heap = new HeapStacks<>(budget(1 << 30), 0);
        heap.putSuffix(10, acc(1));
        assertThatThrownBy(() -> heap.putSuffix(11, acc(2)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void remembersSlicesAboveKnownAboveUntilTaken() {
        HeapStacks<long[]> heap = new HeapStacks<>(budget(1 << 30), 5);
        heap.slicePut(4, acc(4)); // at or below knownAbove: not remembered
        heap.slicePut(9, acc(9));
        heap.slicePut(7, acc(7));
        Tuple2<Long, long[]> merged = acc(77);
        heap.slicePut(7, merged);
        assertThat(heap.slice(4)).isNull();
        assertThat(heap.slice(7)).isSameAs(merged);
        assertThat(heap.slice(8)).isNull();
        assertThat(heap.slice(9).f1).containsExactly(9);
        heap.sliceRemoved(9);
        assertThat(heap.slice(9)).isNull();
        heap.slicePut(12, acc(12));
        heap.forgetSlicesUpTo(8);
        assertThat(heap.knownAbove()).isEqualTo(8);
        assertThat(heap.slice(7)).isNull();
        assertThat(heap.slice(12).f1).containsExactly(12);
        assertThat(heap.held()).isEqualTo(1);
        heap.drop();
        assertThat(heap.held()).isZero();
    }

    @Test
    void budgetCountsHeldAccumulatorsAndEstimatesTheirSize() {
        HeapStacks.Budget budget = budget(10_000);
        HeapStacks<long[]> heap = new HeapStacks<>(budget, 0);
        heap.setRunning(acc(1));
        Tuple2<Long, long[]> shared = acc(2);
        for (long i = 40; i >= 31; i--) {
            heap.putSuffix(i, shared); // one object for ten indices: held once
        }
        heap.slicePut(50, acc(3));
        assertThat(budget.held()).isEqualTo(3);
        // serialized: 8 (count) + 4 (length) + 8 (one long) = 20 bytes -> 64 + 2 * 20 each
        assertThat(budget.estimatedBytes()).isEqualTo(3 * (64 + 40));
        assertThat(budget.exceeded()).isFalse();
        for (long i = 30; i >= 0; i--) {
            heap.putSuffix(i, acc(i));
        }
        assertThat(budget.held()).isEqualTo(34);
        assertThat(budget.exceeded()).isFalse();
        for (long i = 100; i < 200; i++) {
            heap.slicePut(i, acc(i));
        }
        assertThat(budget.exceeded()).isTrue();
        heap.drop();
        assertThat(budget.held()).isZero();
        budget.reset();
        assertThat(budget.held()).isZero();
        assertThatThrownBy(() -> budget(0)).hasMessageContaining("maxBytes");
    }

    @Test
    void automaticBudgetIsAnEighthOfTheHeapOrHalfOnTheHeapBackend() {
        long gib = 1L << 30;
        assertThat(HeapStacks.Budget.heapBudget(8 * gib, false)).isEqualTo(gib);
        assertThat(HeapStacks.Budget.heapBudget(8 * gib, true)).isEqualTo(4 * gib);
        assertThat(HeapStacks.Budget.heapBudget(4L << 20, false)).isEqualTo(1L << 20);
    }
}
