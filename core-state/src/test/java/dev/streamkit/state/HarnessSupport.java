package dev.streamkit.state;

import dev.streamkit.common.testing.FlinkLineTesting;
import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.state.internal.BloomDedupOperator;
import dev.streamkit.state.internal.DedupMetrics;
import dev.streamkit.state.internal.ExactDedupOperator;
import dev.streamkit.state.internal.ShardedDedupOperator;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.OutputTag;

/** Shared mechanics of the operator harness tests: backends, routing, snapshots, state counts. */
public final class HarnessSupport {
    public static final int MAX_PARALLELISM = 128;

    private HarnessSupport() {}

    /** Both keyed state backends, for {@code @MethodSource}. */
    public static Stream<String> backends() {
        return Stream.of("hashmap", "rocksdb");
    }

    public static StateBackend backend(String name) {
        return "rocksdb".equals(name) ? FlinkLineTesting.rocksdb() : new HashMapStateBackend();
    }

    /** A step of a test script: a record (with timestamp) or a watermark. */
    public static final class Step<T> {
        final T value;
        final long time;

        private Step(T value, long time) {
            this.value = value;
            this.time = time;
        }

        public static <T> Step<T> record(T value, long ts) {
            return new Step<>(value, ts);
        }

        public static <T> Step<T> watermark(long ts) {
            return new Step<>(null, ts);
        }

        boolean isWatermark() {
            return value == null;
        }

        @Override
        public String toString() {
            return isWatermark() ? "WM(" + time + ")" : value + "@" + time;
        }
    }

    /**
     * {@code parallelism} harnesses of one keyed operator, records routed by key group as Flink
     * would, watermarks broadcast; outputs of all subtasks collected across restores.
     */
    /**
     * A snapshot written by {@code OperatorSnapshotUtil.writeStateHandle}, read from the classpath.
     */
    public static OperatorSubtaskState readSnapshot(String resource) throws Exception {
        URL url = HarnessSupport.class.getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        return OperatorSnapshotUtil.readStateHandle(new File(url.toURI()).getPath());
    }

    public static final class Cluster<K, T, O> {
        private final Supplier<OneInputStreamOperator<T, O>> factory;
        private final KeySelector<T, K> keySelector;
        private final TypeInformation<K> keyType;
        private final String backend;
        private final List<OutputTag<?>> tags;
        private final List<KeyedOneInputStreamOperatorTestHarness<K, T, O>> harnesses =
                new ArrayList<>();

        /** Output collected from closed harnesses: main output first, then each tag. */
        private final List<List<String>> collected = new ArrayList<>();

        public Cluster(
                Supplier<OneInputStreamOperator<T, O>> factory,
                KeySelector<T, K> keySelector,
                TypeInformation<K> keyType,
                String backend,
                List<OutputTag<?>> tags) {
            this.factory = factory;
            this.keySelector = keySelector;
            this.keyType = keyType;
            this.backend = backend;
            this.tags = tags;
            for (int i = 0; i <= tags.size(); i++) {
                collected.add(new ArrayList<>());
            }
        }

        private TypeInformation<O> outputType;

        /** Copies outputs with this type's serializer (needed for generic output types). */
        public Cluster<K, T, O> withOutputType(TypeInformation<O> type) {
            this.outputType = type;
            return this;
        }

        /** Starts {@code parallelism} fresh subtasks, restoring from {@code state} (or null). */
        public Cluster<K, T, O> start(int parallelism, OperatorSubtaskState state)
                throws Exception {
            harnesses.clear();
            for (int i = 0; i < parallelism; i++) {
                KeyedOneInputStreamOperatorTestHarness<K, T, O> h =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                factory.get(),
                                keySelector,
                                keyType,
                                MAX_PARALLELISM,
                                parallelism,
                                i);
                h.setStateBackend(backend(backend));
                TestConfigs.disableGenericTypes(h.getExecutionConfig());
                if (outputType != null) {
                    h.setup(
                            outputType.createSerializer(
                                    h.getExecutionConfig().getSerializerConfig()));
                } else {
                    h.setup();
                }
                if (state != null) {
                    h.initializeState(
                            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                    state, MAX_PARALLELISM, stateParallelism, parallelism, i));
                } else {
                    h.initializeState((OperatorSubtaskState) null);
                }
                h.open();
                harnesses.add(h);
            }
            return this;
        }

        private int stateParallelism = 1;

        public void run(List<Step<T>> steps) throws Exception {
            for (Step<T> step : steps) {
                if (step.isWatermark()) {
                    for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                        h.processWatermark(new Watermark(step.time));
                    }
                } else {
                    int target =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    keySelector.getKey(step.value),
                                    MAX_PARALLELISM,
                                    harnesses.size());
                    harnesses.get(target).processElement(new StreamRecord<>(step.value, step.time));
                }
            }
        }

        public void setProcessingTime(long time) throws Exception {
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                h.setProcessingTime(time);
            }
        }

        /** Snapshots every subtask, collects and closes them; returns the merged state. */
        public OperatorSubtaskState snapshotAndStop(long checkpointId) throws Exception {
            List<OperatorSubtaskState> states = new ArrayList<>();
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                // as the task does before it forwards a barrier
                h.prepareSnapshotPreBarrier(checkpointId);
                states.add(h.snapshot(checkpointId, checkpointId));
            }
            stop();
            stateParallelism = states.size();
            return AbstractStreamOperatorTestHarness.repackageState(
                    states.toArray(new OperatorSubtaskState[0]));
        }

        /** Collects and closes every subtask. */
        public void stop() throws Exception {
            collectOutputs();
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                h.close();
            }
            harnesses.clear();
        }

        /** Ends the input of every subtask (flushes buffers, fires nothing by itself). */
        public void endInput() throws Exception {
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                h.endInput();
            }
        }

        private void collectOutputs() {
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                for (Object o : h.getOutput()) {
                    if (o instanceof StreamRecord) {
                        collected.get(0).add(render((StreamRecord<?>) o));
                    }
                }
                h.getOutput().clear();
                for (int t = 0; t < tags.size(); t++) {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    java.util.Queue<StreamRecord<?>> side =
                            (java.util.Queue) h.getSideOutput((OutputTag) tags.get(t));
                    if (side != null) {
                        for (StreamRecord<?> r : side) {
                            collected.get(t + 1).add(render(r));
                        }
                        side.clear();
                    }
                }
            }
        }

        /** Main output so far (sorted), including running subtasks. */
        public List<String> output() {
            collectOutputs();
            List<String> out = new ArrayList<>(collected.get(0));
            Collections.sort(out);
            return out;
        }

        /** Side output {@code tagIndex} so far (sorted). */
        public List<String> sideOutput(int tagIndex) {
            collectOutputs();
            List<String> out = new ArrayList<>(collected.get(tagIndex + 1));
            Collections.sort(out);
            return out;
        }

        public List<KeyedOneInputStreamOperatorTestHarness<K, T, O>> harnesses() {
            return harnesses;
        }

        /** Keys holding state {@code stateName} (VoidNamespace) over all running subtasks. */
        public long keysWithState(String stateName) {
            long n = 0;
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                n += HarnessSupport.keysWithState(h, stateName);
            }
            return n;
        }

        /** Entries of a VoidNamespace map state summed over all keys and running subtasks. */
        public long mapEntries(MapStateDescriptor<?, ?> descriptor) throws Exception {
            long[] n = {0};
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getOperator();
                op.getKeyedStateBackend()
                        .applyToAllKeys(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                descriptor,
                                (key, state) -> {
                                    for (Object ignored : state.keys()) {
                                        n[0]++;
                                    }
                                });
            }
            return n[0];
        }

        /** A dedup counter summed over the running subtasks. */
        public long counter(java.util.function.Function<DedupMetrics, Counter> which) {
            long n = 0;
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                Object op = h.getOperator();
                DedupMetrics m;
                if (op instanceof ShardedDedupOperator) {
                    m = ((ShardedDedupOperator<?, ?>) op).metrics();
                } else if (op instanceof ExactDedupOperator) {
                    m = ((ExactDedupOperator<?, ?>) op).metrics();
                } else {
                    m = ((BloomDedupOperator<?>) op).metrics();
                }
                n += which.apply(m).getCount();
            }
            return n;
        }

        public int eventTimeTimers() {
            int n = 0;
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                n += h.numEventTimeTimers();
            }
            return n;
        }

        public int processingTimeTimers() {
            int n = 0;
            for (KeyedOneInputStreamOperatorTestHarness<K, T, O> h : harnesses) {
                n += h.numProcessingTimeTimers();
            }
            return n;
        }
    }

    /** (key, namespace) pairs holding state {@code stateName}, on any backend. */
    public static long keysWithState(
            KeyedOneInputStreamOperatorTestHarness<?, ?, ?> harness, String stateName) {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) harness.getOperator();
        try (Stream<?> keys = op.getKeyedStateBackend().getKeysAndNamespaces(stateName)) {
            return keys.count();
        }
    }

    static String render(StreamRecord<?> r) {
        return r.getValue() + (r.hasTimestamp() ? "@" + r.getTimestamp() : "");
    }
}
