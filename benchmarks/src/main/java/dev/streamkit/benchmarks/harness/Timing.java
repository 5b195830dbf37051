package dev.streamkit.benchmarks.harness;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Marks the first record read and the end of output of the single job running at a time. Jobs run
 * in-process at parallelism 1 and one after another, so process-wide clocks are enough.
 */
final class Timing {
    private static final AtomicLong START = new AtomicLong();
    private static final AtomicLong END = new AtomicLong();

    private Timing() {}

    static void reset() {
        START.set(0);
        END.set(0);
    }

    static void markStart() {
        START.compareAndSet(0, System.nanoTime());
    }

    static void markEnd() {
        END.set(System.nanoTime());
    }

    static long elapsedNanos() {
        long start = START.get();
        long end = END.get();
        if (start == 0 || end == 0 || end <= start) {
            throw new IllegalStateException(
                    "The job did not read a record and reach the end of its output");
        }
        return end - start;
    }
}
