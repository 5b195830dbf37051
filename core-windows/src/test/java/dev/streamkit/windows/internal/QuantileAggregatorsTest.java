package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.windows.Fields.DoubleField;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/** One quantile and several from one KLL sketch: exact below k, NaN-free, argument checks. */
class QuantileAggregatorsTest {
    private static final DoubleField<Double> V = x -> x;

    private static KllDoublesSketch sketchOf(KllAggregator<Double, ?> agg, double... values) {
        KllDoublesSketch acc = agg.createAccumulator();
        for (double v : values) {
            acc = agg.add(acc, v);
        }
        return acc;
    }

    @Test
    void exactBelowKThroughAMerge() {
        QuantileAggregator<Double> median = QuantileAggregator.of(V, 0.5, 200);
        KllDoublesSketch merged = median.merge(sketchOf(median, 9, 1, 5), sketchOf(median, 3, 7));
        assertThat(median.getResult(merged)).isEqualTo(5.0);
        assertThat(QuantileAggregator.of(V, 0.0, 200).getResult(merged)).isEqualTo(1.0);
        assertThat(QuantileAggregator.of(V, 1.0, 200).getResult(merged)).isEqualTo(9.0);
    }

    @Test
    void severalQuantilesInTheOrderGivenFromACopyOfTheArguments() {
        double[] qs = {1.0, 0.0, 0.5};
        QuantilesAggregator<Double> agg = QuantilesAggregator.of(V, 200, qs);
        qs[0] = 0.0; // the caller's array is copied
        assertThat(agg.getResult(sketchOf(agg, 4, 2, 8, 6, 10))).containsExactly(10, 2, 6);
        assertThat(agg.getResult(agg.createAccumulator()))
                .containsExactly(Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void nanIsIgnoredAndOnlyNaNIsNoInput() {
        QuantileAggregator<Double> max = QuantileAggregator.of(V, 1.0, 200);
        assertThat(max.getResult(sketchOf(max, 1, Double.NaN, 2))).isEqualTo(2.0);
        assertThat(max.getResult(sketchOf(max, Double.NaN))).isNaN();
        assertThat(max.getResult(max.createAccumulator())).isNaN();
    }

    @Test
    void argumentsFailNamingTheParameterQuantilesFirst() {
        assertThatThrownBy(() -> QuantileAggregator.of(null, 1.5, 1))
                .hasMessage("q must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> QuantileAggregator.of(null, 0.5, 1))
                .hasMessage("field must not be null");
        assertThatThrownBy(() -> QuantileAggregator.of(V, 0.5, 7))
                .hasMessage("k must be in [8, 65535], got 7");
        assertThatThrownBy(() -> QuantileAggregator.of(V, 0.5, 65536))
                .hasMessage("k must be in [8, 65535], got 65536");
        assertThatThrownBy(() -> QuantileAggregator.of(V, Double.NaN, 200))
                .hasMessage("q must be in [0, 1], got NaN");
        assertThatThrownBy(() -> QuantilesAggregator.of(null, 1, new double[0]))
                .hasMessage("qs: at least one quantile is required");
        assertThatThrownBy(() -> QuantilesAggregator.of(null, 1, (double[]) null))
                .hasMessage("qs: at least one quantile is required");
        assertThatThrownBy(() -> QuantilesAggregator.of(null, 1, 0.5, -0.1))
                .hasMessage("qs must be in [0, 1], got -0.1");
        assertThatThrownBy(() -> QuantilesAggregator.of(null, 1, 0.5))
                .hasMessage("field must not be null");
        // k = 8 is the smallest sketch
        assertThat(QuantileAggregator.of(V, 0.5, 8).createAccumulator().getK()).isEqualTo(8);
    }
}
