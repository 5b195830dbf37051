package dev.streamkit.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.windows.AggregationsTest.E;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NaN, infinite and overflowing values (TESTING.md section 7) give each aggregator the result its
 * Javadoc documents, the same in every order and through every partition, merge and serde (as
 * slices and sessions combine them). Expected values are written by hand from IEEE arithmetic.
 */
class AggregationsBadValuesTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    private static final long SEED = 20261205L;

    private static <R> void check(Aggregator<E, ?, R> agg, double[] values, R expected, String what)
            throws Exception {
        System.out.println("AggregationsBadValuesTest seed " + SEED);
        Random random = new Random(SEED);
        List<E> elements = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            elements.add(new E(i, i, values[i]));
        }
        for (int round = 0; round < 30; round++) {
            Collections.shuffle(elements, random);
            R result = AggregationsTest.aggregate(agg, elements, random);
            if (expected instanceof double[]) {
                assertThat((double[]) result)
                        .as("%s of %s, round %s", what, Arrays.toString(values), round)
                        .containsExactly((double[]) expected);
            } else {
                assertThat(result)
                        .as("%s of %s, round %s", what, Arrays.toString(values), round)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void sumIsTheIeeeSum() throws Exception {
        check(Aggregations.sum(E::v), new double[] {1, 2, INF, 4}, INF, "sum");
        check(Aggregations.sum(E::v), new double[] {1, -INF, 0.5}, -INF, "sum");
        check(Aggregations.sum(E::v), new double[] {INF, -INF, 1}, NAN, "sum");
        check(Aggregations.sum(E::v), new double[] {1, NAN, 2}, NAN, "sum");
        check(
                Aggregations.sum(E::v),
                new double[] {Double.MAX_VALUE, Double.MAX_VALUE, 1},
                INF,
                "sum");
        check(Aggregations.sum(E::v), new double[] {0.5, 0.25, 2}, 2.75, "sum");
    }

    @Test
    void minAndMaxPropagateNaNAndOrderInfinities() throws Exception {
        check(Aggregations.min(E::v), new double[] {1, -INF, 3}, -INF, "min");
        check(Aggregations.max(E::v), new double[] {1, INF, 3}, INF, "max");
        check(Aggregations.min(E::v), new double[] {1, NAN, -3}, NAN, "min");
        check(Aggregations.max(E::v), new double[] {1, NAN, 3}, NAN, "max");
        // the inlined primitive update of a composite aggregator behaves the same
        TypedAggregations<E> e = Aggregations.forType(E.class);
        Aggregator<E, ?, Long> n = e.count();
        Aggregator<E, ?, Double> highest = e.max(E::v);
        check(
                e.of(n, highest)
                        .into(
                                r -> r.get(n) + "/" + r.get(highest),
                                org.apache.flink.api.common.typeinfo.Types.STRING),
                new double[] {1, NAN, 3},
                "3/NaN",
                "count, max");
    }

    @Test
    void momentsAreNaNWithAnyNonFiniteValue() throws Exception {
        check(Aggregations.mean(E::v), new double[] {1, 3, 5}, 3.0, "mean");
        for (double bad : new double[] {INF, -INF, NAN}) {
            double[] values = {1, bad, 3, 4};
            check(Aggregations.mean(E::v), values, NAN, "mean");
            check(Aggregations.variance(E::v), values, NAN, "variance");
            check(Aggregations.populationVariance(E::v), values, NAN, "populationVariance");
            check(Aggregations.stddev(E::v), values, NAN, "stddev");
            check(Aggregations.populationStddev(E::v), values, NAN, "populationStddev");
        }
    }

    @Test
    void quantilesIgnoreNaNAndOrderInfinities() throws Exception {
        check(Aggregations.quantile(E::v, 0.5), new double[] {1, NAN, 3, NAN, 2}, 2.0, "median");
        check(Aggregations.quantile(E::v, 0.5), new double[] {NAN, NAN}, NAN, "median");
        check(Aggregations.quantile(E::v, 1.0), new double[] {1, INF, 2}, INF, "max quantile");
        check(Aggregations.quantile(E::v, 0.0), new double[] {1, -INF, 2}, -INF, "min quantile");
    }

    @Test
    void topKIgnoresNaN() throws Exception {
        check(
                Aggregations.topK(E::v, 2),
                new double[] {1, NAN, 5, NAN, 3},
                new double[] {5, 3},
                "top 2");
        check(Aggregations.topK(E::v, 2), new double[] {NAN, NAN}, new double[] {}, "top 2");
        check(
                Aggregations.topK(E::v, 3),
                new double[] {INF, 1, -INF, NAN},
                new double[] {INF, 1, -INF},
                "top 3");
    }
}
