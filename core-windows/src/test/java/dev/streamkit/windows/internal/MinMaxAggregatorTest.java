package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.Fields.DoubleField;
import dev.streamkit.windows.Fields.LongField;
import org.junit.jupiter.api.Test;

/** Extremes of double and long fields: Math.min/max semantics, exact long ends, empty input. */
class MinMaxAggregatorTest {
    private static final DoubleField<Double> V = x -> x;
    private static final LongField<Long> L = x -> x;

    /** Adds the values alternately to two accumulators and merges them, as slices do. */
    @SafeVarargs
    private static <T, A, R> R alternating(Aggregator<T, A, R> agg, T... values) {
        A a = agg.createAccumulator();
        A b = agg.createAccumulator();
        for (int i = 0; i < values.length; i++) {
            if (i % 2 == 0) {
                a = agg.add(a, values[i]);
            } else {
                b = agg.add(b, values[i]);
            }
        }
        return agg.getResult(agg.merge(a, b));
    }

    private static Double extreme(boolean max, Double... values) {
        return alternating(new MinMaxAggregator<>(V, max), values);
    }

    private static Long extreme(boolean max, Long... values) {
        return alternating(new LongMinMaxAggregator<>(L, max), values);
    }

    @Test
    void doubleExtremesFollowMathMinAndMax() {
        assertThat(extreme(false, 3.0, -1.5, 2.0)).isEqualTo(-1.5);
        assertThat(extreme(true, 3.0, -1.5, 2.0)).isEqualTo(3.0);
        // Math.min orders -0.0 below 0.0; a plain < would keep whichever came first
        assertThat(Double.doubleToLongBits(extreme(false, 0.0, -0.0)))
                .isEqualTo(Double.doubleToLongBits(-0.0));
        assertThat(Double.doubleToLongBits(extreme(true, -0.0, 0.0)))
                .isEqualTo(Double.doubleToLongBits(0.0));
        assertThat(extreme(true, 1.0, Double.NaN, 3.0)).isNaN();
        assertThat(extreme(false, 1.0, Double.NEGATIVE_INFINITY))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        // an input equal to the start value still counts as input
        assertThat(extreme(false, Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(extreme(true, new Double[0])).isNaN();
    }

    @Test
    void longExtremesAreExactAtTheEndsOfTheRange() {
        assertThat(extreme(false, 5L, Long.MIN_VALUE, 7L)).isEqualTo(Long.MIN_VALUE);
        assertThat(extreme(true, 5L, Long.MAX_VALUE, 7L)).isEqualTo(Long.MAX_VALUE);
        // a value above 2^53 that a double would round
        assertThat(extreme(true, 9_007_199_254_740_993L, 1L)).isEqualTo(9_007_199_254_740_993L);
        // the start value as input is a result, not "no input"
        assertThat(extreme(false, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(extreme(true, new Long[0])).isNull();
        assertThat(extreme(false, new Long[0])).isNull();
    }

    @Test
    void nullFieldFailsNamingIt() {
        assertThatThrownBy(() -> new MinMaxAggregator<Double>(null, true))
                .hasMessage("field must not be null");
        assertThatThrownBy(() -> new LongMinMaxAggregator<Long>(null, false))
                .hasMessage("field must not be null");
    }
}
