package dev.streamkit.state;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.internal.Expiry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;

/**
 * Keeps the last {@code n} records per key that are younger than {@code expireAfter} and emits, for
 * every record, that list (oldest first, the current record last).
 *
 * <pre>{@code
 * LastN<String, Txn> recent = LastN.<String, Txn>builder(5, Duration.ofHours(1), txnType).build();
 * DataStream<List<Txn>> lastFive = txns.keyBy(Txn::getCardId).process(recent);
 * }</pre>
 *
 * <p>State per key: the list (at most {@code n} records with their times), an expiry and one timer;
 * everything is removed once the newest record is older than {@code expireAfter}.
 */
@PublicEvolving
public final class LastN<K, T> extends KeyedProcessFunction<K, T, List<T>>
        implements ResultTypeQueryable<List<T>> {
    private static final long serialVersionUID = 1L;

    public static final String EVENTS_STATE = "streamkit-last-n";
    public static final String EXPIRY_STATE = "streamkit-last-n-expiry";

    private final int n;
    private final long expireAfterMillis;
    private final boolean eventTime;
    private final TypeInformation<T> type;

    private transient ValueState<List<Tuple2<Long, T>>> events;
    private transient ValueState<Long> expiryState;
    private transient Expiry expiry;

    private LastN(Builder<K, T> b) {
        this.n = b.n;
        this.expireAfterMillis = b.expireAfter.toMillis();
        this.eventTime = b.eventTime;
        this.type = b.type;
    }

    public static <K, T> Builder<K, T> builder(
            int n, Duration expireAfter, TypeInformation<T> type) {
        return new Builder<>(n, expireAfter, type);
    }

    /** The type of the emitted lists. */
    public TypeInformation<List<T>> outputType() {
        return Types.LIST(type);
    }

    @Override
    public TypeInformation<List<T>> getProducedType() {
        return outputType();
    }

    @Override
    public void open(Configuration parameters) {
        events =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        EVENTS_STATE, Types.LIST(Types.TUPLE(Types.LONG, type))));
        expiryState =
                getRuntimeContext().getState(new ValueStateDescriptor<>(EXPIRY_STATE, Types.LONG));
        expiry = new Expiry(eventTime, "Streamkit LastN");
    }

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

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<List<T>> out)
            throws Exception {
        if (expiry.fire(expiryState, timestamp, ctx.timerService())) {
            events.clear();
        }
    }

    /** Builds a {@link LastN}. Default: event time. */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final int n;
        private final Duration expireAfter;
        private final TypeInformation<T> type;
        private boolean eventTime = true;

        Builder(int n, Duration expireAfter, TypeInformation<T> type) {
            this.n = n;
            this.expireAfter = expireAfter;
            this.type = type;
        }

        public Builder<K, T> inProcessingTime() {
            this.eventTime = false;
            return this;
        }

        public LastN<K, T> build() {
            Preconditions.checkArgument(
                    n >= 1 && n <= 10_000, "n must be in [1, 10000], got %s", n);
            Preconditions.checkArgument(
                    expireAfter != null && expireAfter.toMillis() >= 1,
                    "expireAfter must be at least 1 ms, got %s",
                    expireAfter);
            Preconditions.checkArgument(type != null, "type must not be null");
            return new LastN<>(this);
        }
    }
}
