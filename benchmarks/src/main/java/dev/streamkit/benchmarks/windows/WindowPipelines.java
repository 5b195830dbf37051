package dev.streamkit.benchmarks.windows;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.data.Events;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.FlinkJob;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/** The three ways of computing count + sum + max per key and window that the suites compare. */
public final class WindowPipelines {
    private WindowPipelines() {}

    private static final TypedAggregations<BenchEvent> EVENT =
            Aggregations.forType(BenchEvent.class);

    /** The events: {@code eventsPerSecond} of event time, 200 ms of disorder, fixed seed. */
    public static Dataset<BenchEvent> data(int count, int keys, long eventsPerSecond) {
        return Events.generate(count, keys, eventsPerSecond, 200, 7L * keys + eventsPerSecond);
    }

    public static Workload job(
            Dataset<BenchEvent> data,
            int onHeap,
            int onRocks,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        return backend ->
                FlinkJob.run(
                        backend,
                        data,
                        backend == Backend.ROCKSDB ? onRocks : onHeap,
                        Events.watermarks(Duration.ofMillis(200)),
                        pipeline);
    }

    /**
     * Like {@link #job} on {@code count} events, but with watermarks driven by event time: {@code
     * disorder} behind the largest timestamp, emitted whenever it has advanced by {@code every}
     * (not every 200 ms of processing time), so that both sides see the same watermarks however
     * fast they run, and windows fire every slide as in a steady stream.
     */
    public static Workload eventTimeJob(
            Dataset<BenchEvent> data,
            int count,
            Duration every,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        return eventTimeJob(() -> data, count, every, pipeline);
    }

    /**
     * {@link #eventTimeJob(Dataset, int, Duration, BiFunction)} on data made when it first runs.
     */
    public static Workload eventTimeJob(
            Supplier<Dataset<BenchEvent>> data,
            int count,
            Duration every,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        return eventTimeJob(data, count, Duration.ofMillis(200), every, pipeline);
    }

    /**
     * A job on the first {@code count} events with watermarks driven by event time: {@code
     * disorder} behind the largest timestamp, emitted whenever it has advanced by {@code every}, so
     * both sides see the same watermarks however fast they run.
     */
    public static Workload eventTimeJob(
            Supplier<Dataset<BenchEvent>> data,
            int count,
            Duration disorder,
            Duration every,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        WatermarkStrategy<BenchEvent> watermarks =
                WatermarkStrategy.<BenchEvent>forGenerator(
                                new EveryWatermarks(disorder.toMillis(), every.toMillis()))
                        .withTimestampAssigner((e, previous) -> e.timestamp);
        return backend -> FlinkJob.run(backend, data.get(), count, watermarks, pipeline);
    }

    /** Bounded out-of-orderness watermarks, emitted on events every {@code every} ms. */
    private static final class EveryWatermarks implements WatermarkGeneratorSupplier<BenchEvent> {
        private static final long serialVersionUID = 1L;
        private final long disorder;
        private final long every;

        EveryWatermarks(long disorder, long every) {
            this.disorder = disorder;
            this.every = every;
        }

        @Override
        public WatermarkGenerator<BenchEvent> createWatermarkGenerator(Context context) {
            return new WatermarkGenerator<BenchEvent>() {
                private long emitted = Long.MIN_VALUE;
                private long max = Long.MIN_VALUE;

                @Override
                public void onEvent(BenchEvent event, long timestamp, WatermarkOutput output) {
                    max = Math.max(max, timestamp);
                    long watermark = max - disorder - 1;
                    if (emitted == Long.MIN_VALUE || watermark >= emitted + every) {
                        output.emitWatermark(new Watermark(watermark));
                        emitted = watermark;
                    }
                }

                @Override
                public void onPeriodicEmit(WatermarkOutput output) {}
            };
        }
    }

    /** Ours: the slicing operator (slide == size gives tumbling windows). */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            ours(Duration size, Duration slide) {
        return streamkit(
                () -> size.equals(slide) ? Windows.tumbling(size) : Windows.sliding(size, slide),
                "streamkit-window");
    }

    /** Ours: cumulative windows growing by {@code step} up to {@code maxSize}. */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            oursCumulative(Duration maxSize, Duration step) {
        return streamkit(() -> Windows.cumulative(maxSize, step), "streamkit-window");
    }

    /**
     * Ours: count, sumLong and max per key in the windows of {@code shape} (made when the job is
     * built), uid {@code uid}.
     */
    static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>> streamkit(
            Supplier<Windows.Shape> shape, String uid) {
        // count, sumLong and max: all three applied inline by the composite (no add call)
        return (env, in) ->
                shape.get()
                        .aggregate(
                                EVENT.of(
                                        EVENT.count(),
                                        EVENT.sumLong(e -> e.value),
                                        EVENT.max(e -> e.value)))
                        .build()
                        .apply(in.keyBy(BenchEvent::getKey, Types.LONG))
                        .uid(uid);
    }

    /** Flink's WindowOperator with a hand-written AggregateFunction (what users write). */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            flink(Duration size, Duration slide) {
        return builtIn(
                size.equals(slide)
                        ? TumblingEventTimeWindows.of(size)
                        : SlidingEventTimeWindows.of(size, slide),
                "flink-window");
    }

    /**
     * The built-in baseline: Flink's WindowOperator on {@code windows} with the hand-written {@link
     * CountSumMax}, uid {@code uid}.
     */
    static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>> builtIn(
            WindowAssigner<Object, TimeWindow> windows, String uid) {
        return (env, in) ->
                in.keyBy(BenchEvent::getKey, Types.LONG)
                        .window(windows)
                        .aggregate(
                                new CountSumMax(),
                                Types.TUPLE(Types.LONG, Types.LONG, Types.LONG),
                                Types.TUPLE(Types.LONG, Types.LONG, Types.LONG))
                        .uid(uid);
    }

    /**
     * Flink SQL HOP window TVF with the production options Flink documents: mini-batch and
     * two-phase (local-global) aggregation.
     */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            sqlHop(Duration size, Duration slide) {
        return sqlWindow("HOP", slide, size);
    }

    /**
     * Flink SQL CUMULATE window TVF (Flink's only built-in cumulative window) with the same
     * production options as {@link #sqlHop}.
     */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            sqlCumulate(Duration maxSize, Duration step) {
        return sqlWindow("CUMULATE", step, maxSize);
    }

    /**
     * Count, sum and max per key in the window table-valued function {@code tvf} ({@code HOP} or
     * {@code CUMULATE}, whose interval arguments are both (slide or step, size)), with the options
     * of {@link #sqlHop}.
     */
    private static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            sqlWindow(String tvf, Duration step, Duration size) {
        return (env, in) -> {
            StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
            tEnv.getConfig().set("table.exec.mini-batch.enabled", "true");
            tEnv.getConfig().set("table.exec.mini-batch.allow-latency", "1 s");
            tEnv.getConfig().set("table.exec.mini-batch.size", "5000");
            tEnv.getConfig().set("table.optimizer.agg-phase-strategy", "TWO_PHASE");
            Table events =
                    tEnv.fromDataStream(
                            in,
                            Schema.newBuilder()
                                    .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                                    .watermark("rowtime", "SOURCE_WATERMARK()")
                                    .build());
            tEnv.createTemporaryView("events", events);
            Table result =
                    tEnv.sqlQuery(
                            "SELECT `key`, window_start, window_end, COUNT(*), SUM(`value`),"
                                    + " MAX(`value`) FROM TABLE("
                                    + tvf
                                    + "(TABLE events,"
                                    + " DESCRIPTOR(rowtime), INTERVAL '"
                                    + step.getSeconds()
                                    + "' SECOND(6), INTERVAL '"
                                    + size.getSeconds()
                                    + "' SECOND(6))) GROUP BY `key`, window_start,"
                                    + " window_end");
            return tEnv.toDataStream(result);
        };
    }

    /** count, sum, max of {@link BenchEvent#value} in a tuple accumulator. */
    public static final class CountSumMax
            implements AggregateFunction<
                    BenchEvent, Tuple3<Long, Long, Long>, Tuple3<Long, Long, Long>> {
        @Override
        public Tuple3<Long, Long, Long> createAccumulator() {
            return Tuple3.of(0L, 0L, Long.MIN_VALUE);
        }

        @Override
        public Tuple3<Long, Long, Long> add(BenchEvent e, Tuple3<Long, Long, Long> acc) {
            acc.f0++;
            acc.f1 += e.value;
            acc.f2 = Math.max(acc.f2, e.value);
            return acc;
        }

        @Override
        public Tuple3<Long, Long, Long> getResult(Tuple3<Long, Long, Long> acc) {
            return acc;
        }

        @Override
        public Tuple3<Long, Long, Long> merge(
                Tuple3<Long, Long, Long> a, Tuple3<Long, Long, Long> b) {
            return Tuple3.of(a.f0 + b.f0, a.f1 + b.f1, Math.max(a.f2, b.f2));
        }
    }
}
