package dev.streamkit.benchmarks.data;

/** The record every suite replays: a key, an event time and a value (a Flink POJO, no Kryo). */
public class BenchEvent {
    public long key;
    public long timestamp;
    public long value;

    public BenchEvent() {}

    public BenchEvent(long key, long timestamp, long value) {
        this.key = key;
        this.timestamp = timestamp;
        this.value = value;
    }

    public long getKey() {
        return key;
    }

    @Override
    public String toString() {
        return "BenchEvent{key=" + key + ", timestamp=" + timestamp + ", value=" + value + '}';
    }
}
