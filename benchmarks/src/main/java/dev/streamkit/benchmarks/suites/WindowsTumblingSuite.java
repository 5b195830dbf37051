package dev.streamkit.benchmarks.suites;

import static dev.streamkit.benchmarks.windows.WindowPipelines.data;
import static dev.streamkit.benchmarks.windows.WindowPipelines.flink;
import static dev.streamkit.benchmarks.windows.WindowPipelines.job;
import static dev.streamkit.benchmarks.windows.WindowPipelines.ours;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.Suite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tumbling 1 s windows, count + sum + max per key: the slicing operator (mini-batch, one timer per
 * key) against Flink's WindowOperator with a hand-written AggregateFunction, on two data shapes:
 * 100 keys (~1000 events per key per window) and 10k keys (~10 events per key per window).
 */
public class WindowsTumblingSuite implements Suite {

    @Override
    public List<BenchCase> cases(boolean quick) {
        int onHeap = quick ? 1_000_000 : 4_000_000;
        int onRocks = quick ? 200_000 : 600_000;
        Duration size = Duration.ofSeconds(1);
        List<BenchCase> cases = new ArrayList<>();
        for (int keys : new int[] {100, 10_000}) {
            Dataset<BenchEvent> events = data(onHeap, keys, 100_000);
            cases.add(
                    BenchCase.of(
                            "tumbling-1s/" + keys + "-keys",
                            "flink-window-operator",
                            job(events, onHeap, onRocks, ours(size, size)),
                            job(events, onHeap, onRocks, flink(size, size))));
        }
        return cases;
    }
}
