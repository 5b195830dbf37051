package dev.streamkit.state;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.internal.Expiry;
import dev.streamkit.state.internal.Uids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;

/**
 * Keeps the last {@code n} records per key that are younger than {@code expireAfter} and emits, for
 * every record, that list (oldest first, the current record last).
 *
 * <pre>{@code
 * LastN<String, Txn> recent = LastN.<String, Txn>builder(5, Duration.ofHours(1), txnType).build();
 * DataStream<List<Txn>> lastFive = recent.apply(txns.keyBy(Txn::getCardId));
 * }</pre>
 *
 * <p>State per key: the list (at most {@code n} records with their times), an expiry and one timer;
 * everything is removed once the newest record is older than {@code expireAfter}.
 *
 * <p>Instances are immutable; the class is also the {@link KeyedProcessFunction} {@link #apply}
 * runs, for power users who wire it themselves.
 *
 * @param <K> the key type
 * @param <T> the record type
 * @serial exclude
 */
@PublicEvolving
public final class LastN<K, T> extends KeyedProcessFunction<K, T, List<T>>
        implements ResultTypeQueryable<List<T>> {
    private static final long serialVersionUID = 1L;

    /** Name of the list state (savepoint contract). */
    public static final String EVENTS_STATE = "streamkit-last-n";

    /** Name of the expiry state (savepoint contract). */
    public static final String EXPIRY_STATE = "streamkit-last-n-expiry";

    private final int n;
    private final long expireAfterMillis;
    private final boolean eventTime;
    private final TypeInformation<T> type;
    private final String name;
    private final String uid;

    private transient ValueState<List<Tuple2<Long, T>>> events;
    private transient ValueState<Long> expiryState;
    private transient Expiry expiry;

    private LastN(Builder<K, T> b) {
        this.n = b.n;
        this.expireAfterMillis = b.expireAfter.toMillis();
        this.eventTime = b.eventTime;
        this.type = b.type;
        this.name =
                b.name != null
                        ? b.name
                        : "Streamkit last " + n + " within " + Uids.readable(expireAfterMillis);
        this.uid =
                b.uid != null
                        ? b.uid
                        : Uids.defaultUid(
                                "last-n",
                                "name="
                                        + name
                                        + ";n="
                                        + n
                                        + ";expireAfterMillis="
                                        + expireAfterMillis
                                        + ";eventTime="
                                        + eventTime);
    }

    /**
     * Applies the function to {@code keyed}, keyed by the user's choice.
     *
     * @param keyed the records, keyed
     * @return the output, with {@link #name()} and {@link #uid()} set
     */
    public SingleOutputStreamOperator<List<T>> apply(KeyedStream<T, K> keyed) {
        return keyed.process(this).name(name).uid(uid);
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, else a readable default
     */
    public String name() {
        return name;
    }

    /**
     * The operator uid.
     *
     * @return the uid set with {@link Builder#uid}, else {@code streamkit-last-n-<8 hex digits>} of
     *     the name, n, expiry and time domain
     */
    public String uid() {
        return uid;
    }

    /**
     * The last {@code n} records per key younger than {@code expireAfter}.
     *
     * @param n how many records to keep, in [1, 10000]
     * @param expireAfter how long a record is kept, at least 1 ms
     * @param type the record type
     * @param <K> the key type
     * @param <T> the record type
     * @return a builder with the defaults (event time)
     */
    public static <K, T> Builder<K, T> builder(
            int n, Duration expireAfter, TypeInformation<T> type) {
        return new Builder<>(n, expireAfter, type);
    }

    /**
     * The type of the emitted lists.
     *
     * @return a list type of the record type
     */
    public TypeInformation<List<T>> outputType() {
        return Types.LIST(type);
    }

    /**
     * The type of the emitted lists.
     *
     * @return {@link #outputType()}
     */
    @Override
    public TypeInformation<List<T>> getProducedType() {
        return outputType();
    }

    /** Opens the state and the metrics; called by Flink. */
    @Override
    public void open(OpenContext parameters) {
        events =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        EVENTS_STATE, Types.LIST(Types.TUPLE(Types.LONG, type))));
        expiryState =
                getRuntimeContext().getState(new ValueStateDescriptor<>(EXPIRY_STATE, Types.LONG));
        expiry = new Expiry(eventTime, "Streamkit LastN");
    }

    /** Processes one record; called by Flink. */
    @Override
    public void processElement(T value, Context ctx, Collector<List<T>> out) throws Exception {
        long now = expiry.now(ctx.timestamp(), ctx.timerService());
        List<Tuple2<Long, T>> current = events.value();
        List<Tuple2<Long, T>> next = new ArrayList<>(n);
        if (current != null) {
            for (Tuple2<Long, T> e : current) {
                if (TimeMath.add(e.f0, expireAfterMillis) > now) {
                    next.add(e);
                }
            }
        }
        next.add(Tuple2.of(now, value));
        while (next.size() > n) {
            next.remove(0);
        }
        events.update(next);
        expiry.extend(expiryState, TimeMath.add(now, expireAfterMillis), ctx.timerService());
        List<T> result = new ArrayList<>(next.size());
        for (Tuple2<Long, T> e : next) {
            result.add(e.f1);
        }
        out.collect(result);
    }

    /** Expires the key's state; called by Flink. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<List<T>> out)
            throws Exception {
        if (expiry.fire(expiryState, timestamp, ctx.timerService())) {
            events.clear();
        }
    }

    /**
     * Builds a {@link LastN}. Default: event time. Builders are immutable: every setter returns a
     * new builder and leaves the receiver unchanged.
     *
     * @param <K> the key type
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final int n;
        private final Duration expireAfter;
        private final TypeInformation<T> type;
        private boolean eventTime = true;
        private String name;
        private String uid;

        Builder(int n, Duration expireAfter, TypeInformation<T> type) {
            this.n = n;
            this.expireAfter = expireAfter;
            this.type = type;
        }

        private Builder(Builder<K, T> o) {
            this(o.n, o.expireAfter, o.type);
            this.eventTime = o.eventTime;
            this.name = o.name;
            this.uid = o.uid;
        }

        /**
         * Ages records on the wall clock when they arrive; the default is event time.
         *
         * @return a new builder in processing time
         */
        public Builder<K, T> inProcessingTime() {
            Builder<K, T> b = new Builder<>(this);
            b.eventTime = false;
            return b;
        }

        /**
         * The operator name (default {@code Streamkit last <n> within <expireAfter>}); part of the
         * default uid.
         *
         * @param name not empty
         * @return a new builder with the name set
         */
        public Builder<K, T> name(String name) {
            Builder<K, T> b = new Builder<>(this);
            b.name = name;
            return b;
        }

        /**
         * The operator uid, which savepoints match state by. Default: {@code streamkit-last-n-<8
         * hex digits>} of a hash of the name, n, expiry and time domain.
         *
         * @param uid not empty
         * @return a new builder with the uid set
         */
        public Builder<K, T> uid(String uid) {
            Builder<K, T> b = new Builder<>(this);
            b.uid = uid;
            return b;
        }

        /**
         * Validates the configuration, naming the offending parameter.
         *
         * @return the immutable function
         * @throws IllegalArgumentException if a parameter is missing or invalid
         */
        public LastN<K, T> build() {
            Preconditions.checkArgument(
                    n >= 1 && n <= 10_000, "n must be in [1, 10000], got %s", n);
            Preconditions.checkArgument(
                    expireAfter != null && expireAfter.toMillis() >= 1,
                    "expireAfter must be at least 1 ms, got %s",
                    expireAfter);
            Preconditions.checkArgument(type != null, "type must not be null");
            Preconditions.checkArgument(
                    name == null || !name.isEmpty(), "name must not be empty when set");
            Preconditions.checkArgument(
                    uid == null || !uid.isEmpty(), "uid must not be empty when set");
            return new LastN<>(this);
        }
    }
}
