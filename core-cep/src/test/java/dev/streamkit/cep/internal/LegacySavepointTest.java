package dev.streamkit.cep.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import dev.streamkit.common.testing.FlinkLineTesting;
import dev.streamkit.common.testing.TestConfigs;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State-layout compatibility: a snapshot taken mid-stream from the earlier {@code
 * KeyedProcessFunction} fast path (buffered events, retained events and timers in flight) restores
 * into the current {@link FastPathOperator}, which then emits exactly the alerts flink-cep emits
 * for the whole stream.
 */
class LegacySavepointTest {
    private static final int SEEDS = 12;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.cep.internal.FastPathDifferentialTest#patterns")
    void legacySnapshotsRestoreIntoTheOperator(FraudPattern<TestEvent> pattern) throws Exception {
        int total = 0;
        for (Backend backend : Backend.values()) {
            for (long seed = 0; seed < SEEDS; seed++) {
                List<TestEvent> events = RandomStreams.events(seed, 200, 3, 3_000);
                List<Step> steps = RandomStreams.arrival(events, seed, 4_000, false);
                List<FraudAlert<TestEvent>> expected =
                        PatternRunner.run(pattern, EngineVariant.CEP, Backend.HASHMAP, steps)
                                .alerts;

                int half = steps.size() / 2;
                List<FraudAlert<TestEvent>> alerts = new ArrayList<>();
                KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
                        legacy =
                                harness(
                                        pattern,
                                        new KeyedProcessOperator<>(legacy(pattern)),
                                        backend);
                legacy.open();
                feed(pattern, legacy, steps.subList(0, half));
                OperatorSubtaskState snapshot = legacy.snapshot(1L, 1L);
                alerts.addAll(legacy.extractOutputValues());
                legacy.close();

                KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
                        current =
                                harness(
                                        pattern,
                                        FraudPatternInternals.fastPathOperator(pattern),
                                        backend);
                current.initializeState(snapshot);
                current.open();
                feed(pattern, current, steps.subList(half, steps.size()));
                alerts.addAll(current.extractOutputValues());
                current.close();

                assertThat(PatternRunner.sorted(alerts))
                        .as("%s on %s, seed %s", pattern.id(), backend, seed)
                        .containsExactlyElementsOf(PatternRunner.sorted(expected));
                total += expected.size();
            }
        }
        assertThat(total).as("alerts over all seeds of %s", pattern.id()).isGreaterThan(SEEDS);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
            harness(
                    FraudPattern<TestEvent> pattern,
                    OneInputStreamOperator<TestEvent, FraudAlert<TestEvent>> operator,
                    Backend backend)
                    throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator,
                        FraudPatternInternals.definition(pattern).keySelector(),
                        Types.STRING);
        TestConfigs.disableGenericTypes(harness.getExecutionConfig());
        if (backend == Backend.ROCKSDB) {
            harness.setStateBackend(FlinkLineTesting.rocksdb());
        }
        harness.setup(
                pattern.alertType()
                        .createSerializer(harness.getExecutionConfig().getSerializerConfig()));
        return harness;
    }

    private static void feed(
            FraudPattern<TestEvent> pattern,
            KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
                    harness,
            List<Step> steps)
            throws Exception {
        for (Step step : steps) {
            if (step.isEvent()) {
                if (FraudPatternInternals.definition(pattern).isRelevant(step.event())) {
                    harness.processElement(new StreamRecord<>(step.event(), step.event().time));
                }
            } else {
                harness.processWatermark(step.watermark());
            }
        }
    }

    /** The earlier fast path, built from the pattern's own rule and alert factory. */
    @SuppressWarnings("unchecked")
    private static LegacyFastPathFunction<TestEvent> legacy(FraudPattern<TestEvent> pattern)
            throws ReflectiveOperationException {
        return new LegacyFastPathFunction<>(
                pattern.id(),
                (RingRule<TestEvent>) field(FraudPatternInternals.definition(pattern), "fastRule"),
                (AlertFactory<TestEvent>)
                        field(FraudPatternInternals.definition(pattern), "alerts"),
                TestEvent.ADAPTER,
                TestEvent.TYPE,
                null);
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
