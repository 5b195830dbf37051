package dev.streamkit.windows.internal;

import org.apache.flink.annotation.Internal;

/** Accumulator of first/last-by-event-time: the chosen value and its event time. */
@Internal
public final class TimedValue<V> {
    public boolean present;
    public long timestamp;
    public V value;

    public TimedValue() {}

    public TimedValue(boolean present, long timestamp, V value) {
        this.present = present;
        this.timestamp = timestamp;
        this.value = value;
    }
}
