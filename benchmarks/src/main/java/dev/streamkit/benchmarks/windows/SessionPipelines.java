package dev.streamkit.benchmarks.windows;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.FlinkJob;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;

/** Session windows, count + sum + max per key and session: ours against Flink's built-in. */
public final class SessionPipelines {
    private SessionPipelines() {}

    private static final TypedAggregations<BenchEvent> EVENT =
            Aggregations.forType(BenchEvent.class);

    /**
     * Bursts and pauses: event time advances {@code eventsPerSecond} per second; each key is active
     * for {@code activeMillis} then pauses for {@code pauseMillis} (longer than the gap, so its
     * session closes), at a random phase per key; each event goes to a uniformly random active key
     * and is moved back by up to {@code disorderMillis}. Fixed seed.
     */
    public static Dataset<BenchEvent> bursts(
            int count,
            int keys,
            long eventsPerSecond,
            long activeMillis,
            long pauseMillis,
            long disorderMillis,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long cycle = activeMillis + pauseMillis;
        long[] phase = new long[keys];
        for (int k = 0; k < keys; k++) {
            phase[k] = random.nextLong(cycle);
        }
        BenchEvent[] events = new BenchEvent[count];
        for (int i = 0; i < count; i++) {
            long inOrder = i * 1000L / eventsPerSecond;
            int key;
            do {
                key = random.nextInt(keys);
            } while (Math.floorMod(inOrder + phase[key], cycle) >= activeMillis);
            long ts = Math.max(0, inOrder - random.nextLong(disorderMillis + 1));
            events[i] = new BenchEvent(key, ts, random.nextLong(1, 1000));
        }
        return Dataset.of(events, TypeInformation.of(BenchEvent.class));
    }

    /**
     * A job on the first {@code count} events with watermarks driven by event time ({@code
     * disorder} behind the largest timestamp, emitted when it advanced by {@code every}), so both
     * sides see the same watermarks however fast they run.
     */
    public static Workload job(
            Dataset<BenchEvent> data,
            int count,
            Duration disorder,
            Duration every,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        WatermarkStrategy<BenchEvent> watermarks =
                WatermarkStrategy.<BenchEvent>forGenerator(
                                new EventTimeWatermarks(disorder.toMillis(), every.toMillis()))
                        .withTimestampAssigner((e, previous) -> e.timestamp);
        return backend -> FlinkJob.run(backend, data, count, watermarks, pipeline);
    }

    /** Ours: {@code Windows.session(gap)} with count, sumLong and max. */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            ours(Duration gap) {
        return (env, in) ->
                Windows.session(gap)
                        .aggregate(
                                EVENT.of(
                                        EVENT.count(),
                                        EVENT.sumLong(e -> e.value),
                                        EVENT.max(e -> e.value)))
                        .build()
                        .apply(in.keyBy(BenchEvent::getKey, Types.LONG))
                        .uid("streamkit-session");
    }

    /** Flink's session WindowOperator with a hand-written AggregateFunction. */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            flink(Duration gap) {
        return (env, in) ->
                in.keyBy(BenchEvent::getKey, Types.LONG)
                        .window(EventTimeSessionWindows.withGap(gap))
                        .aggregate(
                                new WindowPipelines.CountSumMax(),
                                Types.TUPLE(Types.LONG, Types.LONG, Types.LONG),
                                Types.TUPLE(Types.LONG, Types.LONG, Types.LONG))
                        .uid("flink-session");
    }

    private static final class EventTimeWatermarks
            implements WatermarkGeneratorSupplier<BenchEvent> {
        private static final long serialVersionUID = 1L;
        private final long disorder;
        private final long every;

        EventTimeWatermarks(long disorder, long every) {
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
}
