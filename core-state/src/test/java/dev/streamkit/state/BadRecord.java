package dev.streamkit.state;

import java.util.Objects;

/**
 * A test record as a producer might send it: the id may be missing (null), the value NaN or
 * infinite. A public POJO, so the invalid-record side output can carry records whose id is null.
 */
public class BadRecord {
    public Long id;
    public int seq;
    public double value;

    public BadRecord() {}

    public BadRecord(Long id, int seq, double value) {
        this.id = id;
        this.seq = seq;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BadRecord)) {
            return false;
        }
        BadRecord r = (BadRecord) o;
        return seq == r.seq && Objects.equals(id, r.id) && Double.compare(value, r.value) == 0;
    }

    @Override
    public int hashCode() {
        return seq;
    }

    @Override
    public String toString() {
        return "r" + seq + "(" + id + "," + value + ")";
    }
}
