package dev.streamkit.windows.internal;

import dev.streamkit.common.testing.FlinkLineTesting;
import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.Results;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** Shared fixtures of the window tests: events, random streams, harnesses, Flink's oracle. */
final class WindowTestSupport {
    private WindowTestSupport() {}

    /** (key, event time, value). */
    static final TypeInformation<Tuple3<Integer, Long, Long>> EVENT =
            Types.TUPLE(Types.INT, Types.LONG, Types.LONG);

    static final KeySelector<Tuple3<Integer, Long, Long>, Integer> KEY = e -> e.f0;

    /** The output type of {@link #aggregation()} windows keyed by Integer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final TypeInformation<Object> OUTPUT =
            (TypeInformation) WindowResult.typeInfo(Types.INT, aggregation().resultType());

    /**
     * count, sum, max, first and last by event time: exact, so outputs compare with equals ({@code
     * Results} compare by value); read by position, {@code get(0)} is the count.
     */
    static Aggregator<Tuple3<Integer, Long, Long>, ?, Results> aggregation() {
        TypedAggregations<Tuple3<Integer, Long, Long>> e = Aggregations.forType(EVENT);
        return e.of(
                e.count(),
                e.sumLong(t -> t.f2),
                e.max(t -> (double) t.f2),
                e.first(t -> t.f1, t -> (double) t.f2),
                e.last(t -> t.f1, t -> (double) t.f2));
    }

    /**
     * The window shapes the state tests restore: tumbling 100 ms, sliding 300 / 50 ms, cumulative
     * 400 / 100 ms, session with a 40 ms gap.
     */
    static Windows.Shape shape(String kind) {
        switch (kind) {
            case "tumbling":
                return Windows.tumbling(Duration.ofMillis(100));
            case "sliding":
                return Windows.sliding(Duration.ofMillis(300), Duration.ofMillis(50));
            case "cumulative":
                return Windows.cumulative(Duration.ofMillis(400), Duration.ofMillis(100));
            case "session":
                return Windows.session(Duration.ofMillis(40));
            default:
                throw new IllegalArgumentException("unknown window kind " + kind);
        }
    }

    /** The internal plan of a built spec (test hook: the spec keeps it private). */
    @SuppressWarnings("unchecked")
    static <T, R> WindowPlan<T, R> plan(WindowAggregation<T, R> spec) {
        try {
            java.lang.reflect.Field f = WindowAggregation.class.getDeclaredField("plan");
            f.setAccessible(true);
            return (WindowPlan<T, R>) f.get(spec);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    enum Backend {
        HASHMAP,
        ROCKSDB
    }

    static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> harness(
            OneInputStreamOperator<IN, OUT> op,
            KeySelector<IN, K> key,
            TypeInformation<K> keyType,
            Backend backend,
            int maxParallelism,
            int parallelism,
            int subtask)
            throws Exception {
        return harness(op, key, keyType, backend, maxParallelism, parallelism, subtask, OUTPUT);
    }

    /** As above, for output of type {@code output}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> harness(
            OneInputStreamOperator<IN, OUT> op,
            KeySelector<IN, K> key,
            TypeInformation<K> keyType,
            Backend backend,
            int maxParallelism,
            int parallelism,
            int subtask,
            TypeInformation<?> output)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        op, key, keyType, maxParallelism, parallelism, subtask);
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setStateBackend(
                backend == Backend.ROCKSDB
                        ? FlinkLineTesting.rocksdb()
                        : new HashMapStateBackend());
        h.setup(
                (TypeSerializer)
                        output.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    /** A step of an input script: an event or a watermark. */
    static final class Step {
        final Tuple3<Integer, Long, Long> event;
        final long watermark;

        Step(Tuple3<Integer, Long, Long> event, long watermark) {
            this.event = event;
            this.watermark = watermark;
        }

        void applyTo(
                KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, ?> h)
                throws Exception {
            if (event != null) {
                h.processElement(new StreamRecord<>(event, event.f1));
            } else {
                h.processWatermark(new Watermark(watermark));
            }
        }
    }

    /** The last watermark among {@code steps} (Long.MIN_VALUE if none). */
    static long lastWatermark(List<Step> steps) {
        long wm = Long.MIN_VALUE;
        for (Step s : steps) {
            if (s.event == null) {
                wm = s.watermark;
            }
        }
        return wm;
    }

    /**
     * A random out-of-order stream: event times advance ~5 ms per event with up to {@code maxDelay}
     * of disorder, watermarks trail the largest time by {@code bound} (smaller than {@code
     * maxDelay}, so some events are late and some very late).
     */
    static List<Step> randomStream(long seed, int events, int keys, long maxDelay, long bound) {
        return randomStream(seed, events, keys, maxDelay, bound, 15);
    }

    /**
     * As {@link #randomStream(long, int, int, long, long)}, with a watermark after about one event
     * in {@code watermarkEvery} (large values make watermarks jump over many windows at once).
     */
    static List<Step> randomStream(
            long seed, int events, int keys, long maxDelay, long bound, int watermarkEvery) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        long maxTs = Long.MIN_VALUE;
        long lastWm = Long.MIN_VALUE;
        for (int i = 0; i < events; i++) {
            long ts = 1000 + i * 5L - (long) (random.nextDouble() * random.nextDouble() * maxDelay);
            int key = random.nextInt(keys);
            steps.add(new Step(Tuple3.of(key, ts, (long) random.nextInt(1000) - 300), 0));
            maxTs = Math.max(maxTs, ts);
            if (random.nextInt(watermarkEvery) == 0 && maxTs - bound > lastWm) {
                lastWm = maxTs - bound;
                steps.add(new Step(null, lastWm));
            }
        }
        steps.add(new Step(null, Long.MAX_VALUE));
        return steps;
    }

    /** Flink's own window operator with the same aggregation, for differential tests. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static OneInputStreamOperator<Tuple3<Integer, Long, Long>, WindowResult<Integer, Object>>
            flinkOperator(
                    WindowAssigner<Object, TimeWindow> assigner,
                    Duration lateness,
                    OutputTag<Tuple3<Integer, Long, Long>> lateTag) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TestConfigs.disableGenericTypes(env.getConfig());
        DataStream<Tuple3<Integer, Long, Long>> source = env.fromData(EVENT, Tuple3.of(0, 0L, 0L));
        Aggregator agg = aggregation();
        WindowedStream<Tuple3<Integer, Long, Long>, Integer, TimeWindow> windowed =
                source.keyBy(KEY, Types.INT).window(assigner);
        windowed = windowed.allowedLateness(lateness).sideOutputLateData(lateTag);
        SingleOutputStreamOperator<?> out =
                windowed.aggregate(
                        agg.asAggregateFunction(),
                        new FlinkWindowAggregation.ToWindowResult<>(),
                        agg.accumulatorType(),
                        agg.resultType(),
                        (TypeInformation) WindowResult.typeInfo(Types.INT, agg.resultType()));
        return (OneInputStreamOperator)
                ((OneInputTransformation) out.getTransformation()).getOperator();
    }

    /** Flink has no cumulative assigner in the DataStream API: the oracle assigns every window. */
    static final class CumulativeOracle extends WindowAssigner<Object, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final long maxSize;
        private final long step;

        CumulativeOracle(long maxSize, long step) {
            this.maxSize = maxSize;
            this.step = step;
        }

        @Override
        public Collection<TimeWindow> assignWindows(
                Object element, long timestamp, WindowAssignerContext context) {
            long start = Math.floorDiv(timestamp, maxSize) * maxSize;
            List<TimeWindow> windows = new ArrayList<>();
            for (long end = (Math.floorDiv(timestamp, step) + 1) * step;
                    end <= start + maxSize;
                    end += step) {
                windows.add(new TimeWindow(start, end));
            }
            return windows;
        }

        // No @Override: declared by Flink 1.20, removed in 2.x.
        @Deprecated
        public Trigger<Object, TimeWindow> getDefaultTrigger(StreamExecutionEnvironment env) {
            return EventTimeTrigger.create();
        }

        @Override
        public Trigger<Object, TimeWindow> getDefaultTrigger() {
            return EventTimeTrigger.create();
        }

        @Override
        @Deprecated
        public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
            return new TimeWindow.Serializer();
        }

        @Override
        public boolean isEventTime() {
            return true;
        }
    }

    /** Keyed state entries of the slicing operator, on any backend. */
    static long stateEntries(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) throws Exception {
        long n = 0;
        for (String name :
                new String[] {
                    "slices", "suffix-aggregates", "running-aggregate", SliceStore.BOOKKEEPING
                }) {
            n += keysOf(h, name);
        }
        return n;
    }

    /** The number of keys with a value in state {@code name} of the operator of {@code h}. */
    static long keysOf(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h, String name)
            throws Exception {
        try (java.util.stream.Stream<?> keys =
                h.getOperator()
                        .getKeyedStateBackend()
                        .getKeys(name, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** The number of keys with bookkeeping state in the slicing operator of {@code h}. */
    static long keysWithState(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) throws Exception {
        return keysOf(h, SliceStore.BOOKKEEPING);
    }

    /**
     * The timers of the operator of {@code h}: Flink's, plus the bucketed ones of a slicing
     * operator on the heap backend (live and stale).
     */
    static long timers(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        long n = h.numEventTimeTimers();
        if (h.getOperator() instanceof SlicingWindowOperator) {
            n += ((SlicingWindowOperator<?, ?, ?, ?>) h.getOperator()).bucketedTimers();
        }
        return n;
    }

    /** Output values with the correction flag cleared, sorted for multiset comparison. */
    static List<String> normalized(Collection<?> results) {
        List<String> out = new ArrayList<>();
        for (Object o : results) {
            if (o instanceof StreamRecord) {
                o = ((StreamRecord<?>) o).getValue();
            }
            if (o instanceof WindowResult) {
                WindowResult<?, ?> r = (WindowResult<?, ?>) o;
                out.add(
                        new WindowResult<>(r.key, r.windowStart, r.windowEnd, r.result, false)
                                .toString());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static List<String> lateEvents(Collection<? extends StreamRecord<?>> records) {
        List<String> out = new ArrayList<>();
        if (records == null) {
            return out;
        }
        for (StreamRecord<?> r : records) {
            Object v = r.getValue();
            out.add(String.valueOf(v instanceof LateEvent ? ((LateEvent<?>) v).event : v));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }
}
