package dev.streamkit.benchmarks.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One comparison: our workload against a baseline workload on the same data, on the listed
 * backends. The runner alternates the two in the same invocation and reports medians and the ratio
 * ours / baseline.
 */
public final class BenchCase {
    private final String name;
    private final String baseline;
    private final List<Backend> backends;
    private final Workload ours;
    private final Workload baselineWorkload;

    private BenchCase(
            String name,
            String baseline,
            List<Backend> backends,
            Workload ours,
            Workload baselineWorkload) {
        this.name = Objects.requireNonNull(name, "name");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.backends = List.copyOf(backends);
        this.ours = Objects.requireNonNull(ours, "ours");
        this.baselineWorkload = Objects.requireNonNull(baselineWorkload, "baselineWorkload");
        if (this.backends.isEmpty()) {
            throw new IllegalArgumentException("backends: at least one backend is required");
        }
    }

    /**
     * A case named {@code name} comparing {@code ours} against {@code baselineWorkload}, which is
     * reported under the name {@code baseline} (for example {@code flink-window-operator}).
     */
    public static BenchCase of(
            String name,
            String baseline,
            Workload ours,
            Workload baselineWorkload,
            Backend... backends) {
        List<Backend> list =
                backends.length == 0 ? Arrays.asList(Backend.values()) : Arrays.asList(backends);
        return new BenchCase(name, baseline, list, ours, baselineWorkload);
    }

    public String name() {
        return name;
    }

    public String baseline() {
        return baseline;
    }

    public List<Backend> backends() {
        return backends;
    }

    public Workload ours() {
        return ours;
    }

    public Workload baselineWorkload() {
        return baselineWorkload;
    }
}
