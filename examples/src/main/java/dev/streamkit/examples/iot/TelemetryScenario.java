package dev.streamkit.examples.iot;

import dev.streamkit.examples.local.RecordMix;
import dev.streamkit.examples.local.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic device telemetry with its ground truth. Each device reports every {@link #INTERVAL}
 * around its own base temperature with bounded noise (at most {@link #NOISE} degrees, so clean data
 * can never look anomalous); injected faults are single spikes of {@link #SPIKE} degrees, at least
 * {@link #FAULT_SEPARATION} apart per device and never in a device's first {@link #WARM_UP}.
 * Readings arrive up to {@link #MAX_DELAY} out of order; about 2% arrive twice, a few hours late,
 * and some records are malformed.
 */
public final class TelemetryScenario implements Scenario {
    private static final long serialVersionUID = 1L;

    /** 2026-01-01T00:00:00Z. */
    public static final long START = 1_767_225_600_000L;

    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final Duration MAX_DELAY = Duration.ofSeconds(5);
    public static final double NOISE = 1.0;
    public static final double SPIKE = 15.0;
    public static final Duration WARM_UP = Duration.ofMinutes(15);
    public static final Duration FAULT_SEPARATION = Duration.ofMinutes(25);
    private static final long LATE_BY = Duration.ofHours(2).toMillis();

    private final long seed;
    private final int devices;
    private final Duration length;
    private final boolean lateRecords;

    private TelemetryScenario(long seed, int devices, Duration length, boolean lateRecords) {
        this.seed = seed;
        this.devices = devices;
        this.length = length;
        this.lateRecords = lateRecords;
    }

    /** {@code devices} devices reporting for {@code length} of event time. */
    public static TelemetryScenario of(long seed, int devices, Duration length) {
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be >= 1, got " + devices);
        }
        if (length.compareTo(WARM_UP.plus(FAULT_SEPARATION)) < 0) {
            throw new IllegalArgumentException(
                    "length must be at least "
                            + WARM_UP.plus(FAULT_SEPARATION)
                            + ", got "
                            + length);
        }
        return new TelemetryScenario(seed, devices, length, true);
    }

    /** The same scenario without the hours-late readings (for multi-shard replays). */
    @Override
    public TelemetryScenario withoutLateRecords() {
        return new TelemetryScenario(seed, devices, length, false);
    }

    @Override
    public List<String> records() {
        return plan().records;
    }

    public Plan plan() {
        SplittableRandom random = new SplittableRandom(seed);
        RecordMix mix = new RecordMix(random);
        List<SensorReading> readings = new ArrayList<>();
        List<SensorReading> spikes = new ArrayList<>();
        int duplicates = 0;
        long end = START + length.toMillis();
        for (int d = 0; d < devices; d++) {
            String device = "device-" + d;
            double base = 18 + random.nextInt(10);
            long t = START + random.nextLong(INTERVAL.toMillis());
            long nextFault =
                    START + WARM_UP.toMillis() + random.nextLong(FAULT_SEPARATION.toMillis());
            int n = 0;
            while (t < end) {
                double value = base + (random.nextDouble() * 2 - 1) * NOISE;
                boolean spike = t >= nextFault;
                if (spike) {
                    value = base + SPIKE;
                    nextFault =
                            t
                                    + FAULT_SEPARATION.toMillis()
                                    + random.nextLong(FAULT_SEPARATION.toMillis());
                }
                SensorReading reading =
                        new SensorReading(device + "-" + n++, device, t, round(value));
                readings.add(reading);
                if (spike) {
                    spikes.add(reading);
                }
                long arrival = t + random.nextLong(MAX_DELAY.toMillis() + 1);
                String json = mix.add(reading, arrival);
                if (random.nextInt(50) == 0) {
                    mix.addRaw(json, arrival + random.nextLong(2_000));
                    duplicates++;
                }
                if (random.nextInt(300) == 0) {
                    mix.addMalformed(json, "timestamp", arrival);
                }
                t += INTERVAL.toMillis();
            }
        }
        int late = 0;
        for (int d = 0; d < devices; d++) {
            long at = START + random.nextLong(Math.max(1, length.toMillis() - LATE_BY - 60_000));
            if (lateRecords && at + LATE_BY + 60_000 < end && random.nextInt(4) == 0) {
                SensorReading reading =
                        new SensorReading("device-" + d + "-late", "device-" + d, at, 20.0);
                mix.add(reading, at + LATE_BY);
                late++;
            }
        }
        return new Plan(mix.records(), readings, spikes, duplicates, late, mix.malformed());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A scenario's records and its ground truth. */
    public static final class Plan {
        public final List<String> records;

        /** Every valid, on-time reading once (no duplicates, no late ones). */
        public final List<SensorReading> readings;

        /** The injected faults: each must raise exactly one anomaly alert. */
        public final List<SensorReading> spikes;

        public final int duplicates;
        public final int late;
        public final int malformed;

        Plan(
                List<String> records,
                List<SensorReading> readings,
                List<SensorReading> spikes,
                int duplicates,
                int late,
                int malformed) {
            this.records = records;
            this.readings = readings;
            this.spikes = spikes;
            this.duplicates = duplicates;
            this.late = late;
            this.malformed = malformed;
        }
    }
}
