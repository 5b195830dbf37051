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

    /**
     * 2<sup>-53</sup> is half an ulp of 1.0: added to 1.0 it is lost to rounding and kept in the
     * compensation; two of them make the next double after 1.0. The merge must carry the
     * compensation of the accumulator merged into and of the one merged in.
     */
    @Test
    void mergeCarriesTheCompensationOfEitherSide() {
        KahanSumAggregator<Double> sum = new KahanSumAggregator<>(V);
        double half = 0x1p-53;
        double expected = Math.nextUp(1.0);
        assertThat(1.0 + half + half).as("the plain sum the test guards against").isEqualTo(1.0);
        assertThat(sum.getResult(sum.merge(addAll(sum, 1.0, half), addAll(sum, half))))
                .isEqualTo(expected);
        assertThat(sum.getResult(sum.merge(addAll(sum, half), addAll(sum, 1.0, half))))
                .isEqualTo(expected);
        assertThat(addAll(sum, 1.0, half)).containsExactly(1.0, -half);
    }

    @Test
    void infinitiesAndNaNGiveTheIeeeSumWithoutAPoisonedCompensation() {
        KahanSumAggregator<Double> sum = new KahanSumAggregator<>(V);
        // compensation would compute inf - inf = NaN: +Infinity must stay +Infinity
        assertThat(sum.getResult(addAll(sum, 0.1, Double.POSITIVE_INFINITY, 0.2)))
                .isEqualTo(Double.POSITIVE_INFINITY);
        // a non-finite sum drops the compensation (state holds {Infinity, 0})
        assertThat(addAll(sum, 1.0, 0x1p-53, Double.POSITIVE_INFINITY))
                .containsExactly(Double.POSITIVE_INFINITY, 0.0);
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
