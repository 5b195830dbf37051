package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static dev.streamkit.windows.internal.WindowTestSupport.randomStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.Results;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import dev.streamkit.windows.internal.WindowTestSupport.Step;
import dev.streamkit.windows.internal.session.SessionWindowAggregation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packed composite against the {@link Row} composite of the same parts (the code every result
 * came from before): results, bytes in state, snapshots, and state written by the row form and
 * restored into the packed one.
 */
class PackedCompositeAggregatorTest {
    private static final TypedAggregations<Tuple3<Integer, Long, Long>> E =
            Aggregations.forType(WindowTestSupport.EVENT);

    /** Every packable kind: count, sumLong, min, max, minLong, maxLong. */
    private static List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> allKinds() {
        return Arrays.asList(
                E.count(),
                E.sumLong(t -> t.f2),
                E.min(PackedCompositeAggregatorTest::value),
                E.max(PackedCompositeAggregatorTest::value),
                E.minLong(t -> t.f2),
                E.maxLong(t -> t.f2));
    }

    private static final double[] SPECIAL = {
        Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e300
    };

    /** The double the min/max parts read: special values (NaN, signed zeros, infinities) at 0-5. */
    private static double value(Tuple3<Integer, Long, Long> t) {
        return t.f2 >= 0 && t.f2 < SPECIAL.length ? SPECIAL[(int) (long) t.f2] : t.f2 / 7.0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Aggregator<Tuple3<Integer, Long, Long>, Object, Results> composite(
            List<? extends Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> parts, boolean packed) {
        return (Aggregator) CompositeAggregator.results(parts, packed);
    }

    @Test
    void primitivePartsArePackedOthersStayARow() {
        assertThat(CompositeAggregator.results(allKinds()))
                .isInstanceOf(PackedCompositeAggregator.class);
        List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> mixed = new ArrayList<>(allKinds());
        mixed.add(E.sum(t -> (double) t.f2));
        assertThat(CompositeAggregator.results(mixed)).isInstanceOf(CompositeAggregator.class);
        // the description, which default uids are hashed from, is the row composite's
        assertThat(composite(allKinds(), true).toString())
                .isEqualTo(composite(allKinds(), false).toString())
                .isEqualTo("of(count,sumLong,min,max,minLong,maxLong)");
    }

    /**
     * Random adds and merges in the same order on both forms give equal results (bit-exact: {@code
     * Double.equals} tells -0.0 from 0.0 and NaN from every number) and bytes.
     */
    @Test
    void sameResultsAndBytesAsTheRowComposite() throws Exception {
        Random random = new Random(77);
        List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> all = allKinds();
        for (int round = 0; round < 200; round++) {
            // a random non-empty subset of the kinds, in random order, repeats allowed
            List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> parts = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                parts.add(all.get(random.nextInt(all.size())));
            }
            Aggregator<Tuple3<Integer, Long, Long>, Object, Results> packed =
                    composite(parts, true);
            Aggregator<Tuple3<Integer, Long, Long>, Object, Results> row = composite(parts, false);
            Object p = packed.createAccumulator();
            Object r = row.createAccumulator();
            // empty accumulators (min/max of nothing: NaN, minLong of nothing: null) agree too
            assertThat(packed.getResult(p)).isEqualTo(row.getResult(r));
            for (int step = 0; step < 20; step++) {
                if (random.nextInt(3) == 0) {
                    Object p2 = packed.createAccumulator();
                    Object r2 = row.createAccumulator();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        Tuple3<Integer, Long, Long> e = event(random);
                        p2 = packed.add(p2, e);
                        r2 = row.add(r2, e);
                    }
                    p = packed.merge(p, p2);
                    r = row.merge(r, r2);
                } else {
                    Tuple3<Integer, Long, Long> e = event(random);
                    p = packed.add(p, e);
                    r = row.add(r, e);
                }
                assertThat(packed.getResult(p)).isEqualTo(row.getResult(r));
            }
            assertThat(bytes(packed.accumulatorSerializer(), p))
                    .isEqualTo(bytes(row.accumulatorSerializer(), r));
            // the row's bytes read back as the packed accumulator
            Object read =
                    packed.accumulatorSerializer()
                            .deserialize(
                                    new DataInputDeserializer(
                                            bytes(row.accumulatorSerializer(), r)));
            assertThat(packed.getResult(read)).isEqualTo(row.getResult(r));
        }
    }

    private static Tuple3<Integer, Long, Long> event(Random random) {
        int kind = random.nextInt(10);
        long v =
                kind == 0
                        ? (random.nextBoolean() ? Long.MAX_VALUE / 3 : Long.MIN_VALUE / 3)
                        : kind == 1
                                ? random.nextInt(SPECIAL.length) // NaN, zeros, infinities
                                : random.nextInt(2000) - 1000;
        return Tuple3.of(0, 0L, v);
    }

    private static byte[] bytes(TypeSerializer<Object> serializer, Object value)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    /** What the heap backend hands back after restoring state of the row form: a Row. */
    @Test
    void acceptsARowAccumulatorEverywhere() throws Exception {
        List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> parts = allKinds();
        Aggregator<Tuple3<Integer, Long, Long>, Object, Results> packed = composite(parts, true);
        Aggregator<Tuple3<Integer, Long, Long>, Object, Results> row = composite(parts, false);
        Tuple3<Integer, Long, Long> a = Tuple3.of(1, 0L, 40L);
        Tuple3<Integer, Long, Long> b = Tuple3.of(1, 0L, -9L);
        Object rowAcc = row.add(row.add(row.createAccumulator(), a), b);
        Results expected = row.getResult(rowAcc);
        TypeSerializer<Object> s = packed.accumulatorSerializer();
        assertThat(packed.getResult(rowAcc)).isEqualTo(expected);
        assertThat(packed.getResult(s.copy(rowAcc))).isEqualTo(expected);
        assertThat(s.copy(rowAcc)).isInstanceOf(long[].class);
        assertThat(bytes(s, rowAcc)).isEqualTo(bytes(row.accumulatorSerializer(), rowAcc));
        // add and merge into a Row answer a packed array with both contributions
        Object added = packed.add(row.add(row.createAccumulator(), a), b);
        assertThat(added).isInstanceOf(long[].class);
        assertThat(packed.getResult(added)).isEqualTo(expected);
        Object merged =
                packed.merge(
                        row.add(row.createAccumulator(), a),
                        packed.add(packed.createAccumulator(), b));
        assertThat(packed.getResult(merged)).isEqualTo(expected);
    }

    @Test
    void copiesAreIndependent() {
        Aggregator<Tuple3<Integer, Long, Long>, Object, Results> packed =
                composite(allKinds(), true);
        Object acc = packed.add(packed.createAccumulator(), Tuple3.of(1, 0L, 5L));
        Object copy = packed.accumulatorSerializer().copy(acc);
        packed.add(acc, Tuple3.of(1, 0L, 700L));
        assertThat(packed.getResult(copy).get(0)).isEqualTo(1L);
        assertThat(packed.getResult(acc).get(0)).isEqualTo(2L);
    }

    @Test
    void rejectsBytesWithANullPartOrAnotherLength() throws Exception {
        List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> parts =
                Arrays.asList(E.count(), E.max(t -> (double) t.f2));
        TypeSerializer<Object> s = composite(parts, true).accumulatorSerializer();
        RowSerializer rows =
                new RowSerializer(
                        new TypeSerializer<?>[] {
                            LongPrimitiveArraySerializer.INSTANCE,
                            DoublePrimitiveArraySerializer.INSTANCE
                        });
        Row nullPart = Row.of(new long[] {3}, null);
        DataOutputSerializer out = new DataOutputSerializer(64);
        rows.serialize(nullPart, out);
        assertThatThrownBy(() -> s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("mask");
        out.clear();
        rows.serialize(Row.of(new long[] {3, 4}, new double[] {1, 1}), out);
        assertThatThrownBy(() -> s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("part 0 holds 2, expected 1");
    }

    @Test
    void snapshotCompatibility() throws Exception {
        List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> parts = allKinds();
        TypeSerializer<Object> packed = composite(parts, true).accumulatorSerializer();
        TypeSerializer<Object> row = composite(parts, false).accumulatorSerializer();
        TypeSerializerSnapshot<Object> mine = roundTrip(packed.snapshotConfiguration());
        assertThat(mine.restoreSerializer()).isEqualTo(packed);
        assertThat(
                        packed.snapshotConfiguration()
                                .resolveSchemaCompatibility(mine)
                                .isCompatibleAsIs())
                .isTrue();
        // state written by the row composite of the same parts: the same bytes
        TypeSerializerSnapshot<Object> rowSnapshot = roundTrip(row.snapshotConfiguration());
        assertThat(
                        packed.snapshotConfiguration()
                                .resolveSchemaCompatibility(rowSnapshot)
                                .isCompatibleAsIs())
                .isTrue();
        // other parts: not compatible (neither as packed nor as a row)
        TypeSerializer<Object> fewer =
                composite(Arrays.asList(E.count(), E.maxLong(t -> t.f2)), true)
                        .accumulatorSerializer();
        assertThat(fewer.snapshotConfiguration().resolveSchemaCompatibility(mine).isIncompatible())
                .isTrue();
        assertThat(
                        fewer.snapshotConfiguration()
                                .resolveSchemaCompatibility(rowSnapshot)
                                .isIncompatible())
                .isTrue();
        // a long[] part where a double[] was (max instead of maxLong): incompatible
        TypeSerializer<Object> swapped =
                composite(
                                Arrays.asList(
                                        E.count(),
                                        E.sumLong(t -> t.f2),
                                        E.min(t -> t.f2 / 7.0),
                                        E.max(t -> t.f2 / 7.0),
                                        E.minLong(t -> t.f2),
                                        E.max(t -> (double) t.f2)),
                                false)
                        .accumulatorSerializer();
        TypeSerializerSchemaCompatibility<Object> c =
                packed.snapshotConfiguration()
                        .resolveSchemaCompatibility(roundTrip(swapped.snapshotConfiguration()));
        assertThat(c.isIncompatible()).isTrue();
    }

    private static TypeSerializerSnapshot<Object> roundTrip(TypeSerializerSnapshot<Object> s)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                PackedCompositeAggregatorTest.class.getClassLoader());
    }

    // ---------------------------------------------------------------------------------------
    // State written by the row composite, restored into the packed one

    /** The same part objects in both forms: their results are looked up by the same ids. */
    private static final List<Aggregator<Tuple3<Integer, Long, Long>, ?, ?>> PARTS =
            Arrays.asList(
                    E.count(),
                    E.sumLong(t -> t.f2),
                    E.max(t -> (double) t.f2),
                    E.minLong(t -> t.f2));

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OneInputStreamOperator<Tuple3<Integer, Long, Long>, ?> operator(
            String kind, Aggregator<Tuple3<Integer, Long, Long>, Object, Results> agg) {
        Object plan =
                WindowTestSupport.plan(
                        WindowTestSupport.shape(kind)
                                .aggregate(agg)
                                .lateRecords(LatePolicy.allowedLateness(Duration.ofMillis(60)))
                                .miniBatchKeys(3)
                                .build());
        return (OneInputStreamOperator)
                (plan instanceof SessionWindowAggregation
                        ? ((SessionWindowAggregation) plan).createOperator()
                        : ((SlicingWindowAggregation) plan).createOperator());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, ?>
            open(String kind, boolean packed, Backend backend, OperatorSubtaskState restore)
                    throws Exception {
        Aggregator<Tuple3<Integer, Long, Long>, Object, Results> agg = composite(PARTS, packed);
        var h =
                WindowTestSupport.harness(
                        operator(kind, agg),
                        KEY,
                        Types.INT,
                        backend,
                        128,
                        1,
                        0,
                        WindowResult.typeInfo(Types.INT, agg.resultType()));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return (KeyedOneInputStreamOperatorTestHarness) h;
    }

    /**
     * Half a stream through the row composite, a snapshot, the rest through the packed one: the
     * same output as the row composite alone on the whole stream, and the state written again by
     * the packed one restores too.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "tumbling,HASHMAP", "sliding,HASHMAP", "cumulative,HASHMAP", "session,HASHMAP",
        "tumbling,ROCKSDB", "sliding,ROCKSDB", "cumulative,ROCKSDB", "session,ROCKSDB"
    })
    void restoresStateWrittenByTheRowComposite(String kind, Backend backend) throws Exception {
        List<Step> steps = randomStream(913, 700, 5, 200, 40);
        int cut = steps.size() / 2;
        int cut2 = cut + (steps.size() - cut) / 2;

        var reference = open(kind, false, backend, null);
        for (Step step : steps) {
            step.applyTo(reference);
        }
        List<String> expected = WindowTestSupport.normalized(reference.extractOutputValues());
        reference.close();

        var before = open(kind, false, backend, null);
        for (Step step : steps.subList(0, cut)) {
            step.applyTo(before);
        }
        List<Object> output = new ArrayList<>(before.extractOutputValues());
        before.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState rowState = before.snapshot(1, 1);
        before.close();

        var packed = open(kind, true, backend, rowState);
        packed.processWatermark(
                new Watermark(WindowTestSupport.lastWatermark(steps.subList(0, cut))));
        for (Step step : steps.subList(cut, cut2)) {
            step.applyTo(packed);
        }
        output.addAll(packed.extractOutputValues());
        packed.prepareSnapshotPreBarrier(2);
        OperatorSubtaskState packedState = packed.snapshot(2, 2);
        packed.close();

        var again = open(kind, true, backend, packedState);
        again.processWatermark(
                new Watermark(WindowTestSupport.lastWatermark(steps.subList(0, cut2))));
        for (Step step : steps.subList(cut2, steps.size())) {
            step.applyTo(again);
        }
        output.addAll(again.extractOutputValues());
        again.close();

        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(WindowTestSupport.normalized(output)).isEqualTo(expected);
    }
}
