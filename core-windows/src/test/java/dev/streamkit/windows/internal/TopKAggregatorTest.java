package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.windows.Fields.DoubleField;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The k largest values: exact, largest first, through adds and merges of partial heaps. */
class TopKAggregatorTest {
    private static final DoubleField<Double> V = x -> x;
    private static final long SEED = 20261205L;

    private static double[] addAll(TopKAggregator<Double> agg, double... values) {
        double[] acc = agg.createAccumulator();
        for (double v : values) {
            acc = agg.add(acc, v);
        }
        return acc;
    }

    @Test
    void largestFirstWithDuplicatesAndFewerValuesThanK() {
        TopKAggregator<Double> top3 = new TopKAggregator<>(V, 3);
        assertThat(top3.getResult(addAll(top3, 4, 9, 4, 1, 9, 7))).containsExactly(9, 9, 7);
        assertThat(top3.getResult(addAll(top3, 2, 5))).containsExactly(5, 2);
        assertThat(top3.getResult(top3.createAccumulator())).isEmpty();
        TopKAggregator<Double> top1 = new TopKAggregator<>(V, 1);
        assertThat(top1.getResult(addAll(top1, 3, -1, 8, 2))).containsExactly(8);
    }

    /** Random values and random k against sorting, split in two heaps and merged. */
    @Test
    void mergedPartialHeapsEqualSorting() {
        System.out.println("TopKAggregatorTest seed " + SEED);
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            int k = 1 + random.nextInt(10);
            int n = random.nextInt(40);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(20) - 10; // many duplicates
            }
            int split = n == 0 ? 0 : random.nextInt(n + 1);
            TopKAggregator<Double> agg = new TopKAggregator<>(V, k);
            double[] merged =
                    agg.merge(
                            addAll(agg, Arrays.copyOfRange(values, 0, split)),
                            addAll(agg, Arrays.copyOfRange(values, split, n)));
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double[] expected = new double[Math.min(k, n)];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = sorted[n - 1 - i];
            }
            assertThat(agg.getResult(merged))
                    .as("round %s k %s values %s", round, k, Arrays.toString(values))
                    .containsExactly(expected);
        }
    }

    @Test
    void kOutsideItsRangeFailsNamingIt() {
        assertThatThrownBy(() -> new TopKAggregator<>(V, 0))
                .hasMessage("k must be in [1, 100000], got 0");
        assertThatThrownBy(() -> new TopKAggregator<>(V, 100_001))
                .hasMessage("k must be in [1, 100000], got 100001");
        assertThatThrownBy(() -> new TopKAggregator<Double>(null, 0))
                .hasMessage("field must not be null");
        assertThat(new TopKAggregator<>(V, TopKAggregator.MAX_K).createAccumulator())
                .hasSize(100_001);
    }
}
