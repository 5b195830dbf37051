package dev.streamkit.examples.iot;

import java.util.Locale;

/**
 * A device whose hottest reading in a sliding window lies more than the threshold of standard
 * deviations above the window's mean, with the evidence: the window and its statistics.
 */
public class AnomalyAlert {
    public String deviceId;
    public long windowStart;
    public long windowEnd;
    public long readings;
    public double mean;
    public double stddev;
    public double max;
    public double zScore;

    public AnomalyAlert() {}

    public AnomalyAlert(
            String deviceId,
            long windowStart,
            long windowEnd,
            long readings,
            double mean,
            double stddev,
            double max) {
        this.deviceId = deviceId;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.readings = readings;
        this.mean = mean;
        this.stddev = stddev;
        this.max = max;
        this.zScore = stddev > 0 ? (max - mean) / stddev : 0;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s [%d..%d) max %.2f = mean %.2f + %.1f sigma (n=%d)",
                deviceId,
                windowStart,
                windowEnd,
                max,
                mean,
                zScore,
                readings);
    }
}
