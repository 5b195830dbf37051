package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The two running long sums: count adds one per element, sumLong the field, both wrap around. */
class CountAndSumLongAggregatorTest {

    @Test
    void countCountsElementsAndMergesBySum() {
        CountAggregator<String> count = new CountAggregator<>();
        long[] a = count.add(count.add(count.createAccumulator(), "x"), null);
        long[] b = count.add(count.createAccumulator(), "y");
        assertThat(count.getResult(count.merge(a, b))).isEqualTo(3L);
        assertThat(count.getResult(count.createAccumulator())).isZero();
    }

    @Test
    void sumLongIsExactAndWrapsAroundLikeJavaLong() {
        SumLongAggregator<Long> sum = new SumLongAggregator<>(x -> x);
        // exact above 2^53, where a double sum would round
        long[] exact = sum.add(sum.add(sum.createAccumulator(), 9_007_199_254_740_992L), 1L);
        assertThat(sum.getResult(exact)).isEqualTo(9_007_199_254_740_993L);
        long[] a = sum.add(sum.createAccumulator(), Long.MAX_VALUE);
        long[] b = sum.add(sum.createAccumulator(), 2L);
        assertThat(sum.getResult(sum.merge(a, b))).isEqualTo(Long.MIN_VALUE + 1);
        assertThat(sum.getResult(sum.add(sum.createAccumulator(), Long.MIN_VALUE)))
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void nullFieldFailsNamingIt() {
        assertThatThrownBy(() -> new SumLongAggregator<Long>(null))
                .hasMessage("field must not be null");
    }
}
