package dev.streamkit.benchmarks.cep;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import java.util.Objects;

/** A card/account event as a fraud pipeline sees it (a Flink POJO, no Kryo). */
public class BenchTxn {
    public String account;
    public long time;
    public EventKind kind;
    public double amount;
    public double lat;
    public double lon;

    public BenchTxn() {}

    public BenchTxn(
            String account, long time, EventKind kind, double amount, double lat, double lon) {
        this.account = account;
        this.time = time;
        this.kind = kind;
        this.amount = amount;
        this.lat = lat;
        this.lon = lon;
    }

    /** How the fraud patterns read a {@link BenchTxn}. */
    public static final EventAdapter<BenchTxn> ADAPTER =
            new EventAdapter<BenchTxn>() {
                @Override
                public String key(BenchTxn e) {
                    return e.account;
                }

                @Override
                public long eventTimeMillis(BenchTxn e) {
                    return e.time;
                }

                @Override
                public double amount(BenchTxn e) {
                    return e.amount;
                }

                @Override
                public EventKind kind(BenchTxn e) {
                    return e.kind;
                }

                @Override
                public boolean hasLocation(BenchTxn e) {
                    return true;
                }

                @Override
                public double latitude(BenchTxn e) {
                    return e.lat;
                }

                @Override
                public double longitude(BenchTxn e) {
                    return e.lon;
                }
            };

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BenchTxn)) {
            return false;
        }
        BenchTxn that = (BenchTxn) o;
        return time == that.time
                && Double.compare(amount, that.amount) == 0
                && Double.compare(lat, that.lat) == 0
                && Double.compare(lon, that.lon) == 0
                && Objects.equals(account, that.account)
                && kind == that.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, time, kind, amount, lat, lon);
    }

    @Override
    public String toString() {
        return kind + "(" + account + "@" + time + " $" + amount + ")";
    }
}
