package dev.streamkit.benchmarks.harness;

/**
 * Events processed and the time they took, from the first event read to the last result written.
 */
public final class Measurement {
    private final long events;
    private final long nanos;

    public Measurement(long events, long nanos) {
        if (events <= 0 || nanos <= 0) {
            throw new IllegalArgumentException(
                    "A measurement needs events > 0 and nanos > 0, got " + events + ", " + nanos);
        }
        this.events = events;
        this.nanos = nanos;
    }

    public long events() {
        return events;
    }

    public long nanos() {
        return nanos;
    }

    public double eventsPerSecond() {
        return events * 1e9 / nanos;
    }
}
