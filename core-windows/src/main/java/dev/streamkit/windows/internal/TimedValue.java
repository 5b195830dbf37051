package dev.streamkit.windows.internal;

import org.apache.flink.annotation.Internal;

/** Accumulator of first/last-by-event-time: the chosen value and its event time. */
@Internal
public final class TimedValue<V> {
    /** Whether a value was added. */
    public boolean present;

    /** The event time of the value. */
    public long timestamp;

    /** The value. */
    public V value;

    /** Empty. */
    public TimedValue() {}

    /**
     * A value.
     *
     * @param present whether a value was added
     * @param timestamp its event time
     * @param value the value
     */
    public TimedValue(boolean present, long timestamp, V value) {
        this.present = present;
        this.timestamp = timestamp;
        this.value = value;
    }
}
