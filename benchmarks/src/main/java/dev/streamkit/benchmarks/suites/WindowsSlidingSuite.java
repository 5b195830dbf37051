package dev.streamkit.benchmarks.suites;

import static dev.streamkit.benchmarks.windows.WindowPipelines.data;
import static dev.streamkit.benchmarks.windows.WindowPipelines.eventTimeJob;
import static dev.streamkit.benchmarks.windows.WindowPipelines.flink;
import static dev.streamkit.benchmarks.windows.WindowPipelines.job;
import static dev.streamkit.benchmarks.windows.WindowPipelines.ours;
import static dev.streamkit.benchmarks.windows.WindowPipelines.sqlHop;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.Suite;
import dev.streamkit.benchmarks.windows.OverlapChart;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sliding windows, count + sum + max per key: the slicing operator against Flink's WindowOperator
 * and against Flink SQL's HOP window TVF (mini-batch + two-phase aggregation).
 *
 * <ul>
 *   <li>{@code 60s-1s} and {@code 1h-1min}: 60 overlapping windows, on 100 keys and on 10k keys
 *       (about 10 events per key per slide), in quick runs too;
 *   <li>{@code .../steady} (RocksDB only): 100 keys, 4 events per key per slide, 2.5 window lengths
 *       of event time (150 s, 150 min), so that windows fire mid-stream and slices are flushed to,
 *       read from and removed from RocksDB; {@code 60s-1s/10000-keys/steady-sparse}: 10k keys over
 *       150 s with about 2.4 events per key in all; {@code 60s-1s/10000-keys/steady} and {@code
 *       1h-1min/10000-keys/steady}: the bars' many-keys shape (10 events per key per slide) over 2
 *       window lengths, 12 M events, the window operator timed on the first 50 K of them (it would
 *       take hours on the whole stream);
 *   <li>{@code overlap-N}: 100 keys, N s windows sliding by 1 s for N = 1 .. 120 (heap); the runs
 *       are drawn into {@code docs/windows-sliding-overlap.png} when the suite ends.
 * </ul>
 */
public class WindowsSlidingSuite implements Suite {

    @Override
    public List<BenchCase> cases(boolean quick) {
        int onHeap = quick ? 400_000 : 1_000_000;
        int onRocks = quick ? 60_000 : 150_000;
        List<BenchCase> cases = new ArrayList<>();
        for (int keys : new int[] {100, 10_000}) {
            // 10k keys x ~10 events per key per 1 s slide = 100k events per second of event time
            Dataset<BenchEvent> perSecond = data(onHeap, keys, 100_000);
            Duration size = Duration.ofSeconds(60);
            Duration slide = Duration.ofSeconds(1);
            String name = "60s-1s/" + keys + "-keys";
            cases.add(
                    BenchCase.of(
                            name,
                            "flink-window-operator",
                            job(perSecond, onHeap, onRocks, ours(size, slide)),
                            job(perSecond, onHeap, onRocks, flink(size, slide))));
            cases.add(
                    BenchCase.of(
                            name,
                            "flink-sql-hop",
                            job(perSecond, onHeap, onRocks, ours(size, slide)),
                            job(perSecond, onHeap, onRocks, sqlHop(size, slide))));
            // ~10 events per key per 1 min slide on 10k keys: 100k events per minute (quick: 4 min
            // of event time on heap, 0.6 min on RocksDB, where the baseline runs at ~1-3 K ev/s)
            Dataset<BenchEvent> perMinute = data(onHeap, keys, 1_667);
            Duration hour = Duration.ofHours(1);
            Duration minute = Duration.ofMinutes(1);
            cases.add(
                    BenchCase.of(
                            "1h-1min/" + keys + "-keys",
                            "flink-window-operator",
                            job(perMinute, onHeap, onRocks, ours(hour, minute)),
                            job(perMinute, onHeap, onRocks, flink(hour, minute))));
        }
        steadyStateOnRocksDb(cases);
        OverlapChart chart =
                new OverlapChart(
                        "Sliding windows, 100 keys, heap: events/s vs overlapping windows",
                        new File("docs/windows-sliding-overlap.png"));
        int sweep = quick ? 200_000 : 500_000;
        Dataset<BenchEvent> sweepData = data(sweep, 100, 100_000);
        int[] overlaps = quick ? new int[] {1, 10, 60, 120} : new int[] {1, 2, 5, 10, 20, 60, 120};
        for (int n : overlaps) {
            Duration size = Duration.ofSeconds(n);
            Duration slide = Duration.ofSeconds(1);
            cases.add(
                    BenchCase.of(
                            "overlap-" + n + "/100-keys",
                            "flink-window-operator",
                            chart.record(
                                    "streamkit slicing",
                                    n,
                                    job(sweepData, sweep, sweep, ours(size, slide))),
                            chart.record(
                                    "flink WindowOperator",
                                    n,
                                    job(sweepData, sweep, sweep, flink(size, slide))),
                            Backend.HASHMAP));
        }
        chart.writeOnExit();
        return cases;
    }

    /**
     * RocksDB cases whose data span 2.5 window lengths of event time, with a watermark every slide
     * of event time (both sides see the same watermarks, whatever their speed), so that windows
     * fire every slide mid-stream and slices go through RocksDB (written at the flush, read when
     * windows fire, removed at cleanup) instead of all windows firing from memory at the final
     * watermark. The sizes keep the window operator (about 1-2 K ev/s on RocksDB) under ~45 s per
     * run; they are the same in quick and full runs.
     */
    private static void steadyStateOnRocksDb(List<BenchCase> cases) {
        // 100 keys x 4 events per key per 1 s slide, 150 s of event time
        int n = 60_000;
        Dataset<BenchEvent> seconds = data(n, 100, 400);
        Duration size = Duration.ofSeconds(60);
        Duration slide = Duration.ofSeconds(1);
        for (String baseline : new String[] {"flink-window-operator", "flink-sql-hop"}) {
            cases.add(
                    BenchCase.of(
                            "60s-1s/100-keys/steady",
                            baseline,
                            eventTimeJob(seconds, n, slide, ours(size, slide)),
                            eventTimeJob(
                                    seconds,
                                    n,
                                    slide,
                                    baseline.equals("flink-sql-hop")
                                            ? sqlHop(size, slide)
                                            : flink(size, slide)),
                            Backend.ROCKSDB));
        }
        // 100 keys x 4.2 events per key per 1 min slide (7 events per second), 150 min
        int m = 63_000;
        Dataset<BenchEvent> minutes = data(m, 100, 7);
        cases.add(
                BenchCase.of(
                        "1h-1min/100-keys/steady",
                        "flink-window-operator",
                        eventTimeJob(
                                minutes,
                                m,
                                Duration.ofMinutes(1),
                                ours(Duration.ofHours(1), Duration.ofMinutes(1))),
                        eventTimeJob(
                                minutes,
                                m,
                                Duration.ofMinutes(1),
                                flink(Duration.ofHours(1), Duration.ofMinutes(1))),
                        Backend.ROCKSDB));
        // 10k keys: 10 events per key per slide over several window lengths would be millions of
        // events, hours for the window operator on RocksDB. Affordable: the same 150 s of event
        // time at 160 events per second, so each key has about 2.4 events spread over 2.5 window
        // lengths (0.016 per slide): every event is a key's first in its slice, and each key fires
        // ~60 windows per event one watermark at a time (sparse keys).
        int k = 24_000;
        Dataset<BenchEvent> sparse = data(k, 10_000, 160);
        cases.add(
                BenchCase.of(
                        "60s-1s/10000-keys/steady-sparse",
                        "flink-window-operator",
                        eventTimeJob(sparse, k, slide, ours(size, slide)),
                        eventTimeJob(sparse, k, slide, flink(size, slide)),
                        Backend.ROCKSDB));
        manyKeysSteadyState(cases);
    }

    /**
     * Events of the many-keys steady-state cases: 2 window lengths, 10 events per key per slide.
     */
    static final int MANY_KEYS_EVENTS = 12_000_000;

    /** Events the window operator is timed on in the many-keys steady-state cases. */
    static final int MANY_KEYS_BASELINE_PREFIX = 50_000;

    /**
     * The bars' many-keys shape in steady state on RocksDB: 10k keys, 10 events per key per slide,
     * 2 window lengths of event time (12 M events), a watermark every slide, so that every slide
     * each key's window fires, its new slice is written and its oldest removed. The window operator
     * updates 60 windows in RocksDB per event (~1-2 K ev/s): the whole stream would take it hours,
     * so it is timed on the first {@value #MANY_KEYS_BASELINE_PREFIX} events of the same stream.
     * That favours it: every key already has all 60 of its windows in state after its first event,
     * so each event costs it what it costs in steady state, while none of its windows fire or are
     * removed inside the prefix. The data are generated when the case first runs (about 1 GB for
     * both), not when the suite is listed.
     */
    private static void manyKeysSteadyState(List<BenchCase> cases) {
        manyKeysCase(cases, "60s-1s", Duration.ofSeconds(60), Duration.ofSeconds(1), 100_000);
        // 100 K events per minute of event time
        manyKeysCase(cases, "1h-1min", Duration.ofHours(1), Duration.ofMinutes(1), 1_667);
    }

    private static void manyKeysCase(
            List<BenchCase> cases, String name, Duration size, Duration slide, long perSecond) {
        Supplier<Dataset<BenchEvent>> events =
                lazy(() -> data(MANY_KEYS_EVENTS, 10_000, perSecond));
        cases.add(
                BenchCase.of(
                        name + "/10000-keys/steady",
                        "flink-window-operator, first "
                                + MANY_KEYS_BASELINE_PREFIX / 1000
                                + " K events",
                        eventTimeJob(events, MANY_KEYS_EVENTS, slide, ours(size, slide)),
                        eventTimeJob(events, MANY_KEYS_BASELINE_PREFIX, slide, flink(size, slide)),
                        Backend.ROCKSDB));
    }

    private static <T> Supplier<T> lazy(Supplier<T> make) {
        return new Supplier<T>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }
}
