package dev.streamkit.benchmarks.harness;

/**
 * One side of a comparison: builds and runs a job (or a plain-Java loop) on a backend and reports
 * how many events it processed in how much time.
 */
@FunctionalInterface
public interface Workload {
    Measurement run(Backend backend) throws Exception;
}
