package dev.streamkit.cep.testing;

import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Runs a {@link FraudPattern} on an operator test harness, the way a job would run it: only
 * relevant events reach the operator, record timestamps are the events' times.
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
        public final List<TestEvent> late;

        /** Keys with keyed state, summed over all states (any backend), after the last step. */
        public final long keysWithState;

        /** {@code numKeyedStateEntries()} on the HashMap backend; -1 on RocksDB. */
        public final int heapStateEntries;

        public final int eventTimeTimers;

        Result(
                List<FraudAlert<TestEvent>> alerts,
                List<TestEvent> late,
                long keysWithState,
                int heapStateEntries,
                int eventTimeTimers) {
            this.alerts = alerts;
            this.late = late;
            this.keysWithState = keysWithState;
            this.heapStateEntries = heapStateEntries;
            this.eventTimeTimers = eventTimeTimers;
        }
    }

    public static Result run(
            FraudPattern<TestEvent> pattern, Engine engine, Backend backend, List<Step> steps)
            throws Exception {
        return run(pattern, engine, backend, steps, -1);
    }

    /**
     * Runs {@code steps}; when {@code snapshotBefore >= 0}, snapshots before that step, closes the
     * harness and continues on a fresh one restored from the snapshot.
     */
    public static Result run(
            FraudPattern<TestEvent> pattern,
            Engine engine,
            Backend backend,
            List<Step> steps,
            int snapshotBefore)
            throws Exception {
        List<FraudAlert<TestEvent>> alerts = new ArrayList<>();
        List<TestEvent> late = new ArrayList<>();
        Harness h = new Harness(pattern, engine, backend);
        h.setup();
        h.harness.open();
        try {
            for (int i = 0; i < steps.size(); i++) {
                if (i == snapshotBefore) {
                    // as the task does: the barrier is preceded by prepareSnapshotPreBarrier
                    h.harness.prepareSnapshotPreBarrier(1L);
                    OperatorSubtaskState snapshot = h.harness.snapshot(1L, 1L);
                    h.drain(alerts, late);
                    h.harness.close();
                    h = new Harness(pattern, engine, backend);
                    h.setup();
                    h.harness.initializeState(snapshot);
                    h.harness.open();
                }
                Step step = steps.get(i);
                if (step.isEvent()) {
                    if (pattern.isRelevant(step.event)) {
                        h.harness.processElement(new StreamRecord<>(step.event, step.event.time));
                    }
                } else {
                    h.harness.processWatermark(step.watermark);
                }
            }
            // a snapshot flushes flink-cep's shared-buffer cache into state before counting
            h.harness.prepareSnapshotPreBarrier(2L);
            h.harness.snapshot(2L, 2L);
            h.drain(alerts, late);
            return new Result(
                    alerts,
                    late,
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

        Harness(FraudPattern<TestEvent> pattern, Engine engine, Backend backend) throws Exception {
            this.pattern = pattern;
            this.operator =
                    engine == Engine.CEP
                            ? cepOperator(pattern)
                            : engine == Engine.FAST_SPILLING
                                    ? pattern.fastPathOperator(Engine.SPILL_AFTER)
                                    : pattern.fastPathOperator();
            this.harness =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            operator, pattern.keySelector(), Types.STRING);
            harness.getExecutionConfig().disableGenericTypes();
            if (backend == Backend.ROCKSDB) {
                harness.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
        }

        void setup() {
            harness.setup(
                    pattern.alertType()
                            .createSerializer(harness.getExecutionConfig().getSerializerConfig()));
        }

        void drain(List<FraudAlert<TestEvent>> alerts, List<TestEvent> late) {
            alerts.addAll(harness.extractOutputValues());
            harness.getOutput().clear();
            pattern.lateEvents()
                    .ifPresent(
                            tag -> {
                                var side = harness.getSideOutput(tag);
                                if (side != null) {
                                    for (StreamRecord<TestEvent> r : side) {
                                        late.add(r.getValue());
                                    }
                                    side.clear();
                                }
                            });
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

    /** The operator {@code CEP.pattern(keyed, pattern).inEventTime().process(...)} builds. */
    public static CepOperator<TestEvent, String, FraudAlert<TestEvent>> cepOperator(
            FraudPattern<TestEvent> pattern) {
        Pattern<TestEvent, TestEvent> cep = pattern.cepPattern();
        return new CepOperator<>(
                pattern.eventType().createSerializer(new SerializerConfigImpl()),
                false,
                NFACompiler.compileFactory(cep, false),
                null,
                cep.getAfterMatchSkipStrategy(),
                pattern.cepFunction(),
                pattern.lateEvents().orElse(null));
    }
}
