package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.windows.Fields.DoubleField;
import org.junit.jupiter.api.Test;

/** The compensated sum: what a plain double sum loses, Kahan keeps, through adds and merges. */
class KahanSumAggregatorTest {
    private static final DoubleField<Double> V = x -> x;
    private static final double BIG = 1e16; // its ulp is 2: a plain sum drops every added 1.0

    private static double[] addAll(KahanSumAggregator<Double> agg, double... values) {
        double[] acc = agg.createAccumulator();
        for (double v : values) {
            acc = agg.add(acc, v);
        }
        return acc;
    }

    @Test
    void keepsTheSmallAddendsAPlainSumLoses() {
        KahanSumAggregator<Double> sum = new KahanSumAggregator<>(V);
        double[] acc = addAll(sum, BIG, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(sum.getResult(acc)).isEqualTo(10_000_000_000_000_010.0);
        double plain = BIG;
        for (int i = 0; i < 10; i++) {
            plain += 1;
        }
        assertThat(plain).as("the plain sum the test guards against").isEqualTo(BIG);
    }

    @Test
    void mergeCarriesTheCompensationOfBothSides() {
        KahanSumAggregator<Double> sum = new KahanSumAggregator<>(V);
        double[] values = {BIG, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        for (int split = 0; split <= values.length; split++) {
            double[] left = sum.createAccumulator();
            double[] right = sum.createAccumulator();
            for (int i = 0; i < values.length; i++) {
                if (i < split) {
                    left = sum.add(left, values[i]);
                } else {
                    right = sum.add(right, values[i]);
                }
            }
            assertThat(sum.getResult(sum.merge(left, right)))
                    .as("split at %s", split)
                    .isEqualTo(10_000_000_000_000_010.0);
        }
    }

    @Test
    void infinitiesAndNaNGiveTheIeeeSumWithoutAPoisonedCompensation() {
        KahanSumAggregator<Double> sum = new KahanSumAggregator<>(V);
        // compensation would compute inf - inf = NaN: +Infinity must stay +Infinity
        assertThat(sum.getResult(addAll(sum, 0.1, Double.POSITIVE_INFINITY, 0.2)))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(addAll(sum, 0.1, Double.POSITIVE_INFINITY)[1]).isZero();
        assertThat(sum.getResult(addAll(sum, Double.MAX_VALUE, Double.MAX_VALUE)))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(sum.getResult(addAll(sum, 1, Double.NaN))).isNaN();
        assertThat(sum.getResult(sum.createAccumulator())).isZero();
    }

    @Test
    void nullFieldFailsNamingIt() {
        assertThatThrownBy(() -> new KahanSumAggregator<Double>(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field must not be null");
    }
}
