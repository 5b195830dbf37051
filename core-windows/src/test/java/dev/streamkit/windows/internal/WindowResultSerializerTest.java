package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.FlinkLineTesting;
import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.WindowResultTypeInfo;
import dev.streamkit.windows.Windows;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link WindowResultSerializer} and {@link WindowResultTypeInfo}: the byte layout, deep copies,
 * snapshots, and state written with the POJO serializer the type information used before.
 */
class WindowResultSerializerTest {
    private static final TypeInformation<Row> RESULT = Types.ROW(Types.LONG, Types.LONG);
    private static final ExecutionConfig CONFIG = new ExecutionConfig();

    private static WindowResultSerializer<String, Row> serializer() {
        return (WindowResultSerializer<String, Row>)
                WindowResult.typeInfo(Types.STRING, RESULT)
                        .createSerializer(CONFIG.getSerializerConfig());
    }

    /** The POJO type information {@code WindowResult.typeInfo} returned before this serializer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <K, R> TypeInformation<WindowResult<K, R>> pojoTypeInfo(
            TypeInformation<K> keyType, TypeInformation<R> resultType) throws Exception {
        Class<WindowResult> c = WindowResult.class;
        return (TypeInformation)
                new PojoTypeInfo<>(
                        c,
                        Arrays.asList(
                                new PojoField(c.getField("key"), keyType),
                                new PojoField(c.getField("windowStart"), Types.LONG),
                                new PojoField(c.getField("windowEnd"), Types.LONG),
                                new PojoField(c.getField("result"), resultType),
                                new PojoField(c.getField("correction"), Types.BOOLEAN)));
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void writesFlagsKeyBoundsThenResult() throws Exception {
        TypeSerializer<WindowResult<Long, Long>> longs =
                WindowResult.typeInfo(Types.LONG, Types.LONG)
                        .createSerializer(CONFIG.getSerializerConfig());
        ByteBuffer expected = ByteBuffer.allocate(33);
        expected.put((byte) 4).putLong(5L).putLong(1_000L).putLong(2_000L).putLong(7L);
        assertThat(bytes(longs, new WindowResult<>(5L, 1_000L, 2_000L, 7L, true)))
                .containsExactly(expected.array());

        // key and result null: flags 1 | 2, then only the bounds
        ByteBuffer nulls = ByteBuffer.allocate(17);
        nulls.put((byte) 3).putLong(-1L).putLong(0L);
        assertThat(bytes(longs, new WindowResult<>(null, -1L, 0L, null, false)))
                .containsExactly(nulls.array());
    }

    @Test
    void roundTripsAndCopiesSerializedForm() throws Exception {
        WindowResultSerializer<String, Row> s = serializer();
        List<WindowResult<String, Row>> values =
                Arrays.asList(
                        new WindowResult<>("a", 0L, 60_000L, Row.of(3L, 12L), false),
                        new WindowResult<>("b", -5L, 5L, Row.of(1L, null), true),
                        new WindowResult<>(null, 1L, 2L, null, true),
                        new WindowResult<>(
                                "", Long.MIN_VALUE, Long.MAX_VALUE, Row.of(0L, 0L), false));
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (WindowResult<String, Row> v : values) {
            s.serialize(v, out);
        }
        byte[] written = out.getCopyOfBuffer();
        DataInputDeserializer in = new DataInputDeserializer(written);
        List<WindowResult<String, Row>> read = new ArrayList<>();
        DataOutputSerializer copied = new DataOutputSerializer(64);
        for (int i = 0; i < values.size(); i++) {
            read.add(s.deserialize(in));
        }
        assertThat(read).isEqualTo(values);
        assertThat(in.available()).isZero();

        DataInputDeserializer again = new DataInputDeserializer(written);
        for (int i = 0; i < values.size(); i++) {
            s.copy(again, copied);
        }
        assertThat(copied.getCopyOfBuffer()).isEqualTo(written);
    }

    @Test
    void copiesDeeply() {
        WindowResultSerializer<String, Row> s = serializer();
        Row row = Row.of(3L, 12L);
        WindowResult<String, Row> original = new WindowResult<>("a", 0L, 10L, row, true);
        WindowResult<String, Row> copy = s.copy(original);
        row.setField(0, 99L);
        original.windowStart = 5L;
        assertThat(copy).isNotSameAs(original);
        assertThat(copy.result).isNotSameAs(row);
        assertThat(copy).isEqualTo(new WindowResult<>("a", 0L, 10L, Row.of(3L, 12L), true));
        assertThat(s.copy(new WindowResult<String, Row>(null, 1L, 2L, null, false)))
                .isEqualTo(new WindowResult<String, Row>(null, 1L, 2L, null, false));
    }

    @Test
    void snapshotRestoresTheSameSerializer() throws Exception {
        WindowResultSerializer<String, Row> s = serializer();
        DataOutputSerializer out = new DataOutputSerializer(128);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
        TypeSerializerSnapshot<WindowResult<String, Row>> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(s);
        assertThat(s.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void acceptsThePojoSerializersSnapshotAfterMigration() throws Exception {
        TypeSerializer<WindowResult<String, Row>> pojo =
                pojoTypeInfo(Types.STRING, RESULT).createSerializer(CONFIG.getSerializerConfig());
        assertThat(pojo).isInstanceOf(PojoSerializer.class);
        TypeSerializerSchemaCompatibility<WindowResult<String, Row>> compatibility =
                serializer()
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(pojo.snapshotConfiguration());
        assertThat(compatibility.isCompatibleAfterMigration()).isTrue();
    }

    @Test
    void rejectsAnotherKeySerializer() {
        TypeSerializer<WindowResult<Long, Row>> longKeys =
                WindowResult.typeInfo(Types.LONG, RESULT)
                        .createSerializer(CONFIG.getSerializerConfig());
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<WindowResult<String, Row>> old =
                (TypeSerializerSnapshot) longKeys.snapshotConfiguration();
        assertThat(
                        serializer()
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isIncompatible())
                .isTrue();
    }

    @Test
    void typeInfoStaysAPojoTypeWithItsFields() {
        TypeInformation<WindowResult<String, Row>> type =
                WindowResult.typeInfo(Types.STRING, RESULT);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<WindowResult<String, Row>> pojo =
                (PojoTypeInfo<WindowResult<String, Row>>) type;
        assertThat(pojo.getFieldNames())
                .containsExactlyInAnyOrder(
                        "key", "windowStart", "windowEnd", "result", "correction");
        assertThat(pojo.getTypeAt("key")).isEqualTo(Types.STRING);
        assertThat(pojo.getTypeAt("result")).isEqualTo(RESULT);
        assertThat(pojo.getTypeAt("windowEnd")).isEqualTo(Types.LONG);
        assertThat(type).isEqualTo(WindowResultTypeInfo.of(Types.STRING, RESULT));
        assertThat(type.hashCode())
                .isEqualTo(WindowResultTypeInfo.of(Types.STRING, RESULT).hashCode());
        assertThat(type).isNotEqualTo(WindowResultTypeInfo.of(Types.LONG, RESULT));
    }

    @Test
    void forcedKryoStillGivesKryo() {
        Configuration forceKryo = new Configuration();
        forceKryo.set(PipelineOptions.FORCE_KRYO, true);
        ExecutionConfig kryo = new ExecutionConfig();
        kryo.configure(forceKryo, getClass().getClassLoader());
        assertThat(
                        WindowResult.typeInfo(Types.STRING, RESULT)
                                .createSerializer(kryo.getSerializerConfig()))
                .isInstanceOf(KryoSerializer.class);
    }

    /**
     * Every window path emits with this type: the slicing operator (tumbling, sliding, cumulative),
     * sessions, and Flink's operator (processing time). Back on a plain {@code PojoTypeInfo}, every
     * result would be copied through reflection again, and no other test would notice.
     */
    @Test
    void everyWindowPathEmitsWindowResultTypeInfo() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TestConfigs.disableGenericTypes(env.getConfig());
        KeyedStream<Tuple3<Integer, Long, Long>, Integer> keyed =
                env.fromData(WindowTestSupport.EVENT, Tuple3.of(0, 0L, 0L))
                        .keyBy(WindowTestSupport.KEY, Types.INT);
        Duration minute = Duration.ofMinutes(1);
        List<TypeInformation<?>> types = new ArrayList<>();
        for (Windows.Shape shape :
                Arrays.asList(
                        Windows.tumbling(minute),
                        Windows.sliding(minute, Duration.ofSeconds(10)),
                        Windows.cumulative(minute, Duration.ofSeconds(10)),
                        Windows.session(minute))) {
            types.add(
                    shape.aggregate(WindowTestSupport.aggregation())
                            .build()
                            .apply(keyed)
                            .getType());
        }
        types.add(
                Windows.tumbling(minute)
                        .aggregate(WindowTestSupport.aggregation())
                        .inProcessingTime()
                        .build()
                        .apply(keyed)
                        .getType());
        for (TypeInformation<?> type : types) {
            assertThat(type).isInstanceOf(WindowResultTypeInfo.class);
            assertThat(type.createSerializer(CONFIG.getSerializerConfig()))
                    .isInstanceOf(WindowResultSerializer.class);
        }
    }

    /**
     * Keeps the latest result per key in a {@code ValueState} of {@code type} and emits what the
     * state held before the update ({@code n < 0} only reads).
     */
    private static KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, String>
            keeper(TypeInformation<WindowResult<String, Row>> type, Backend backend)
                    throws Exception {
        KeyedProcessFunction<String, Tuple2<String, Long>, String> fn =
                new KeyedProcessFunction<String, Tuple2<String, Long>, String>() {
                    private transient ValueState<WindowResult<String, Row>> latest;

                    @Override
                    public void open(OpenContext context) {
                        latest =
                                getRuntimeContext()
                                        .getState(new ValueStateDescriptor<>("latest", type));
                    }

                    @Override
                    public void processElement(
                            Tuple2<String, Long> in, Context ctx, Collector<String> out)
                            throws Exception {
                        out.collect(in.f0 + "=" + latest.value());
                        if (in.f1 >= 0) {
                            latest.update(
                                    new WindowResult<>(
                                            in.f0,
                                            in.f1,
                                            in.f1 + 10,
                                            Row.of(in.f1, 2 * in.f1),
                                            in.f1 % 2 == 0));
                        }
                    }
                };
        KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, String> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), e -> e.f0, Types.STRING);
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setStateBackend(
                backend == Backend.ROCKSDB
                        ? FlinkLineTesting.rocksdb()
                        : new HashMapStateBackend());
        return h;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, String> h,
            String key,
            long n)
            throws Exception {
        h.processElement(Tuple2.of(key, n), 0L);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void restoresStateWrittenWithThePojoSerializer(Backend backend) throws Exception {
        OperatorSubtaskState old;
        try (KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, String> h =
                keeper(pojoTypeInfo(Types.STRING, RESULT), backend)) {
            h.open();
            feed(h, "a", 4);
            feed(h, "b", 7);
            old = h.snapshot(1, 1);
        }
        OperatorSubtaskState migrated;
        try (KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, String> h =
                keeper(WindowResult.typeInfo(Types.STRING, RESULT), backend)) {
            h.initializeState(old);
            h.open();
            feed(h, "a", -1);
            feed(h, "b", 9);
            assertThat(h.extractOutputValues())
                    .containsExactly(
                            "a=WindowResult{key=a, [4, 14), result=+I[4, 8], correction}",
                            "b=WindowResult{key=b, [7, 17), result=+I[7, 14]}");
            migrated = h.snapshot(2, 2);
        }
        // the migrated state, written with the new serializer, restores with it
        try (KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, Long>, String> h =
                keeper(WindowResult.typeInfo(Types.STRING, RESULT), backend)) {
            h.initializeState(migrated);
            h.open();
            feed(h, "a", -1);
            feed(h, "b", -1);
            feed(h, "c", -1);
            assertThat(h.extractOutputValues())
                    .containsExactly(
                            "a=WindowResult{key=a, [4, 14), result=+I[4, 8], correction}",
                            "b=WindowResult{key=b, [9, 19), result=+I[9, 18]}",
                            "c=null");
        }
    }
}
