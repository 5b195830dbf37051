package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.Fields.DoubleField;
import dev.streamkit.windows.Fields.LongField;
import dev.streamkit.windows.internal.MomentsAggregator.Moment;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * What of the built-in aggregators reaches savepoints and uids, pinned by hand: the accumulator
 * serializer and its snapshot class (a restore looks the snapshot up by class name), the
 * accumulator's slots after known input, whether a composite applies the update inline, and the
 * description a default uid is hashed from. A change to any of these breaks restoring existing
 * savepoints or changes default uids: it needs a migration, not a test update.
 */
class AggregatorStateContractTest {
    private static final DoubleField<Double> V = x -> x;
    private static final LongField<Long> L = x -> x;

    @SafeVarargs
    private static <T, A> A fed(Aggregator<T, A, ?> agg, T... elements) throws Exception {
        A acc = agg.createAccumulator();
        for (T e : elements) {
            acc = agg.add(acc, e);
        }
        // what state holds: the accumulator after a serializer round trip
        TypeSerializer<A> serializer = agg.accumulatorSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(acc, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static String snapshotClass(Aggregator<?, ?, ?> agg) {
        return agg.accumulatorSerializer().snapshotConfiguration().getClass().getName();
    }

    private static final String LONG_ARRAY_SNAPSHOT =
            "org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer"
                    + "$LongPrimitiveArraySerializerSnapshot";
    private static final String DOUBLE_ARRAY_SNAPSHOT =
            "org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer"
                    + "$DoublePrimitiveArraySerializerSnapshot";

    @Test
    void longArrayAccumulators() throws Exception {
        List<Aggregator<Long, long[], Long>> all =
                List.of(
                        new CountAggregator<>(),
                        new SumLongAggregator<>(L),
                        new LongMinMaxAggregator<>(L, false),
                        new LongMinMaxAggregator<>(L, true));
        for (Aggregator<Long, long[], Long> agg : all) {
            assertThat(agg.accumulatorSerializer())
                    .as("%s", agg)
                    .isSameAs(LongPrimitiveArraySerializer.INSTANCE);
            assertThat(snapshotClass(agg)).as("%s", agg).isEqualTo(LONG_ARRAY_SNAPSHOT);
        }
        assertThat(fed(new CountAggregator<Long>(), 5L, -2L, 9L)).containsExactly(3);
        assertThat(fed(new SumLongAggregator<>(L), 5L, -2L, 9L)).containsExactly(12);
        assertThat(fed(new LongMinMaxAggregator<>(L, false), 5L, -2L, 9L)).containsExactly(-2, 3);
        assertThat(fed(new LongMinMaxAggregator<>(L, true), 5L, -2L, 9L)).containsExactly(9, 3);
        assertThat(new LongMinMaxAggregator<>(L, false).createAccumulator())
                .containsExactly(Long.MAX_VALUE, 0);
        assertThat(new LongMinMaxAggregator<>(L, true).createAccumulator())
                .containsExactly(Long.MIN_VALUE, 0);
    }

    @Test
    void doubleArrayAccumulators() throws Exception {
        for (Aggregator<Double, double[], ?> agg :
                List.<Aggregator<Double, double[], ?>>of(
                        new KahanSumAggregator<>(V),
                        new MinMaxAggregator<>(V, false),
                        new MinMaxAggregator<>(V, true),
                        new MomentsAggregator<>(V, Moment.MEAN),
                        new MomentsAggregator<>(V, Moment.POPULATION_STDDEV),
                        new TopKAggregator<>(V, 3))) {
            assertThat(agg.accumulatorSerializer())
                    .as("%s", agg)
                    .isSameAs(DoublePrimitiveArraySerializer.INSTANCE);
            assertThat(snapshotClass(agg)).as("%s", agg).isEqualTo(DOUBLE_ARRAY_SNAPSHOT);
        }
        // {sum, compensation}: 0.5 + 0.25 is exact, no compensation
        assertThat(fed(new KahanSumAggregator<>(V), 0.5, 0.25)).containsExactly(0.75, 0.0);
        // {extreme, count}
        assertThat(fed(new MinMaxAggregator<>(V, false), 3.0, 1.0)).containsExactly(1.0, 2.0);
        assertThat(fed(new MinMaxAggregator<>(V, true), 3.0, 1.0)).containsExactly(3.0, 2.0);
        assertThat(new MinMaxAggregator<>(V, false).createAccumulator())
                .containsExactly(Double.POSITIVE_INFINITY, 0);
        assertThat(new MinMaxAggregator<>(V, true).createAccumulator())
                .containsExactly(Double.NEGATIVE_INFINITY, 0);
        // {n, mean, m2}, the same for every moment: 1, 3 -> mean 2, m2 = 1 + 1
        for (Moment m : Moment.values()) {
            assertThat(fed(new MomentsAggregator<>(V, m), 1.0, 3.0))
                    .as("%s", m)
                    .containsExactly(2.0, 2.0, 2.0);
        }
        // {size, 1-based min-heap}: 5; 1 sifts up; 4 stays; 2 replaces the root 1 and stays
        assertThat(fed(new TopKAggregator<>(V, 3), 5.0, 1.0, 4.0, 2.0)).containsExactly(3, 2, 5, 4);
        assertThat(new TopKAggregator<>(V, 3).createAccumulator()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void objectAccumulatorsUseTheModulesOwnSerializers() throws Exception {
        FirstLastAggregator<Double, Double> first =
                new FirstLastAggregator<>(x -> 7L, x -> x, Types.DOUBLE, true);
        assertThat(first.accumulatorSerializer()).isInstanceOf(TimedValueSerializer.class);
        assertThat(snapshotClass(first))
                .isEqualTo("dev.streamkit.windows.internal.TimedValueSerializer$Snapshot");
        TimedValue<Double> timed = fed(first, 2.5);
        assertThat(timed.present).isTrue();
        assertThat(timed.timestamp).isEqualTo(7L);
        assertThat(timed.value).isEqualTo(2.5);

        DistinctCountAggregator<Long> distinct = DistinctCountAggregator.ofLong(L);
        assertThat(distinct.accumulatorSerializer()).isSameAs(DistinctSerializer.INSTANCE);
        assertThat(snapshotClass(distinct))
                .isEqualTo("dev.streamkit.windows.internal.DistinctSerializer$Snapshot");
        assertThat(DistinctCountAggregator.ofString(x -> "a").accumulatorSerializer())
                .isSameAs(DistinctSerializer.INSTANCE);

        for (Aggregator<Double, ?, ?> kll :
                List.<Aggregator<Double, ?, ?>>of(
                        QuantileAggregator.of(V, 0.5, 200), QuantilesAggregator.of(V, 200, 0.5))) {
            assertThat(kll.accumulatorSerializer()).isSameAs(KllSerializer.INSTANCE);
            assertThat(snapshotClass(kll))
                    .isEqualTo("dev.streamkit.windows.internal.KllSerializer$Snapshot");
        }
        assertThat(QuantileAggregator.of(V, 0.5, 64).createAccumulator().getK()).isEqualTo(64);
        assertThat(QuantilesAggregator.of(V, 200, 0.5).createAccumulator().getK()).isEqualTo(200);
    }

    @Test
    void descriptionsThatDefaultUidsAreHashedFrom() {
        assertThat(new CountAggregator<>().description()).isEqualTo("count");
        assertThat(new SumLongAggregator<>(L).description()).isEqualTo("sumLong");
        assertThat(new KahanSumAggregator<>(V).description()).isEqualTo("sum");
        assertThat(new MinMaxAggregator<>(V, false).description()).isEqualTo("min");
        assertThat(new MinMaxAggregator<>(V, true).description()).isEqualTo("max");
        assertThat(new LongMinMaxAggregator<>(L, false).description()).isEqualTo("minLong");
        assertThat(new LongMinMaxAggregator<>(L, true).description()).isEqualTo("maxLong");
        assertThat(new MomentsAggregator<>(V, Moment.MEAN).description()).isEqualTo("mean");
        assertThat(new MomentsAggregator<>(V, Moment.VARIANCE).description()).isEqualTo("variance");
        assertThat(new MomentsAggregator<>(V, Moment.POPULATION_VARIANCE).description())
                .isEqualTo("populationVariance");
        assertThat(new MomentsAggregator<>(V, Moment.STDDEV).description()).isEqualTo("stddev");
        assertThat(new MomentsAggregator<>(V, Moment.POPULATION_STDDEV).description())
                .isEqualTo("populationStddev");
        assertThat(new FirstLastAggregator<Double, Double>(x -> 0L, x -> x, Types.DOUBLE, true))
                .hasToString("first");
        assertThat(new FirstLastAggregator<Double, Double>(x -> 0L, x -> x, Types.DOUBLE, false))
                .hasToString("last");
        assertThat(DistinctCountAggregator.ofLong(L).description()).isEqualTo("distinctCount");
        assertThat(DistinctCountAggregator.ofString(x -> "").description())
                .isEqualTo("distinctCountOf");
        assertThat(QuantileAggregator.of(V, 0.99, 200).description())
                .isEqualTo("quantile(0.99,k=200)");
        assertThat(QuantilesAggregator.of(V, 200, 0.5, 0.9).description())
                .isEqualTo("quantiles([0.5, 0.9])");
        assertThat(new TopKAggregator<>(V, 5).description()).isEqualTo("topK(5)");
    }

    /** The composite applies exactly these inline; any other part goes through its own add. */
    @Test
    void primitivePartsAndTheirFields() {
        assertThat(new CountAggregator<Long>().primitiveKind()).isEqualTo(PrimitivePart.COUNT);
        SumLongAggregator<Long> sumLong = new SumLongAggregator<>(L);
        assertThat(sumLong.primitiveKind()).isEqualTo(PrimitivePart.SUM_LONG);
        assertThat(sumLong.longField()).isSameAs(L);
        assertThat(new LongMinMaxAggregator<>(L, false).primitiveKind())
                .isEqualTo(PrimitivePart.MIN_LONG);
        assertThat(new LongMinMaxAggregator<>(L, true).primitiveKind())
                .isEqualTo(PrimitivePart.MAX_LONG);
        assertThat(new LongMinMaxAggregator<>(L, true).longField()).isSameAs(L);
        assertThat(new MinMaxAggregator<>(V, false).primitiveKind()).isEqualTo(PrimitivePart.MIN);
        assertThat(new MinMaxAggregator<>(V, true).primitiveKind()).isEqualTo(PrimitivePart.MAX);
        assertThat(new MinMaxAggregator<>(V, true).doubleField()).isSameAs(V);
        // Kahan's compensation and Welford's update are not a primitive update
        assertThat(new KahanSumAggregator<>(V)).isNotInstanceOf(PrimitivePart.class);
        assertThat(new MomentsAggregator<>(V, Moment.MEAN)).isNotInstanceOf(PrimitivePart.class);
        assertThat(new TopKAggregator<>(V, 2)).isNotInstanceOf(PrimitivePart.class);
    }
}
