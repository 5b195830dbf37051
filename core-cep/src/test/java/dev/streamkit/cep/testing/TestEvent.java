package dev.streamkit.cep.testing;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** A user-style event POJO (serialized by Flink's PojoSerializer, never Kryo). */
public class TestEvent {
    public static final TypeInformation<TestEvent> TYPE = TypeInformation.of(TestEvent.class);

    public static final EventAdapter<TestEvent> ADAPTER =
            new EventAdapter<TestEvent>() {
                @Override
                public String key(TestEvent e) {
                    return e.key;
                }

                @Override
                public long eventTimeMillis(TestEvent e) {
                    return e.time;
                }

                @Override
                public double amount(TestEvent e) {
                    return e.amount;
                }

                @Override
                public EventKind kind(TestEvent e) {
                    return e.kind;
                }

                @Override
                public boolean hasLocation(TestEvent e) {
                    return !Double.isNaN(e.lat);
                }

                @Override
                public double latitude(TestEvent e) {
                    return e.lat;
                }

                @Override
                public double longitude(TestEvent e) {
                    return e.lon;
                }
            };

    public String key;
    public long time;
    public EventKind kind;
    public double amount;
    public double lat = Double.NaN;
    public double lon = Double.NaN;

    /** Distinguishes otherwise equal events in assertions. */
    public int seq;

    public TestEvent() {}

    public TestEvent(String key, long time, EventKind kind, double amount) {
        this.key = key;
        this.time = time;
        this.kind = kind;
        this.amount = amount;
    }

    public static TestEvent txn(String key, long time, double amount) {
        return new TestEvent(key, time, EventKind.TRANSACTION, amount);
    }

    public static TestEvent failure(String key, long time) {
        return new TestEvent(key, time, EventKind.LOGIN_FAILURE, 0);
    }

    public static TestEvent success(String key, long time) {
        return new TestEvent(key, time, EventKind.LOGIN_SUCCESS, 0);
    }

    public static TestEvent change(String key, long time) {
        return new TestEvent(key, time, EventKind.CREDENTIAL_CHANGE, 0);
    }

    public static TestEvent other(String key, long time) {
        return new TestEvent(key, time, EventKind.OTHER, 0);
    }

    public TestEvent at(double latitude, double longitude) {
        this.lat = latitude;
        this.lon = longitude;
        return this;
    }

    public TestEvent seq(int seq) {
        this.seq = seq;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TestEvent)) {
            return false;
        }
        TestEvent that = (TestEvent) o;
        return time == that.time
                && seq == that.seq
                && Double.compare(amount, that.amount) == 0
                && Double.compare(lat, that.lat) == 0
                && Double.compare(lon, that.lon) == 0
                && Objects.equals(key, that.key)
                && kind == that.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, time, kind, amount, lat, lon, seq);
    }

    @Override
    public String toString() {
        return kind
                + "("
                + key
                + "@"
                + time
                + (amount != 0 ? " $" + amount : "")
                + (Double.isNaN(lat) ? "" : " [" + lat + "," + lon + "]")
                + (seq != 0 ? " #" + seq : "")
                + ")";
    }
}
