package dev.streamkit.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerTest {

    @Test
    void alternatesOursAndBaselineAndReportsMediansAndTheirRatio() throws Exception {
        List<String> calls = new ArrayList<>();
        // ours: 1 s, 2 s, 4 s per million events -> median 2 s -> 0.5 M ev/s
        Workload ours = sequence(calls, "A", 1_000_000, 1e9, 1e9, 2e9, 4e9);
        // baseline: 8, 4, 16 s -> median 8 s -> 0.125 M ev/s
        Workload base = sequence(calls, "B", 1_000_000, 1e9, 8e9, 4e9, 16e9);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Runner runner =
                new Runner(
                        3,
                        EnumSet.of(Backend.HASHMAP),
                        new PrintStream(progress, true, StandardCharsets.UTF_8));

        List<Result> results =
                runner.run("demo", List.of(BenchCase.of("c", "flink-x", ours, base)));

        assertThat(calls).containsExactly("A", "B", "A", "B", "B", "A", "A", "B");
        assertThat(results).hasSize(1);
        Result result = results.get(0);
        assertThat(result.backend).isEqualTo("hashmap");
        assertThat(result.oursEps).isEqualTo(500_000.0);
        assertThat(result.baselineEps).isEqualTo(125_000.0);
        assertThat(result.ratio).isEqualTo(4.0);
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("demo | c | hashmap: run 3 of 3")
                .contains("ratio 4.00x");
    }

    @Test
    void runsTheGivenNumberOfWarmUpsBeforeTheTimedRuns() throws Exception {
        List<String> calls = new ArrayList<>();
        // no warm-up: the first call of each side is timed (ours 1 s, baseline 3 s per M events)
        Workload ours = sequence(calls, "A", 1_000_000, 1e9, 9e9);
        Workload base = sequence(calls, "B", 1_000_000, 3e9, 9e9);
        Runner runner =
                new Runner(
                        1,
                        0,
                        EnumSet.of(Backend.HASHMAP),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        Result result = runner.run("demo", List.of(BenchCase.of("c", "x", ours, base))).get(0);

        assertThat(calls).containsExactly("A", "B");
        assertThat(result.oursEps).isEqualTo(1_000_000.0);
        assertThat(result.ratio).isEqualTo(3.0);
        assertThatThrownBy(() -> new Runner(1, -1, EnumSet.of(Backend.HASHMAP), System.err))
                .hasMessageContaining("warmups must be >= 0");
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Runner.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Runner.median(new double[] {5})).isEqualTo(5);
    }

    @Test
    void tableAddsShareOfThePassThroughWhenTheCeilingRan() {
        List<Result> results =
                List.of(
                        new Result(
                                "ceiling", "keyed-pass-through/100-keys", "hashmap", 2e6, "w", 1e6),
                        new Result("windows", "sliding-60/100-keys", "hashmap", 1e6, "w", 1e5));

        String table = Format.table(results, 5);

        assertThat(table)
                .contains("| ours / pass-through |")
                .contains(
                        "| windows | sliding-60/100-keys | hashmap | 1.00 M | w | 100.0 K | 10.00x | 50% |");
    }

    @Test
    void measurementRejectsEmptyRuns() {
        assertThatThrownBy(() -> new Measurement(0, 5)).hasMessageContaining("events > 0");
    }

    /** Runs that each take the next of {@code nanos} (the first one is the warm-up). */
    private static Workload sequence(
            List<String> calls, String name, long events, double... nanos) {
        int[] next = {0};
        return backend -> {
            calls.add(name);
            return new Measurement(events, (long) nanos[next[0]++]);
        };
    }
}
