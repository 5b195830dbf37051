package dev.streamkit.cep.testing;

import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.internal.FraudPatternInternals;
import dev.streamkit.common.testing.FlinkLineTesting;
import dev.streamkit.common.testing.TestConfigs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * Runs a {@link FraudPattern} on an operator test harness, the way a job would run it: only what
 * the pattern's input filter passes (relevant events and invalid records) reaches the operator
 * {@code apply} adds on the engine, keyed by the pattern's key selector; record timestamps are the
 * events' times.
 */
public final class PatternRunner {
    /** Every keyed state the two engines register (fast path, then flink-cep's operator). */
    private static final String[] STATE_NAMES = {
        "streamkit-cep-buffer",
        "streamkit-cep-ring",
        "nfaStateName",
        "eventQueuesStateName",
        "sharedBuffer-entries-with-lockable-edges",
        "sharedBuffer-entries",
        "sharedBuffer-events",
        "sharedBuffer-events-count"
    };

    private PatternRunner() {}

    /** What a run produced and what it left behind. */
    public static final class Result {
        public final List<FraudAlert<TestEvent>> alerts;

        /** The record timestamp of each alert, in the order of {@link #alerts}. */
        public final List<Long> timestamps;

        public final List<TestEvent> late;

        /** The invalid-record side output (empty unless the pattern has a tag for it). */
        public final List<TestEvent> invalid;

        /** The operator's {@code numInvalidRecords}, summed over restores. */
        public final long invalidCount;

        /** Keys with keyed state, summed over all states (any backend), after the last step. */
        public final long keysWithState;

        /** {@code numKeyedStateEntries()} on the HashMap backend; -1 on RocksDB. */
        public final int heapStateEntries;

        public final int eventTimeTimers;

        Result(
                List<FraudAlert<TestEvent>> alerts,
                List<Long> timestamps,
                List<TestEvent> late,
                List<TestEvent> invalid,
                long invalidCount,
                long keysWithState,
                int heapStateEntries,
                int eventTimeTimers) {
            this.alerts = alerts;
            this.timestamps = timestamps;
            this.late = late;
            this.invalid = invalid;
            this.invalidCount = invalidCount;
            this.keysWithState = keysWithState;
            this.heapStateEntries = heapStateEntries;
            this.eventTimeTimers = eventTimeTimers;
        }
    }

    public static Result run(
            FraudPattern<TestEvent> pattern,
            EngineVariant engine,
            Backend backend,
            List<Step> steps)
            throws Exception {
        return run(pattern, engine, backend, steps, -1);
    }

    /**
     * Runs {@code steps}; when {@code snapshotBefore >= 0}, snapshots before that step, closes the
     * harness and continues on a fresh one restored from the snapshot.
     */
    public static Result run(
            FraudPattern<TestEvent> pattern,
            EngineVariant engine,
            Backend backend,
            List<Step> steps,
            int snapshotBefore)
            throws Exception {
        List<FraudAlert<TestEvent>> alerts = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        List<TestEvent> late = new ArrayList<>();
        List<TestEvent> invalid = new ArrayList<>();
        long invalidCount = 0;
        FilterFunction<TestEvent> filter = FraudPatternInternals.definition(pattern).inputFilter();
        Harness h = new Harness(pattern, engine, backend);
        h.setup();
        h.harness.open();
        try {
            for (int i = 0; i < steps.size(); i++) {
                if (i == snapshotBefore) {
                    // as the task does: the barrier is preceded by prepareSnapshotPreBarrier
                    h.harness.prepareSnapshotPreBarrier(1L);
                    OperatorSubtaskState snapshot = h.harness.snapshot(1L, 1L);
                    h.drain(alerts, timestamps, late, invalid);
                    invalidCount += h.invalidCount();
                    h.harness.close();
                    h = new Harness(pattern, engine, backend);
                    h.setup();
                    h.harness.initializeState(snapshot);
                    h.harness.open();
                }
                Step step = steps.get(i);
                if (step.isEvent()) {
                    if (filter.filter(step.event)) {
                        h.harness.processElement(new StreamRecord<>(step.event, step.event.time));
                    }
                } else {
                    h.harness.processWatermark(step.watermark);
                }
            }
            // a snapshot flushes flink-cep's shared-buffer cache into state before counting
            h.harness.prepareSnapshotPreBarrier(2L);
            h.harness.snapshot(2L, 2L);
            h.drain(alerts, timestamps, late, invalid);
            invalidCount += h.invalidCount();
            return new Result(
                    alerts,
                    timestamps,
                    late,
                    invalid,
                    invalidCount,
                    h.keysWithState(),
                    backend == Backend.HASHMAP ? h.harness.numKeyedStateEntries() : -1,
                    h.harness.numEventTimeTimers());
        } finally {
            h.harness.close();
        }
    }

    private static final class Harness {
        final OneInputStreamOperator<TestEvent, FraudAlert<TestEvent>> operator;
        final KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
                harness;
        final FraudPattern<TestEvent> pattern;
        final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();

        Harness(FraudPattern<TestEvent> pattern, EngineVariant engine, Backend backend)
                throws Exception {
            this.pattern = pattern;
            this.operator = operator(pattern, engine);
            this.harness =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            operator,
                            FraudPatternInternals.definition(pattern).keySelector(),
                            Types.STRING,
                            environmentWithMetrics(metrics));
            TestConfigs.disableGenericTypes(harness.getExecutionConfig());
            if (backend == Backend.ROCKSDB) {
                harness.setStateBackend(FlinkLineTesting.rocksdb());
            }
        }

        void setup() {
            harness.setup(
                    pattern.alertType()
                            .createSerializer(harness.getExecutionConfig().getSerializerConfig()));
        }

        void drain(
                List<FraudAlert<TestEvent>> alerts,
                List<Long> timestamps,
                List<TestEvent> late,
                List<TestEvent> invalid) {
            for (StreamRecord<? extends FraudAlert<TestEvent>> r :
                    harness.extractOutputStreamRecords()) {
                alerts.add(r.getValue());
                timestamps.add(r.getTimestamp());
            }
            harness.getOutput().clear();
            OutputTag<TestEvent> lateTag = FraudPatternInternals.lateRecords(pattern);
            if (lateTag != null) {
                drainSide(lateTag, late);
            }
            OutputTag<TestEvent> invalidTag = FraudPatternInternals.invalidRecords(pattern);
            if (invalidTag != null) {
                drainSide(invalidTag, invalid);
            }
        }

        private void drainSide(OutputTag<TestEvent> tag, List<TestEvent> into) {
            var side = harness.getSideOutput(tag);
            if (side != null) {
                for (StreamRecord<TestEvent> r : side) {
                    into.add(r.getValue());
                }
                side.clear();
            }
        }

        long invalidCount() {
            Counter counter = (Counter) metrics.get("numInvalidRecords");
            return counter == null ? 0 : counter.getCount();
        }

        long keysWithState() {
            KeyedStateBackend<Object> backend =
                    ((AbstractStreamOperator<?>) operator).getKeyedStateBackend();
            long total = 0;
            for (String name : STATE_NAMES) {
                try (Stream<Object> keys = backend.getKeys(name, VoidNamespace.INSTANCE)) {
                    total += keys.count();
                }
            }
            return total;
        }
    }

    /** {@code alerts} in a canonical order (key, first and last event time, evidence). */
    public static List<FraudAlert<TestEvent>> sorted(List<FraudAlert<TestEvent>> alerts) {
        List<FraudAlert<TestEvent>> copy = new ArrayList<>(alerts);
        copy.sort(ALERT_ORDER);
        return copy;
    }

    /**
     * Each alert of {@code result} with its record timestamp ({@code "timestamp alert"}), in the
     * order of {@link #sorted}: what a downstream event-time operator sees.
     */
    public static List<String> stamped(Result result) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < result.alerts.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> ALERT_ORDER.compare(result.alerts.get(a), result.alerts.get(b)));
        List<String> out = new ArrayList<>();
        for (int i : order) {
            out.add(result.timestamps.get(i) + " " + result.alerts.get(i));
        }
        return out;
    }

    private static final Comparator<FraudAlert<TestEvent>> ALERT_ORDER =
            Comparator.comparing((FraudAlert<TestEvent> a) -> a.key())
                    .thenComparingLong(FraudAlert::firstEventTime)
                    .thenComparingLong(FraudAlert::lastEventTime)
                    .thenComparing(a -> a.evidence().toString());

    /** The keyed operator {@code engine} runs for {@code pattern}. */
    public static OneInputStreamOperator<TestEvent, FraudAlert<TestEvent>> operator(
            FraudPattern<TestEvent> pattern, EngineVariant engine) {
        return engine == EngineVariant.CEP
                ? cepOperator(pattern)
                : engine == EngineVariant.FAST_SPILLING
                        ? FraudPatternInternals.fastPathOperator(pattern, EngineVariant.SPILL_AFTER)
                        : FraudPatternInternals.fastPathOperator(pattern);
    }

    /**
     * A harness for the keyed operator {@code engine} runs for {@code pattern} (HashMap backend,
     * generic types disabled, set up; not yet opened), registering its metrics in {@code metrics}.
     */
    public static KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
            harness(
                    FraudPattern<TestEvent> pattern,
                    EngineVariant engine,
                    InterceptingOperatorMetricGroup metrics)
                    throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator(pattern, engine),
                        FraudPatternInternals.definition(pattern).keySelector(),
                        Types.STRING,
                        environmentWithMetrics(metrics));
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setup(pattern.alertType().createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    /**
     * The operator {@code apply} adds on {@code Engine.FLINK_CEP}: flink-cep's operator as {@code
     * CEP.pattern(keyed, pattern).inEventTime().process(...)} builds it, behind the input check.
     */
    public static OneInputStreamOperator<TestEvent, FraudAlert<TestEvent>> cepOperator(
            FraudPattern<TestEvent> pattern) {
        ExecutionConfig config = new ExecutionConfig();
        TestConfigs.disableGenericTypes(config);
        return FraudPatternInternals.cepOperator(pattern, config);
    }

    /** A harness environment whose every operator registers its metrics in {@code metrics}. */
    public static MockEnvironment environmentWithMetrics(InterceptingOperatorMetricGroup metrics) {
        return FlinkLineTesting.environmentWithOperatorMetrics(metrics);
    }
}
