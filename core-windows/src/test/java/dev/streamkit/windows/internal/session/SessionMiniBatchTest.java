package dev.streamkit.windows.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The session operator's mini-batch bound: {@code Windows.session(...)} without {@code
 * miniBatchKeys} buffers adaptively (the bound grows past its initial 20 000 keys when more keys
 * are active between watermarks, and nothing is written to state before a watermark needs it);
 * {@code miniBatchKeys(n)} keeps it fixed (flushes to state every {@code n} keys).
 */
class SessionMiniBatchTest {
    /** (key, event time). */
    static final TypeInformation<Tuple2<Integer, Long>> EVENT = Types.TUPLE(Types.INT, Types.LONG);

    static final TypedAggregations<Tuple2<Integer, Long>> EVENTS = Aggregations.forType(EVENT);

    @SuppressWarnings({"unchecked", "rawtypes"})
    static KeyedOneInputStreamOperatorTestHarness<Integer, Tuple2<Integer, Long>, Object> open(
            Windows.Builder<Tuple2<Integer, Long>, Long> builder) throws Exception {
        WindowAggregation<Tuple2<Integer, Long>, Long> spec = builder.build();
        java.lang.reflect.Field plan = WindowAggregation.class.getDeclaredField("plan");
        plan.setAccessible(true);
        SessionWindowOperator<Integer, Tuple2<Integer, Long>, ?, Long> op =
                ((SessionWindowAggregation<Tuple2<Integer, Long>, ?, Long>) plan.get(spec))
                        .createOperator();
        KeySelector<Tuple2<Integer, Long>, Integer> key = e -> e.f0;
        KeyedOneInputStreamOperatorTestHarness<Integer, Tuple2<Integer, Long>, Object> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        (SessionWindowOperator) op, key, Types.INT);
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setup(
                (TypeSerializer)
                        WindowResult.typeInfo(Types.INT, Types.LONG)
                                .createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        return h;
    }

    static int bound(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        return ((SessionWindowOperator<?, ?, ?, ?>) h.getOperator()).bufferBound();
    }

    /** Keys with a session in state (written by a flush). */
    static long keysInState(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) throws Exception {
        try (Stream<?> keys =
                h.getOperator()
                        .getKeyedStateBackend()
                        .getKeys(SessionWindowOperator.STATE_NAME, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** One event for each of {@code keys} keys at time 1000 (before any watermark). */
    static void oneEventPerKey(
            KeyedOneInputStreamOperatorTestHarness<Integer, Tuple2<Integer, Long>, Object> h,
            int keys)
            throws Exception {
        for (int k = 0; k < keys; k++) {
            h.processElement(new StreamRecord<>(Tuple2.of(k, 1000L), 1000L));
        }
    }

    @Test
    void withoutMiniBatchKeysTheBoundGrowsPastItsInitialSize() throws Exception {
        try (var h = open(Windows.session(Duration.ofMillis(10)).aggregate(EVENTS.count()))) {
            assertThat(bound(h)).isEqualTo(20_000);
            oneEventPerKey(h, 30_000);
            // 20 000 keys filled the initial bound: it doubled instead of flushing
            assertThat(bound(h)).isEqualTo(40_000);
            assertThat(keysInState(h)).isZero();
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            // every key's session [1000, 1010) with its one event, and no state left
            assertThat(h.extractOutputValues()).hasSize(30_000);
            assertThat(h.extractOutputValues())
                    .allSatisfy(
                            r -> {
                                WindowResult<?, ?> w = (WindowResult<?, ?>) r;
                                assertThat(w.windowStart).isEqualTo(1000L);
                                assertThat(w.windowEnd).isEqualTo(1010L);
                                assertThat(w.result).isEqualTo(1L);
                            });
            assertThat(keysInState(h)).isZero();
        }
    }

    @Test
    void explicitMiniBatchKeysStaysFixedAndFlushesAtTheBound() throws Exception {
        try (var h =
                open(
                        Windows.session(Duration.ofMillis(10))
                                .aggregate(EVENTS.count())
                                .miniBatchKeys(1000))) {
            oneEventPerKey(h, 2500);
            assertThat(bound(h)).isEqualTo(1000);
            // flushed at the 1000th and the 2000th key; the last 500 are still buffered
            assertThat(keysInState(h)).isEqualTo(2000);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).hasSize(2500);
        }
    }
}
