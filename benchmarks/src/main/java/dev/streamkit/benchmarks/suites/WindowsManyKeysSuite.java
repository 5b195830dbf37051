package dev.streamkit.benchmarks.suites;

import static dev.streamkit.benchmarks.windows.WindowPipelines.flink;
import static dev.streamkit.benchmarks.windows.WindowPipelines.ours;
import static dev.streamkit.benchmarks.windows.WindowPipelines.oursCumulative;
import static dev.streamkit.benchmarks.windows.WindowPipelines.sqlCumulate;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.data.Events;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.Measurement;
import dev.streamkit.benchmarks.harness.Suite;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.benchmarks.windows.OverlapChart;
import dev.streamkit.benchmarks.windows.WindowPipelines;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Windows at production key counts: 100k and 1 M keys, uniform and Zipf(1.1)-skewed, count + sum +
 * max per key, about 12 events per key per 1 min window (so the event-time rate is {@code keys / 5}
 * events per second).
 *
 * <ul>
 *   <li>{@code tumbling-1min/...}: against Flink's {@code WindowOperator} with an {@code
 *       AggregateFunction};
 *   <li>{@code sliding-60s-1s/...} (60 overlapping windows): against the {@code WindowOperator},
 *       which updates 60 windows per event (a few K ev/s at these key counts); it is timed on the
 *       first {@value #SLIDING_BASELINE_HEAP} (heap) / {@value #SLIDING_BASELINE_ROCKS} (RocksDB)
 *       events of the same stream, which favours it (no window of it fires or is removed inside the
 *       prefix);
 *   <li>{@code cumulative-1min-10s/...}: against Flink SQL's {@code CUMULATE} window TVF
 *       (mini-batch, two-phase), Flink's only built-in cumulative window;
 *   <li>{@code sweep/...}: tumbling 1 min on 100 .. 10k uniform keys (heap), drawn with the 100k
 *       and 1 M uniform heap runs into {@code docs/windows-key-sweep.png} (events/s vs active
 *       keys).
 * </ul>
 *
 * <p>The data span {@code windows} window lengths (3 at 100k keys, 2 at 1 M; quick: 2 and 1.25), so
 * windows fire mid-stream and each key's state is written, read and removed. Only one large dataset
 * is held at a time: cases are grouped by dataset, which is released when the next one is made.
 */
public class WindowsManyKeysSuite implements Suite {
    static final int SLIDING_BASELINE_HEAP = 100_000;
    static final int SLIDING_BASELINE_ROCKS = 30_000;

    /**
     * At most this many events on RocksDB (a prefix of the same stream): the window operator runs
     * at 15-40 K ev/s there at these key counts. System property {@code windows.manykeys.rocks}
     * lowers it (e.g. 1500000: 1.25 window lengths at 100k keys, so each window still fires
     * mid-stream once) when 5 runs of every case would take hours.
     */
    static final int ROCKS_MAX_EVENTS = Integer.getInteger("windows.manykeys.rocks", 3_000_000);

    private static final int EVENTS_PER_KEY_AND_WINDOW = 12;

    @Override
    public List<BenchCase> cases(boolean quick) {
        List<BenchCase> cases = new ArrayList<>();
        OverlapChart chart =
                new OverlapChart(
                        "Tumbling 1 min, ~12 events per key and window, heap: events/s vs keys",
                        new File("docs/windows-key-sweep.png"),
                        "active keys, log scale",
                        new int[] {100, 1_000, 10_000, 100_000, 1_000_000});
        Current current = new Current();
        Duration minute = Duration.ofMinutes(1);
        for (int keys : new int[] {100, 1_000, 10_000}) {
            // 10 windows of event time (at least 100k events)
            int count = Math.max(100_000, keys * EVENTS_PER_KEY_AND_WINDOW * (quick ? 5 : 10));
            Supplier<Dataset<BenchEvent>> data = current.of(count, keys, false);
            cases.add(
                    BenchCase.of(
                            "sweep/tumbling-1min/" + keys + "-keys",
                            "flink-window-operator",
                            chart.record(
                                    "streamkit slicing",
                                    keys,
                                    job(data, count, ours(minute, minute))),
                            chart.record(
                                    "flink WindowOperator",
                                    keys,
                                    job(data, count, flink(minute, minute))),
                            Backend.HASHMAP));
        }
        for (int keys : new int[] {100_000, 1_000_000}) {
            double windows = keys >= 1_000_000 ? (quick ? 1.25 : 2) : (quick ? 2 : 3);
            int count = (int) (keys * EVENTS_PER_KEY_AND_WINDOW * windows);
            for (boolean zipf : new boolean[] {false, true}) {
                Supplier<Dataset<BenchEvent>> data = current.of(count, keys, zipf);
                String shape = "/" + label(keys) + "-keys/" + (zipf ? "zipf-1.1" : "uniform");
                Workload oursTumbling = job(data, count, ours(minute, minute));
                Workload flinkTumbling = job(data, count, flink(minute, minute));
                if (!zipf) {
                    oursTumbling = onHeap(chart, "streamkit slicing", keys, oursTumbling);
                    flinkTumbling = onHeap(chart, "flink WindowOperator", keys, flinkTumbling);
                }
                cases.add(
                        BenchCase.of(
                                "tumbling-1min" + shape,
                                "flink-window-operator",
                                oursTumbling,
                                flinkTumbling));
                Duration second = Duration.ofSeconds(1);
                cases.add(
                        BenchCase.of(
                                "sliding-60s-1s" + shape,
                                "flink-window-operator, first "
                                        + SLIDING_BASELINE_HEAP / 1000
                                        + " K (heap) / "
                                        + SLIDING_BASELINE_ROCKS / 1000
                                        + " K (RocksDB) events",
                                job(data, count, ours(minute, second)),
                                backend ->
                                        job(
                                                        data,
                                                        backend == Backend.ROCKSDB
                                                                ? SLIDING_BASELINE_ROCKS
                                                                : SLIDING_BASELINE_HEAP,
                                                        flink(minute, second))
                                                .run(backend)));
                Duration step = Duration.ofSeconds(10);
                cases.add(
                        BenchCase.of(
                                "cumulative-1min-10s" + shape,
                                "flink-sql-cumulate",
                                job(data, count, oursCumulative(minute, step)),
                                job(data, count, sqlCumulate(minute, step))));
            }
        }
        chart.writeOnExit();
        return cases;
    }

    private static String label(int keys) {
        return keys >= 1_000_000 ? keys / 1_000_000 + "M" : keys / 1000 + "k";
    }

    private static Workload job(
            Supplier<Dataset<BenchEvent>> data,
            int count,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        return backend -> {
            Dataset<BenchEvent> events = data.get();
            int onRocks = Math.min(count, ROCKS_MAX_EVENTS);
            return WindowPipelines.job(events, count, onRocks, pipeline).run(backend);
        };
    }

    /** Records the heap runs of {@code workload} in the sweep chart at {@code keys}. */
    private static Workload onHeap(OverlapChart chart, String name, int keys, Workload workload) {
        Workload recorded = chart.record(name, keys, workload);
        return backend -> {
            Measurement m = backend == Backend.HASHMAP ? recorded.run(backend) : null;
            return m != null ? m : workload.run(backend);
        };
    }

    /**
     * Makes each dataset when its first case runs and releases the previous one (1 M keys x 12
     * events x 2 windows is about 1 GB of events).
     */
    private static final class Current {
        private Object made;
        private Dataset<BenchEvent> dataset;

        Supplier<Dataset<BenchEvent>> of(int count, int keys, boolean zipf) {
            Object spec = java.util.Arrays.asList(count, keys, zipf);
            return () -> {
                synchronized (this) {
                    if (!spec.equals(made)) {
                        if (dataset != null) {
                            dataset.release();
                            dataset = null;
                        }
                        long perSecond = Math.max(1, keys / 5);
                        long seed = 7L * keys + (zipf ? 11 : 0);
                        System.err.printf(
                                "Generating %,d events over %,d %s keys%n",
                                count, keys, zipf ? "Zipf(1.1)" : "uniform");
                        dataset =
                                zipf
                                        ? Events.generateZipf(
                                                count, keys, 1.1, perSecond, 200, seed)
                                        : Events.generate(count, keys, perSecond, 200, seed);
                        made = spec;
                    }
                    return dataset;
                }
            };
        }
    }
}
