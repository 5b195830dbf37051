package dev.streamkit.upgrade;

import java.io.Serializable;

/** The upgrade job's event: a Flink POJO (PojoSerializer, never Kryo) on both Flink lines. */
public class Ev implements Serializable {
    private static final long serialVersionUID = 1L;

    public String key;
    public String id;
    public long time;
    public double amount;

    public Ev() {}

    public Ev(String key, String id, long time, double amount) {
        this.key = key;
        this.id = id;
        this.time = time;
        this.amount = amount;
    }

    public Ev copy() {
        return new Ev(key, id, time, amount);
    }

    public String getKey() {
        return key;
    }

    @Override
    public String toString() {
        return key + "/" + id + "@" + time + "=" + amount;
    }
}
