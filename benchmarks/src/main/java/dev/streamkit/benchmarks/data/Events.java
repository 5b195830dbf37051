package dev.streamkit.benchmarks.data;

import dev.streamkit.benchmarks.harness.Dataset;
import java.time.Duration;
import java.util.SplittableRandom;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Generated, pre-materialised event streams with a fixed seed. */
public final class Events {
    private Events() {}

    /**
     * {@code count} events over {@code keys} uniformly random keys, {@code eventsPerSecond} of
     * event time per second, each event's timestamp moved back by up to {@code maxDisorderMillis}.
     */
    public static Dataset<BenchEvent> generate(
            int count, int keys, long eventsPerSecond, long maxDisorderMillis, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BenchEvent[] events = new BenchEvent[count];
        for (int i = 0; i < count; i++) {
            long inOrder = i * 1000L / eventsPerSecond;
            long disorder = maxDisorderMillis == 0 ? 0 : random.nextLong(maxDisorderMillis + 1);
            events[i] =
                    new BenchEvent(
                            random.nextInt(keys),
                            Math.max(0, inOrder - disorder),
                            random.nextLong(1, 1000));
        }
        return Dataset.of(events, TypeInformation.of(BenchEvent.class));
    }

    /**
     * Like {@link #generate}, but keys drawn from a Zipf distribution with {@code exponent} over
     * {@code keys} ranks (rank r has weight {@code 1 / r^exponent}); the rank is the key.
     */
    public static Dataset<BenchEvent> generateZipf(
            int count,
            int keys,
            double exponent,
            long eventsPerSecond,
            long maxDisorderMillis,
            long seed) {
        double[] cdf = new double[keys];
        double total = 0;
        for (int r = 0; r < keys; r++) {
            total += 1 / Math.pow(r + 1, exponent);
            cdf[r] = total;
        }
        SplittableRandom random = new SplittableRandom(seed);
        BenchEvent[] events = new BenchEvent[count];
        for (int i = 0; i < count; i++) {
            long inOrder = i * 1000L / eventsPerSecond;
            long disorder = maxDisorderMillis == 0 ? 0 : random.nextLong(maxDisorderMillis + 1);
            int rank = java.util.Arrays.binarySearch(cdf, random.nextDouble() * total);
            int key = Math.min(keys - 1, rank >= 0 ? rank : -rank - 1);
            events[i] =
                    new BenchEvent(key, Math.max(0, inOrder - disorder), random.nextLong(1, 1000));
        }
        return Dataset.of(events, TypeInformation.of(BenchEvent.class));
    }

    /** Event time from {@link BenchEvent#timestamp}, watermarks bounded by {@code disorder}. */
    public static WatermarkStrategy<BenchEvent> watermarks(Duration disorder) {
        return WatermarkStrategy.<BenchEvent>forBoundedOutOfOrderness(disorder)
                .withTimestampAssigner((e, previous) -> e.timestamp);
    }
}
