package dev.streamkit.benchmarks.windows;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;

/** Session windows, count + sum + max per key and session: ours against Flink's built-in. */
public final class SessionPipelines {
    private SessionPipelines() {}

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
        return WindowPipelines.eventTimeJob(() -> data, count, disorder, every, pipeline);
    }

    /** Ours: {@code Windows.session(gap)} with count, sumLong and max. */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            ours(Duration gap) {
        return WindowPipelines.streamkit(() -> Windows.session(gap), "streamkit-session");
    }

    /** Flink's session WindowOperator with a hand-written AggregateFunction. */
    public static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            flink(Duration gap) {
        return WindowPipelines.builtIn(EventTimeSessionWindows.withGap(gap), "flink-session");
    }
}
