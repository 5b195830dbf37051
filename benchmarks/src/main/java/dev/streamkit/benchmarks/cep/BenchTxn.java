package dev.streamkit.benchmarks.cep;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A card/account event as a fraud pipeline sees it, in a compact form so that the benchmark
 * pipeline (source, keyBy, sink) costs about what the {@code ceiling} suite's does and the detector
 * dominates: an explicit serializer ({@link BenchTxnSerializer}, no reflection, no Kryo, 37 bytes a
 * record) and a numeric account id whose key string comes from a table built once ({@link
 * #accountKey}), so neither side decodes or hashes a fresh string per record. A job that reads
 * string ids from the wire pays that on both engines alike.
 */
@TypeInfo(BenchTxn.TypeFactory.class)
public final class BenchTxn {
    /** The type information of {@link BenchTxn}: its explicit serializer. */
    public static final TypeInformation<BenchTxn> TYPE = new BenchTxnTypeInfo();

    private static final int NAMED_ACCOUNTS = 10_000;
    private static final String[] ACCOUNT_KEYS = new String[NAMED_ACCOUNTS];

    static {
        for (int i = 0; i < NAMED_ACCOUNTS; i++) {
            ACCOUNT_KEYS[i] = "acct-" + i;
        }
    }

    public int account;
    public long time;
    public EventKind kind;
    public double amount;
    public double lat;
    public double lon;

    public BenchTxn() {}

    public BenchTxn(int account, long time, EventKind kind, double amount, double lat, double lon) {
        this.account = account;
        this.time = time;
        this.kind = kind;
        this.amount = amount;
        this.lat = lat;
        this.lon = lon;
    }

    /** The pattern key of an account id: {@code acct-<id>}, one shared instance per id. */
    public static String accountKey(int account) {
        return account >= 0 && account < NAMED_ACCOUNTS ? ACCOUNT_KEYS[account] : "acct-" + account;
    }

    /** How the fraud patterns read a {@link BenchTxn}. */
    public static final EventAdapter<BenchTxn> ADAPTER =
            new EventAdapter<BenchTxn>() {
                @Override
                public String key(BenchTxn e) {
                    return accountKey(e.account);
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
        return account == that.account
                && time == that.time
                && Double.compare(amount, that.amount) == 0
                && Double.compare(lat, that.lat) == 0
                && Double.compare(lon, that.lon) == 0
                && kind == that.kind;
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(account);
        h = 31 * h + Long.hashCode(time);
        h = 31 * h + (kind == null ? 0 : kind.hashCode());
        h = 31 * h + Double.hashCode(amount);
        h = 31 * h + Double.hashCode(lat);
        return 31 * h + Double.hashCode(lon);
    }

    @Override
    public String toString() {
        return kind + "(" + accountKey(account) + "@" + time + " $" + amount + ")";
    }

    /** Makes type extraction (lambdas, {@code TypeInformation.of}) pick {@link #TYPE}. */
    public static final class TypeFactory extends TypeInfoFactory<BenchTxn> {
        @Override
        public TypeInformation<BenchTxn> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }
}
