package dev.streamkit.examples.iot;

import java.util.Locale;
import java.util.Objects;

/** One device's statistics over one minute: what the IoT job writes to OpenSearch. */
public class DeviceMinute {
    public String deviceId;

    /** The minute, {@code [windowStart, windowEnd)} in epoch milliseconds. */
    public long windowStart;

    public long windowEnd;
    public long readings;
    public double avg;
    public double min;
    public double max;
    public double p95;

    public DeviceMinute() {}

    public DeviceMinute(
            String deviceId,
            long windowStart,
            long windowEnd,
            long readings,
            double avg,
            double min,
            double max,
            double p95) {
        this.deviceId = deviceId;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.readings = readings;
        this.avg = avg;
        this.min = min;
        this.max = max;
        this.p95 = p95;
    }

    /** A stable document id: one document per device and minute (idempotent upserts). */
    public String documentId() {
        return deviceId + "-" + windowStart;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeviceMinute)) {
            return false;
        }
        DeviceMinute that = (DeviceMinute) o;
        return windowStart == that.windowStart
                && windowEnd == that.windowEnd
                && readings == that.readings
                && Double.compare(avg, that.avg) == 0
                && Double.compare(min, that.min) == 0
                && Double.compare(max, that.max) == 0
                && Double.compare(p95, that.p95) == 0
                && Objects.equals(deviceId, that.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, windowStart, windowEnd, readings, avg, min, max, p95);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s [%d..%d) n=%d avg=%.2f min=%.2f max=%.2f p95=%.2f",
                deviceId,
                windowStart,
                windowEnd,
                readings,
                avg,
                min,
                max,
                p95);
    }
}
