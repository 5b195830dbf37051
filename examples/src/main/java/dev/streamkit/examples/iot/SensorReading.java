package dev.streamkit.examples.iot;

import java.util.Objects;

/** One telemetry reading of a device, as it arrives in JSON from Kinesis (a Flink POJO). */
public class SensorReading {
    public String readingId;
    public String deviceId;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    /** Degrees Celsius. */
    public double temperature;

    public SensorReading() {}

    public SensorReading(String readingId, String deviceId, long timestamp, double temperature) {
        this.readingId = readingId;
        this.deviceId = deviceId;
        this.timestamp = timestamp;
        this.temperature = temperature;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SensorReading)) {
            return false;
        }
        SensorReading that = (SensorReading) o;
        return timestamp == that.timestamp
                && Double.compare(temperature, that.temperature) == 0
                && Objects.equals(readingId, that.readingId)
                && Objects.equals(deviceId, that.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(readingId, deviceId, timestamp, temperature);
    }

    @Override
    public String toString() {
        return "SensorReading{"
                + readingId
                + ", "
                + deviceId
                + ", "
                + timestamp
                + ", "
                + temperature
                + '}';
    }
}
