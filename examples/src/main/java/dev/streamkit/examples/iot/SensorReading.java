package dev.streamkit.examples.iot;

import dev.streamkit.aws.kinesis.KinesisJsonSource;
import dev.streamkit.examples.common.Contracts;
import java.util.Objects;

/**
 * One telemetry reading of a device, as it arrives in JSON from Kinesis (a Flink POJO).
 *
 * <p>Input contract ({@link #contract}; a record that breaks it is a dead letter naming the rule):
 * every field is required: {@code readingId} and {@code deviceId} (ids: non-blank, at most 256
 * characters), {@code timestamp} (epoch millis, plausible) and {@code temperature} (a finite number
 * in [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}] degrees Celsius: a missing temperature
 * is not 0 degrees, and one absurd value would spoil a minute's average and the detector's window).
 */
public class SensorReading {
    public static final double MIN_TEMPERATURE = -273.15;
    public static final double MAX_TEMPERATURE = 1_000;

    public String readingId;
    public String deviceId;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    /** Degrees Celsius; boxed so that a missing value is null (and rejected), never 0. */
    public Double temperature;

    public SensorReading() {}

    public SensorReading(String readingId, String deviceId, long timestamp, Double temperature) {
        this.readingId = readingId;
        this.deviceId = deviceId;
        this.timestamp = timestamp;
        this.temperature = temperature;
    }

    /**
     * Declares the contract above on the JSON decoding.
     *
     * @param decoding the decoding to extend (builders are immutable: use the one returned)
     * @return the decoding with the requirements declared
     */
    public static KinesisJsonSource.Builder<SensorReading> contract(
            KinesisJsonSource.Builder<SensorReading> decoding) {
        return decoding.require(Contracts.id("readingId"), r -> Contracts.isId(r.readingId))
                .require(Contracts.id("deviceId"), r -> Contracts.isId(r.deviceId))
                .require(Contracts.TIMESTAMP, r -> Contracts.plausibleTime(r.timestamp))
                .require(
                        "temperature is a number in ["
                                + MIN_TEMPERATURE
                                + ", "
                                + MAX_TEMPERATURE
                                + "]",
                        r ->
                                r.temperature != null
                                        && r.temperature >= MIN_TEMPERATURE
                                        && r.temperature <= MAX_TEMPERATURE);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SensorReading)) {
            return false;
        }
        SensorReading that = (SensorReading) o;
        return timestamp == that.timestamp
                && Objects.equals(temperature, that.temperature)
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
