package dev.streamkit.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The typed factory: lambdas infer the element type, any number of parts, results by handle. */
class TypedAggregationsTest {

    /** A user element type. */
    public static final class Txn {
        public String card;
        public double amount;
        public long cents;

        public Txn() {}

        Txn(String card, double amount) {
            this.card = card;
            this.amount = amount;
            this.cents = Math.round(amount * 100);
        }
    }

    /** A user result class built from the results. */
    public static final class TxnStats {
        public long count;
        public double total;
        public long maxCents;

        public TxnStats() {}

        TxnStats(long count, double total, long maxCents) {
            this.count = count;
            this.total = total;
            this.maxCents = maxCents;
        }
    }

    private static final List<Txn> TXNS =
            Arrays.asList(new Txn("a", 10.5), new Txn("a", 2.25), new Txn("b", 99.0));

    private static <A, R> R run(Aggregator<Txn, A, R> agg, List<Txn> txns) throws Exception {
        // each element in its own accumulator, serialized and merged: as slices do
        TypeSerializer<A> serializer = agg.accumulatorSerializer();
        A total = agg.createAccumulator();
        for (Txn t : txns) {
            A one = agg.add(agg.createAccumulator(), t);
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(one, out);
            total =
                    agg.merge(
                            total,
                            serializer.deserialize(
                                    new DataInputDeserializer(out.wrapAsByteBuffer())));
        }
        return agg.getResult(total);
    }

    @Test
    void moreThanFivePartsWithLambdasAndTypedResults() throws Exception {
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        Aggregator<Txn, ?, Long> count = txn.count();
        Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
        Aggregator<Txn, ?, Double> max = txn.max(t -> t.amount);
        Aggregator<Txn, ?, Double> min = txn.min(t -> t.amount);
        Aggregator<Txn, ?, Long> maxCents = txn.maxLong(t -> t.cents);
        Aggregator<Txn, ?, Long> minCents = txn.minLong(t -> t.cents);
        Aggregator<Txn, ?, Long> cards = txn.distinctCountOf(t -> t.card);
        Aggregator<Txn, ?, Double> median = txn.quantile(t -> t.amount, 0.5);
        Aggregator<Txn, ?, Results> stats =
                txn.of(count, total, max, min, maxCents, minCents, cards, median);

        Results r = run(stats, TXNS);
        long n = r.get(count);
        assertThat(n).isEqualTo(3L);
        assertThat(r.get(total)).isCloseTo(111.75, within(1e-9));
        assertThat(r.get(max)).isEqualTo(99.0);
        assertThat(r.get(min)).isEqualTo(2.25);
        assertThat(r.get(maxCents)).isEqualTo(9900L);
        assertThat(r.get(minCents)).isEqualTo(225L);
        assertThat(r.get(cards)).isEqualTo(2L);
        assertThat(r.get(median)).isEqualTo(10.5);
        assertThat(r.size()).isEqualTo(8);
    }

    @Test
    void handlesFindTheirValuesInSerializedCopiesOfPartsAndResults() throws Exception {
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        Aggregator<Txn, ?, Long> count = txn.count();
        Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
        Aggregator<Txn, ?, Results> stats = txn.of(count, total);
        // as on a cluster: the composite, the handle a downstream function captured and the
        // record each arrive as copies
        Aggregator<Txn, ?, Results> statsCopy = InstantiationUtil.clone(stats);
        Aggregator<Txn, ?, Double> totalCopy = InstantiationUtil.clone(total);
        Results produced = run(statsCopy, TXNS);
        TypeSerializer<Results> serializer =
                InstantiationUtil.clone(stats.resultType())
                        .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(produced, out);
        Results received =
                serializer.deserialize(new DataInputDeserializer(out.wrapAsByteBuffer()));
        assertThat(received.get(totalCopy)).isCloseTo(111.75, within(1e-9));
        assertThat(received.get(count)).isEqualTo(3L);
        assertThat(received).isEqualTo(produced);
        assertThat(serializer.copy(received)).isEqualTo(received);

        Aggregator<Txn, ?, Long> stranger = txn.count();
        assertThatThrownBy(() -> received.get(stranger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one of the aggregations");
    }

    @Test
    void resultsSerializerSnapshotRestoresCompatibleAsIs() throws Exception {
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        TypeSerializer<Results> serializer =
                txn.of(txn.count(), txn.sum(t -> t.amount))
                        .resultType()
                        .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Results> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.wrapAsByteBuffer()),
                        getClass().getClassLoader());
        // a new run creates new part ids: the bytes are the same, so it is compatible
        TypeSerializer<Results> next =
                txn.of(txn.count(), txn.sum(t -> t.amount))
                        .resultType()
                        .createSerializer(new SerializerConfigImpl());
        TypeSerializerSchemaCompatibility<Results> compat =
                next.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compat.isCompatibleAsIs()).isTrue();
    }

    @Test
    void intoMapsResultsIntoAUserClassKeepingTheAccumulator() throws Exception {
        TypedAggregations<Txn> txn = Aggregations.forType(Types.POJO(Txn.class));
        Aggregator<Txn, ?, Long> count = txn.count();
        Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
        Aggregator<Txn, ?, Long> maxCents = txn.maxLong(t -> t.cents);
        Aggregator<Txn, ?, Results> stats = txn.of(count, total, maxCents);
        Aggregator<Txn, ?, TxnStats> mapped =
                stats.into(
                        r -> new TxnStats(r.get(count), r.get(total), r.get(maxCents)),
                        TxnStats.class);
        TxnStats s = run(mapped, TXNS);
        assertThat(s.count).isEqualTo(3);
        assertThat(s.total).isCloseTo(111.75, within(1e-9));
        assertThat(s.maxCents).isEqualTo(9900);
        assertThat(mapped.resultType()).isEqualTo(TypeInformation.of(TxnStats.class));
        // results are not state; the accumulator (the state) is the composite's own
        assertThat(mapped.accumulatorSerializer()).isEqualTo(stats.accumulatorSerializer());
        // into on a single part
        Aggregator<Txn, ?, String> label = count.into(n -> n + " txns", Types.STRING);
        assertThat(run(label, TXNS)).isEqualTo("3 txns");
    }

    @Test
    void compositeStateIsARowOfThePartsAccumulatorsWhateverTheResultType() {
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
        Aggregator<Txn, ?, Long> count = txn.count();
        // savepoints: a composite's state is a Row of its parts' accumulators in order (the layout
        // of the former Tuple-returning composites too, so their state restores); the result
        // type, Results or a mapped class, is not part of it
        TypeSerializer<?> layout =
                new RowSerializer(
                        new TypeSerializer<?>[] {
                            LongPrimitiveArraySerializer.INSTANCE,
                            DoublePrimitiveArraySerializer.INSTANCE
                        });
        assertThat(txn.of(count, total).accumulatorSerializer()).isEqualTo(layout);
        assertThat(Aggregations.ofAll(Arrays.asList(count, total)).accumulatorSerializer())
                .isEqualTo(layout);
        assertThat(
                        txn.of(count, total)
                                .into(r -> r.get(count) + " " + r.get(total), Types.STRING)
                                .accumulatorSerializer())
                .isEqualTo(layout);
    }

    @Test
    void emptyCompositeFailsNamingTheParameter() {
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        assertThatThrownBy(() -> txn.of()).hasMessageContaining("at least one aggregation");
        assertThatThrownBy(() -> Aggregations.forType((Class<Txn>) null))
                .hasMessageContaining("type must not be null");
        List<Aggregator<Txn, ?, ?>> parts = new ArrayList<>();
        parts.add(null);
        assertThatThrownBy(() -> Aggregations.ofAll(parts))
                .hasMessageContaining("null aggregation");
    }
}
