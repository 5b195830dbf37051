package dev.streamkit.windows;

import static dev.streamkit.windows.Aggregations.count;
import static dev.streamkit.windows.Aggregations.distinctCount;
import static dev.streamkit.windows.Aggregations.max;
import static dev.streamkit.windows.Aggregations.mean;
import static dev.streamkit.windows.Aggregations.min;
import static dev.streamkit.windows.Aggregations.quantile;
import static dev.streamkit.windows.Aggregations.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every aggregator against a plain-Java oracle, through random partitions, merges and serdes. */
class AggregationsTest {

    /** A test element: an id, an event time and a value. */
    static final class E {
        final long id;
        final long ts;
        final double v;

        E(long id, long ts, double v) {
            this.id = id;
            this.ts = ts;
            this.v = v;
        }

        double v() {
            return v;
        }

        long id() {
            return id;
        }

        long ts() {
            return ts;
        }
    }

    static List<E> randomElements(Random random, int n, int distinctIds) {
        List<E> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v =
                    random.nextInt(4) == 0
                            ? random.nextGaussian() * 1e6 + 1e9
                            : random.nextDouble() * 100 - 50;
            out.add(new E(random.nextInt(distinctIds), random.nextInt(1_000_000), v));
        }
        return out;
    }

    /**
     * Aggregates in random partitions, each accumulator serialized and deserialized, merged in
     * random groupings: what windows, slices and sessions do.
     */
    static <A, R> R aggregate(Aggregator<E, A, R> agg, List<E> elements, Random random)
            throws Exception {
        TypeSerializer<A> serializer = agg.accumulatorSerializer();
        List<A> parts = new ArrayList<>();
        A current = agg.createAccumulator();
        for (E e : elements) {
            current = agg.add(current, e);
            if (random.nextInt(50) == 0) {
                parts.add(roundTrip(serializer, current));
                current = agg.createAccumulator();
            }
        }
        parts.add(current);
        parts.add(agg.createAccumulator());
        while (parts.size() > 1) {
            int i = random.nextInt(parts.size() - 1);
            A merged = agg.merge(parts.get(i), serializer.copy(parts.get(i + 1)));
            parts.set(i, roundTrip(serializer, merged));
            parts.remove(i + 1);
        }
        return agg.getResult(parts.get(0));
    }

    static <A> A roundTrip(TypeSerializer<A> serializer, A value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_999})
    void exactAggregatorsEqualPlainJava(long seed) throws Exception {
        Random random = new Random(seed);
        List<E> es = randomElements(random, 1 + random.nextInt(5000), 3000);
        double oracleSum = 0;
        double oracleMin = Double.POSITIVE_INFINITY;
        double oracleMax = Double.NEGATIVE_INFINITY;
        for (E e : es) {
            oracleSum += e.v;
            oracleMin = Math.min(oracleMin, e.v);
            oracleMax = Math.max(oracleMax, e.v);
        }
        double oracleMean = oracleSum / es.size();
        double ss = 0;
        for (E e : es) {
            ss += (e.v - oracleMean) * (e.v - oracleMean);
        }
        String msg = "seed " + seed;
        double scale = Math.max(1, Math.abs(oracleMax) + Math.abs(oracleMin));
        assertThat(aggregate(Aggregations.<E>count(), es, random)).as(msg).isEqualTo(es.size());
        assertThat(aggregate(Aggregations.sumLong(E::id), es, random))
                .as(msg)
                .isEqualTo(es.stream().mapToLong(e -> e.id).sum());
        assertThat(aggregate(sum(E::v), es, random))
                .as(msg)
                .isCloseTo(oracleSum, within(1e-9 * scale * es.size()));
        assertThat(aggregate(min(E::v), es, random)).as(msg).isEqualTo(oracleMin);
        assertThat(aggregate(max(E::v), es, random)).as(msg).isEqualTo(oracleMax);
        assertThat(aggregate(mean(E::v), es, random))
                .as(msg)
                .isCloseTo(oracleMean, within(1e-9 * scale));
        if (es.size() > 1) {
            double var = ss / (es.size() - 1);
            assertThat(aggregate(Aggregations.variance(E::v), es, random))
                    .as(msg)
                    .isCloseTo(var, within(1e-7 * Math.max(1, var)));
            assertThat(aggregate(Aggregations.stddev(E::v), es, random))
                    .as(msg)
                    .isCloseTo(Math.sqrt(var), within(1e-7 * Math.max(1, Math.sqrt(var))));
        }
        assertThat(aggregate(Aggregations.populationVariance(E::v), es, random))
                .as(msg)
                .isCloseTo(ss / es.size(), within(1e-7 * Math.max(1, ss / es.size())));

        // first / last by event time: ties resolved by arrival order
        E first = es.get(0);
        E last = es.get(0);
        for (E e : es) {
            if (e.ts < first.ts) {
                first = e;
            }
            if (e.ts >= last.ts) {
                last = e;
            }
        }
        assertThat(aggregate(Aggregations.first(E::ts, E::v), es, random))
                .as(msg)
                .isEqualTo(first.v);
        assertThat(aggregate(Aggregations.last(E::ts, E::v), es, random)).as(msg).isEqualTo(last.v);
        assertThat(aggregate(Aggregations.last(E::ts, e -> "id" + e.id, Types.STRING), es, random))
                .as(msg)
                .isEqualTo("id" + last.id);

        // top-k: exact
        double[] sorted = es.stream().mapToDouble(e -> e.v).sorted().toArray();
        int k = 1 + random.nextInt(20);
        double[] expectedTop = new double[Math.min(k, sorted.length)];
        for (int i = 0; i < expectedTop.length; i++) {
            expectedTop[i] = sorted[sorted.length - 1 - i];
        }
        assertThat(aggregate(Aggregations.topK(E::v, k), es, random))
                .as(msg)
                .containsExactly(expectedTop);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9, 10})
    void distinctCountIsExactWhenSmall(long seed) throws Exception {
        Random random = new Random(seed);
        int distinct = 1 + random.nextInt(1000);
        List<E> es = randomElements(random, 20_000, distinct);
        Set<Long> ids = new HashSet<>();
        es.forEach(e -> ids.add(e.id));
        assertThat(aggregate(distinctCount(E::id), es, random))
                .as("seed " + seed)
                .isEqualTo((long) ids.size());
        assertThat(aggregate(Aggregations.distinctCountOf(e -> "u-" + e.id), es, random))
                .as("seed " + seed)
                .isEqualTo((long) ids.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void distinctCountStaysWithinHllErrorWhenLarge(long seed) throws Exception {
        Random random = new Random(seed);
        int distinct = 5_000 + random.nextInt(100_000);
        List<E> es = randomElements(random, 150_000, distinct);
        Set<Long> ids = new HashSet<>();
        es.forEach(e -> ids.add(e.id));
        long estimate = aggregate(distinctCount(E::id), es, random);
        // 3 standard errors of HLL at lgK 12 (1.63 %)
        assertThat((double) estimate)
                .as("seed " + seed)
                .isCloseTo(ids.size(), within(3 * 0.0163 * ids.size()));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    void quantilesStayWithinKllRankError(long seed) throws Exception {
        Random random = new Random(seed);
        List<E> es = randomElements(random, 20_000 + random.nextInt(50_000), 10);
        double[] sorted = es.stream().mapToDouble(e -> e.v).sorted().toArray();
        double eps = Aggregations.quantileRankError(Aggregations.DEFAULT_QUANTILE_K);
        assertThat(eps).isLessThan(0.0166);
        for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.99}) {
            double estimate = aggregate(quantile(E::v, q), es, random);
            int lo = lowerRank(sorted, estimate);
            int hi = upperRank(sorted, estimate);
            double target = q * sorted.length;
            double error = target < lo ? lo - target : target > hi ? target - hi : 0;
            assertThat(error / sorted.length)
                    .as("seed %s q %s estimate %s", seed, q, estimate)
                    .isLessThanOrEqualTo(eps);
        }
    }

    @Test
    void quantilesAreExactBelowK() throws Exception {
        Random random = new Random(5);
        List<E> es = randomElements(random, 101, 10);
        double[] sorted = es.stream().mapToDouble(e -> e.v).sorted().toArray();
        double[] qs = aggregate(Aggregations.quantiles(E::v, 0.0, 0.5, 1.0), es, random);
        assertThat(qs).containsExactly(sorted[0], sorted[50], sorted[100]);
    }

    private static int lowerRank(double[] sorted, double v) {
        int i = Arrays.binarySearch(sorted, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == v) {
            i--;
        }
        return i;
    }

    private static int upperRank(double[] sorted, double v) {
        int i = Arrays.binarySearch(sorted, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i < sorted.length - 1 && sorted[i + 1] == v) {
            i++;
        }
        return i + 1;
    }

    @Test
    void compositeComputesAllMetricsInOnePassWithTypedResult() throws Exception {
        TypedAggregations<E> e = Aggregations.forType(E.class);
        Aggregator<E, ?, Long> n = e.count();
        Aggregator<E, ?, Double> total = e.sum(E::v);
        Aggregator<E, ?, Double> highest = e.max(E::v);
        Aggregator<E, ?, Double> median = e.quantile(E::v, 0.5);
        Aggregator<E, ?, Results> stats = e.of(n, total, highest, median);
        Random random = new Random(77);
        List<E> es = randomElements(random, 150, 100);
        Results r = aggregate(stats, es, random);
        double[] sorted = es.stream().mapToDouble(x -> x.v).sorted().toArray();
        assertThat(r.get(n)).isEqualTo(150L);
        assertThat(r.get(total)).isCloseTo(Arrays.stream(sorted).sum(), within(1e-3));
        assertThat(r.get(highest)).isEqualTo(sorted[149]);
        assertThat(r.get(median)).isEqualTo(sorted[74]);
        assertThat(stats.resultType().toString()).contains("Long", "Double");

        // the same aggregator as a Flink AggregateFunction
        Results direct = viaAggregateFunction(stats, es);
        assertThat(direct.get(n)).isEqualTo(r.get(n));
        assertThat(direct.get(total)).isCloseTo(r.get(total), within(1e-3));
        assertThat(direct.get(highest)).isEqualTo(r.get(highest));
        assertThat(direct.get(median)).isEqualTo(r.get(median));
    }

    private static <A, R> R viaAggregateFunction(Aggregator<E, A, R> agg, List<E> es) {
        AggregateFunction<E, A, R> fn = agg.asAggregateFunction();
        A acc = fn.createAccumulator();
        for (E e : es) {
            acc = fn.add(e, acc);
        }
        return fn.getResult(acc);
    }

    private static <A, R> R addAll(Aggregator<E, A, R> agg, List<E> es) {
        A acc = agg.createAccumulator();
        for (E e : es) {
            acc = agg.add(acc, e);
        }
        return agg.getResult(acc);
    }

    /**
     * count, sumLong, min, max, minLong and maxLong are applied inline by the composite (no call of
     * the parts' own add): the results equal a plain-Java oracle, including NaN, signed zeros,
     * infinities and the ends of the long range.
     */
    @Test
    void compositeInlinePartsEqualAPlainJavaOracle() {
        TypedAggregations<E> on = Aggregations.forType(E.class);
        Aggregator<E, ?, Long> n = on.count();
        Aggregator<E, ?, Long> sumId = on.sumLong(e -> e.id);
        Aggregator<E, ?, Double> min = on.min(e -> e.v);
        Aggregator<E, ?, Double> max = on.max(e -> e.v);
        Aggregator<E, ?, Double> mean = on.mean(e -> e.v);
        Aggregator<E, ?, Long> minId = on.minLong(e -> e.id);
        Aggregator<E, ?, Long> maxId = on.maxLong(e -> e.id);
        Aggregator<E, ?, Results> all = on.of(n, sumId, min, max, mean, minId, maxId);
        double[] special = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, 1e300, -7.5};
        long[] specialIds = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
        Random random = new Random(4242);
        for (int round = 0; round < 200; round++) {
            int size = 1 + random.nextInt(12);
            List<E> es = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                double v =
                        random.nextInt(3) == 0
                                ? special[random.nextInt(special.length)]
                                : random.nextInt(200) - 100;
                long id =
                        random.nextInt(4) == 0
                                ? specialIds[random.nextInt(specialIds.length)]
                                : random.nextInt(1000) - 500;
                es.add(new E(id, i, v));
            }
            long sum = 0;
            long loId = Long.MAX_VALUE;
            long hiId = Long.MIN_VALUE;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double total = 0;
            for (E e : es) {
                sum += e.id;
                loId = Math.min(loId, e.id);
                hiId = Math.max(hiId, e.id);
                lo = Math.min(lo, e.v);
                hi = Math.max(hi, e.v);
                total += e.v;
            }
            Results r = addAll(all, es);
            String msg = "round " + round + ": " + es;
            assertThat(r.get(n)).as(msg).isEqualTo((long) size);
            assertThat(r.get(sumId)).as(msg).isEqualTo(sum);
            assertThat(r.get(minId)).as(msg).isEqualTo(loId);
            assertThat(r.get(maxId)).as(msg).isEqualTo(hiId);
            // bit-exact: distinguishes -0.0 from 0.0 and keeps NaN
            assertThat(Double.doubleToLongBits(r.get(min)))
                    .as(msg)
                    .isEqualTo(Double.doubleToLongBits(lo));
            assertThat(Double.doubleToLongBits(r.get(max)))
                    .as(msg)
                    .isEqualTo(Double.doubleToLongBits(hi));
            // mean is not inlined: still goes through its own add
            if (Double.isFinite(total)) {
                assertThat(r.get(mean)).as(msg).isCloseTo(total / size, within(1e-9));
            }
            // the parts on their own (their own add) agree with the inline path
            assertThat(addAll(minId, es)).as(msg).isEqualTo(loId);
            assertThat(addAll(maxId, es)).as(msg).isEqualTo(hiId);
        }
    }

    @Test
    void ofAllReturnsResultsInTheGivenOrder() throws Exception {
        Aggregator<E, ?, Results> all =
                Aggregations.ofAll(Arrays.asList(count(), min(E::v), distinctCount(E::id)));
        List<E> es = Arrays.asList(new E(1, 1, 5.0), new E(2, 2, -1.0), new E(1, 3, 3.0));
        Results r = aggregate(all, es, new Random(1));
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.get(0)).isEqualTo(3L);
        assertThat(r.get(1)).isEqualTo(-1.0);
        assertThat(r.get(2)).isEqualTo(2L);
    }

    @Test
    void emptyInputsGiveNaNOrNull() {
        assertThat(getEmpty(min(E::v))).isNaN();
        assertThat(getEmpty(mean(E::v))).isNaN();
        assertThat(getEmpty(quantile(E::v, 0.5))).isNaN();
        assertThat(getEmpty(Aggregations.minLong(E::id))).isNull();
        assertThat(getEmpty(Aggregations.maxLong(E::id))).isNull();
        Aggregator<E, ?, Double> first = Aggregations.first(E::ts, E::v);
        assertThat(getEmpty(first)).isNull();
    }

    private static <A, R> R getEmpty(Aggregator<E, A, R> agg) {
        return agg.getResult(agg.createAccumulator());
    }

    @Test
    void invalidArgumentsNameTheParameter() {
        assertThatThrownBy(() -> quantile(E::v, 1.5)).hasMessageContaining("q must be in [0, 1]");
        assertThatThrownBy(() -> Aggregations.topK(E::v, 0)).hasMessageContaining("k must be");
        assertThatThrownBy(() -> Aggregations.ofAll(Collections.emptyList()))
                .hasMessageContaining("aggregations");
        assertThatThrownBy(() -> sum(null)).hasMessageContaining("field");
    }
}
