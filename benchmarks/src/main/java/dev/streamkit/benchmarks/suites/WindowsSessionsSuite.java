package dev.streamkit.benchmarks.suites;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.Suite;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.benchmarks.windows.SessionPipelines;
import java.time.Duration;
import java.util.List;

/**
 * Session windows (30 s gap), count + sum + max per key and session, 50k keys in bursts (60 s
 * active) and pauses (60 s, longer than the gap), 2 s of disorder, watermarks every 200 ms of event
 * time: {@code Windows.session} against Flink's session {@code WindowOperator} with an
 * AggregateFunction, on the same pre-materialised data.
 */
public class WindowsSessionsSuite implements Suite {

    @Override
    public List<BenchCase> cases(boolean quick) {
        int onHeap = quick ? 600_000 : 2_000_000;
        int onRocks = quick ? 200_000 : 600_000;
        int keys = 50_000;
        Duration gap = Duration.ofSeconds(30);
        Duration disorder = Duration.ofSeconds(2);
        Duration every = Duration.ofMillis(200);
        Dataset<BenchEvent> events =
                SessionPipelines.bursts(onHeap, keys, 5_000, 60_000, 60_000, 2_000, 16L);
        Workload ours =
                backend ->
                        SessionPipelines.job(
                                        events,
                                        backend == Backend.ROCKSDB ? onRocks : onHeap,
                                        disorder,
                                        every,
                                        SessionPipelines.ours(gap))
                                .run(backend);
        Workload flink =
                backend ->
                        SessionPipelines.job(
                                        events,
                                        backend == Backend.ROCKSDB ? onRocks : onHeap,
                                        disorder,
                                        every,
                                        SessionPipelines.flink(gap))
                                .run(backend);
        return List.of(
                BenchCase.of(
                        "session-30s/50k-keys-bursts",
                        "flink-session-window-operator",
                        ours,
                        flink));
    }
}
