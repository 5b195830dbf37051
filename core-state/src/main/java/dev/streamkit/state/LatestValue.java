package dev.streamkit.state;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.internal.Expiry;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * Keeps the latest value per key (e.g. a device's last report) and notifies when a key has not been
 * updated for {@code expireAfter}: the last value goes to the side output {@link #expired()} and
 * the key's state is removed.
 *
 * <pre>{@code
 * LatestValue<String, Reading> lastSeen =
 *         LatestValue.<String, Reading>builder(Duration.ofMinutes(5), readingType).build();
 * SingleOutputStreamOperator<Reading> updates = readings.keyBy(Reading::getDeviceId).process(lastSeen);
 * DataStream<Reading> silentDevices = updates.getSideOutput(lastSeen.expired());
 * }</pre>
 *
 * <p>Every update that is not older than the stored one is forwarded on the main output; older
 * (out-of-order) updates are counted in {@code numStaleRecords} and dropped. State per key: one
 * (timestamp, value) entry, one expiry entry and one timer, all removed on expiry. Expiry
 * notifications carry the expiry time as timestamp in event time.
 */
@PublicEvolving
public final class LatestValue<K, T> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    public static final String VALUE_STATE = "streamkit-latest-value";
    public static final String EXPIRY_STATE = "streamkit-latest-expiry";

    private final long expireAfterMillis;
    private final boolean eventTime;
    private final TypeInformation<T> type;
    private final OutputTag<T> expired;

    private transient ValueState<Tuple2<Long, T>> latest;
    private transient ValueState<Long> expiryState;
    private transient Expiry expiry;
    private transient Counter stale;

    private LatestValue(Builder<K, T> b) {
        this.expireAfterMillis = b.expireAfter.toMillis();
        this.eventTime = b.eventTime;
        this.type = b.type;
        this.expired = new OutputTag<>("streamkit-latest-expired", b.type);
    }

    public static <K, T> Builder<K, T> builder(Duration expireAfter, TypeInformation<T> type) {
        return new Builder<>(expireAfter, type);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    /** The side output of expiry notifications (the last value of the expired key). */
    public OutputTag<T> expired() {
        return expired;
    }

    @Override
    public void open(Configuration parameters) {
        latest =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        VALUE_STATE, Types.TUPLE(Types.LONG, type)));
        expiryState =
                getRuntimeContext().getState(new ValueStateDescriptor<>(EXPIRY_STATE, Types.LONG));
        expiry = new Expiry(eventTime, "Streamkit LatestValue");
        stale = getRuntimeContext().getMetricGroup().counter("numStaleRecords");
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        long now = expiry.now(ctx.timestamp(), ctx.timerService());
        Tuple2<Long, T> current = latest.value();
        if (current != null && now < current.f0) {
            stale.inc();
            return;
        }
        latest.update(Tuple2.of(now, value));
        expiry.extend(expiryState, TimeMath.add(now, expireAfterMillis), ctx.timerService());
        out.collect(value);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        if (expiry.fire(expiryState, timestamp, ctx.timerService())) {
            Tuple2<Long, T> current = latest.value();
            latest.clear();
            if (current != null) {
                ctx.output(expired, current.f1);
            }
        }
    }

    /** Builds a {@link LatestValue}. Default: event time. */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final Duration expireAfter;
        private final TypeInformation<T> type;
        private boolean eventTime = true;

        Builder(Duration expireAfter, TypeInformation<T> type) {
            this.expireAfter = expireAfter;
            this.type = type;
        }

        public Builder<K, T> inProcessingTime() {
            this.eventTime = false;
            return this;
        }

        public LatestValue<K, T> build() {
            Preconditions.checkArgument(
                    expireAfter != null && expireAfter.toMillis() >= 1,
                    "expireAfter must be at least 1 ms, got %s",
                    expireAfter);
            Preconditions.checkArgument(type != null, "type must not be null");
            return new LatestValue<>(this);
        }
    }
}
