package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.internal.FraudPatternInternals;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import dev.streamkit.common.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rescaling 2 -> 1 and 1 -> 2 mid-stream gives the alerts of an uninterrupted run. */
class RescaleTest {
    private static final int MAX_PARALLELISM = 128;

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.streamkit.cep.CatalogTestCases#withEngines")
    void rescalingMidStreamKeepsTheAlerts(CatalogTestCases.Case c, EngineVariant engine)
            throws Exception {
        int total = 0;
        for (long seed = 21; seed < 24; seed++) {
            List<Step> steps =
                    RandomStreams.arrival(
                            RandomStreams.events(seed, 200, 6, 3_000), seed, 3_000, false);
            int half = steps.size() / 2;
            List<FraudAlert<TestEvent>> expected = run(c.pattern, engine, steps, 1, half, 1);
            assertThat(run(c.pattern, engine, steps, 2, half, 1))
                    .as("%s 2 -> 1, seed %s", c, seed)
                    .containsExactlyElementsOf(expected);
            assertThat(run(c.pattern, engine, steps, 1, half, 2))
                    .as("%s 1 -> 2, seed %s", c, seed)
                    .containsExactlyElementsOf(expected);
            total += expected.size();
        }
        assertThat(total).isGreaterThan(0);
    }

    /** Runs steps [0, half) at parallelism {@code before}, the rest at {@code after}. */
    private static List<FraudAlert<TestEvent>> run(
            FraudPattern<TestEvent> pattern,
            EngineVariant engine,
            List<Step> steps,
            int before,
            int half,
            int after)
            throws Exception {
        List<FraudAlert<TestEvent>> alerts = new ArrayList<>();
        List<Harness> first = open(pattern, engine, before, null, 0);
        feed(pattern, first, steps.subList(0, half));
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[before];
        for (int i = 0; i < before; i++) {
            first.get(i).harness.prepareSnapshotPreBarrier(1L);
            snapshots[i] = first.get(i).harness.snapshot(1L, 1L);
            alerts.addAll(first.get(i).harness.extractOutputValues());
            first.get(i).harness.close();
        }
        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(snapshots);
        List<Harness> second = open(pattern, engine, after, merged, before);
        List<Step> rest = new ArrayList<>(steps.subList(half, steps.size()));
        feed(pattern, second, rest);
        for (Harness h : second) {
            alerts.addAll(h.harness.extractOutputValues());
            h.harness.close();
        }
        return PatternRunner.sorted(alerts);
    }

    private static void feed(
            FraudPattern<TestEvent> pattern, List<Harness> harnesses, List<Step> steps)
            throws Exception {
        for (Step step : steps) {
            if (step.isEvent()) {
                TestEvent e = step.event();
                if (FraudPatternInternals.definition(pattern).isRelevant(e)) {
                    int subtask =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    e.key, MAX_PARALLELISM, harnesses.size());
                    harnesses.get(subtask).harness.processElement(new StreamRecord<>(e, e.time));
                }
            } else {
                for (Harness h : harnesses) {
                    h.harness.processWatermark(step.watermark());
                }
            }
        }
    }

    private static List<Harness> open(
            FraudPattern<TestEvent> pattern,
            EngineVariant engine,
            int parallelism,
            OperatorSubtaskState state,
            int oldParallelism)
            throws Exception {
        List<Harness> harnesses = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            Harness h = new Harness(pattern, engine, parallelism, i);
            h.harness.setup(pattern.alertType().createSerializer(h.harness.getExecutionConfig()));
            if (state != null) {
                h.harness.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                state, MAX_PARALLELISM, oldParallelism, parallelism, i));
            }
            h.harness.open();
            harnesses.add(h);
        }
        return harnesses;
    }

    private static final class Harness {
        final KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
                harness;

        Harness(FraudPattern<TestEvent> pattern, EngineVariant engine, int parallelism, int subtask)
                throws Exception {
            OneInputStreamOperator<TestEvent, FraudAlert<TestEvent>> operator =
                    engine == EngineVariant.CEP
                            ? PatternRunner.cepOperator(pattern)
                            : engine == EngineVariant.FAST_SPILLING
                                    ? FraudPatternInternals.fastPathOperator(
                                            pattern, EngineVariant.SPILL_AFTER)
                                    : FraudPatternInternals.fastPathOperator(pattern);
            harness =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            operator,
                            FraudPatternInternals.definition(pattern).keySelector(),
                            Types.STRING,
                            MAX_PARALLELISM,
                            parallelism,
                            subtask);
            TestConfigs.disableGenericTypes(harness.getExecutionConfig());
        }
    }
}
