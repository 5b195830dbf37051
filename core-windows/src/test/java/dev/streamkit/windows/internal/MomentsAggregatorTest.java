package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamkit.windows.Fields.DoubleField;
import dev.streamkit.windows.internal.MomentsAggregator.Moment;
import org.junit.jupiter.api.Test;

/** Welford updates, Chan et al. merges and the read-out of each moment, with hand-worked values. */
class MomentsAggregatorTest {
    private static final DoubleField<Double> V = x -> x;

    private static double[] addAll(MomentsAggregator<Double> agg, double... values) {
        double[] acc = agg.createAccumulator();
        for (double v : values) {
            acc = agg.add(acc, v);
        }
        return acc;
    }

    private static double result(Moment moment, double... values) {
        MomentsAggregator<Double> agg = new MomentsAggregator<>(V, moment);
        return agg.getResult(addAll(agg, values));
    }

    @Test
    void eachMomentReadsTheSameAccumulator() {
        // 1, 2, 3, 4: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5
        double[] xs = {1, 2, 3, 4};
        assertThat(result(Moment.MEAN, xs)).isEqualTo(2.5);
        assertThat(result(Moment.VARIANCE, xs)).isCloseTo(5.0 / 3, within(1e-15));
        assertThat(result(Moment.POPULATION_VARIANCE, xs)).isEqualTo(1.25);
        assertThat(result(Moment.STDDEV, xs)).isCloseTo(Math.sqrt(5.0 / 3), within(1e-15));
        assertThat(result(Moment.POPULATION_STDDEV, xs)).isCloseTo(Math.sqrt(1.25), within(1e-15));
    }

    @Test
    void sampleMomentsNeedTwoValuesPopulationMomentsOne() {
        assertThat(result(Moment.VARIANCE, 7)).isNaN();
        assertThat(result(Moment.STDDEV, 7)).isNaN();
        assertThat(result(Moment.POPULATION_VARIANCE, 7)).isZero();
        assertThat(result(Moment.POPULATION_STDDEV, 7)).isZero();
        assertThat(result(Moment.MEAN, 7)).isEqualTo(7);
        for (Moment m : Moment.values()) {
            assertThat(result(m)).as("%s of no input", m).isNaN();
        }
    }

    @Test
    void noCatastrophicCancellationOnALargeOffset() {
        // the textbook case: a sum of squares minus the squared sum loses every digit here
        double[] xs = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
        assertThat(result(Moment.VARIANCE, xs)).isCloseTo(30.0, within(1e-6));
        assertThat(result(Moment.MEAN, xs)).isEqualTo(1e9 + 10);
    }

    @Test
    void mergeEqualsOnePassAndAnEmptySideIsTheOtherSide() {
        MomentsAggregator<Double> var = new MomentsAggregator<>(V, Moment.VARIANCE);
        double[] left = addAll(var, 1, 2);
        double[] right = addAll(var, 3, 4);
        double[] merged = var.merge(left, right);
        assertThat(merged[0]).isEqualTo(4);
        assertThat(merged[1]).isEqualTo(2.5);
        assertThat(merged[2]).isCloseTo(5.0, within(1e-12));

        double[] some = addAll(var, 3, 5);
        assertThat(var.merge(var.createAccumulator(), some.clone())).containsExactly(some);
        assertThat(var.merge(some.clone(), var.createAccumulator())).containsExactly(some);
    }

    @Test
    void anyNonFiniteValueMakesEveryMomentNaNInAnyOrder() {
        for (Moment m : Moment.values()) {
            assertThat(result(m, 1, Double.POSITIVE_INFINITY, 3)).as("%s", m).isNaN();
            assertThat(result(m, Double.NEGATIVE_INFINITY, 1, 3)).as("%s", m).isNaN();
            // an infinity last or alone: plain Welford would leave an infinite mean
            assertThat(result(m, 1, 2, Double.POSITIVE_INFINITY)).as("%s", m).isNaN();
            assertThat(result(m, Double.NEGATIVE_INFINITY)).as("%s", m).isNaN();
            MomentsAggregator<Double> agg = new MomentsAggregator<>(V, m);
            double[] merged =
                    agg.merge(addAll(agg, 1, 2), addAll(agg, Double.POSITIVE_INFINITY, 4));
            assertThat(agg.getResult(merged)).as("%s merged", m).isNaN();
        }
    }
}
