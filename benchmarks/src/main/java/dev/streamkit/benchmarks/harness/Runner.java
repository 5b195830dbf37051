package dev.streamkit.benchmarks.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs cases the honest way: one warm-up of each side (or {@code warmups}; none for runs of many
 * minutes, where JIT warm-up is a rounding error and a warm-up would double the time), then {@code
 * runs} rounds in which ours and the baseline alternate (A B, then B A, ...) in the same JVM on the
 * same data; reports medians and the ratio of medians. Every run starts from a collected heap
 * ({@link #run(Workload, Backend)}), so no side pays for the garbage the previous run left behind
 * (at 10 M keys, gigabytes of dead keyed state whose collection used to land in whichever run came
 * next).
 */
public final class Runner {
    private final int runs;
    private final int warmups;
    private final Set<Backend> backends;
    private final PrintStream progress;

    public Runner(int runs, Set<Backend> backends, PrintStream progress) {
        this(runs, 1, backends, progress);
    }

    public Runner(int runs, int warmups, Set<Backend> backends, PrintStream progress) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        if (warmups < 0) {
            throw new IllegalArgumentException("warmups must be >= 0, got " + warmups);
        }
        this.runs = runs;
        this.warmups = warmups;
        this.backends = backends;
        this.progress = progress;
    }

    public List<Result> run(String suiteName, List<BenchCase> cases) throws Exception {
        List<Result> results = new ArrayList<>();
        for (BenchCase benchCase : cases) {
            for (Backend backend : benchCase.backends()) {
                if (backends.contains(backend)) {
                    results.add(run(suiteName, benchCase, backend));
                }
            }
        }
        return results;
    }

    private Result run(String suite, BenchCase benchCase, Backend backend) throws Exception {
        String label = suite + " | " + benchCase.name() + " | " + backend.id();
        for (int i = 0; i < warmups; i++) {
            progress.printf("%s: warm-up%n", label);
            run(benchCase.ours(), backend);
            run(benchCase.baselineWorkload(), backend);
        }
        double[] ours = new double[runs];
        double[] base = new double[runs];
        for (int i = 0; i < runs; i++) {
            boolean oursFirst = i % 2 == 0;
            if (oursFirst) {
                ours[i] = run(benchCase.ours(), backend).eventsPerSecond();
                base[i] = run(benchCase.baselineWorkload(), backend).eventsPerSecond();
            } else {
                base[i] = run(benchCase.baselineWorkload(), backend).eventsPerSecond();
                ours[i] = run(benchCase.ours(), backend).eventsPerSecond();
            }
            progress.printf(
                    Locale.ROOT,
                    "%s: run %d of %d: ours %s ev/s, %s %s ev/s%n",
                    label,
                    i + 1,
                    runs,
                    Format.eps(ours[i]),
                    benchCase.baseline(),
                    Format.eps(base[i]));
        }
        Result result =
                new Result(
                        suite,
                        benchCase.name(),
                        backend.id(),
                        median(ours),
                        benchCase.baseline(),
                        median(base));
        progress.printf(
                Locale.ROOT,
                "%s: median ours %s ev/s, %s %s ev/s, ratio %.2fx%n",
                label,
                Format.eps(result.oursEps),
                result.baseline,
                Format.eps(result.baselineEps),
                result.ratio);
        return result;
    }

    /**
     * Runs {@code workload} after a full collection, outside the timed part: the heap then holds
     * the materialised data and nothing of the previous run.
     */
    private static Measurement run(Workload workload, Backend backend) throws Exception {
        System.gc();
        return workload.run(backend);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
