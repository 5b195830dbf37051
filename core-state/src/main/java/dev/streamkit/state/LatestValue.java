package dev.streamkit.state;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.internal.Expiry;
import dev.streamkit.state.internal.Uids;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * Keeps the latest value per key (e.g. a device's last report) and notifies when a key has not been
 * updated for {@code expireAfter}: the last value goes to the side output set with {@link
 * Builder#expiredTo} and the key's state is removed.
 *
 * <pre>{@code
 * OutputTag<Reading> silent = new OutputTag<>("silent-devices", readingType);
 * LatestValue<String, Reading> lastSeen =
 *         LatestValue.<String, Reading>builder(Duration.ofMinutes(5), readingType)
 *                 .expiredTo(silent)
 *                 .build();
 * SingleOutputStreamOperator<Reading> updates = lastSeen.apply(readings.keyBy(Reading::getDeviceId));
 * DataStream<Reading> silentDevices = updates.getSideOutput(silent);
 * }</pre>
 *
 * <p>Every update that is not older than the stored one is forwarded on the main output; older
 * (out-of-order) updates are counted in {@code numStaleRecords} and dropped. State per key: one
 * (timestamp, value) entry, one expiry entry and one timer, all removed on expiry. Expiry
 * notifications carry the expiry time as timestamp in event time; keys expire whether or not {@link
 * Builder#expiredTo} is set.
 *
 * <p>Instances are immutable; the class is also the {@link KeyedProcessFunction} {@link #apply}
 * runs, for power users who wire it themselves.
 *
 * @param <K> the key type
 * @param <T> the record type
 * @serial exclude
 */
@PublicEvolving
public final class LatestValue<K, T> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    /** Name of the (timestamp, value) state (savepoint contract). */
    public static final String VALUE_STATE = "streamkit-latest-value";

    /** Name of the expiry state (savepoint contract). */
    public static final String EXPIRY_STATE = "streamkit-latest-expiry";

    private final long expireAfterMillis;
    private final boolean eventTime;
    private final TypeInformation<T> type;
    @Nullable private final OutputTag<T> expired;
    private final String name;
    private final String uid;

    private transient ValueState<Tuple2<Long, T>> latest;
    private transient ValueState<Long> expiryState;
    private transient Expiry expiry;
    private transient Counter stale;

    private LatestValue(Builder<K, T> b) {
        this.expireAfterMillis = b.expireAfter.toMillis();
        this.eventTime = b.eventTime;
        this.type = b.type;
        this.expired = b.expired;
        this.name =
                b.name != null
                        ? b.name
                        : "Streamkit latest value " + Uids.readable(expireAfterMillis);
        this.uid =
                b.uid != null
                        ? b.uid
                        : Uids.defaultUid(
                                "latest-value",
                                "name="
                                        + name
                                        + ";expireAfterMillis="
                                        + expireAfterMillis
                                        + ";eventTime="
                                        + eventTime);
    }

    /**
     * Keeps the latest value per key, forgotten {@code expireAfter} after its last update.
     *
     * @param expireAfter how long a key lives without updates, at least 1 ms
     * @param type the record type
     * @param <K> the key type
     * @param <T> the record type
     * @return a builder with the defaults (event time, no expiry side output)
     */
    public static <K, T> Builder<K, T> builder(Duration expireAfter, TypeInformation<T> type) {
        return new Builder<>(expireAfter, type);
    }

    /**
     * Keeps the latest value per key of {@code keyed}, keyed by the user's choice.
     *
     * @param keyed the updates, keyed
     * @return the updates that are not stale, with {@link #name()} and {@link #uid()} set; expiry
     *     notifications on {@link #expiredTag()}
     */
    public SingleOutputStreamOperator<T> apply(KeyedStream<T, K> keyed) {
        return keyed.process(this).name(name).uid(uid);
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, default {@code Streamkit latest value
     *     <expireAfter>}
     */
    public String name() {
        return name;
    }

    /**
     * The operator uid.
     *
     * @return the uid set with {@link Builder#uid}, else {@code streamkit-latest-value-<8 hex
     *     digits>} of the name, expiry and time domain
     */
    public String uid() {
        return uid;
    }

    /**
     * The type of the records let through.
     *
     * @return the record type given to {@link #builder}
     */
    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    /**
     * The side output of expiry notifications (the last value of the expired key).
     *
     * @return the tag given to {@link Builder#expiredTo}
     * @throws IllegalStateException if expired keys are only removed
     */
    public OutputTag<T> expiredTag() {
        if (expired == null) {
            throw Uids.unset("expired keys are removed without notification", "expiredTo");
        }
        return expired;
    }

    /** Opens the state and the metric; called by Flink. */
    @Override
    public void open(OpenContext parameters) {
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

    /** Stores and forwards an update unless it is stale; called by Flink. */
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

    /** Expires the key; called by Flink. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        if (expiry.fire(expiryState, timestamp, ctx.timerService())) {
            Tuple2<Long, T> current = latest.value();
            latest.clear();
            if (current != null && expired != null) {
                ctx.output(expired, current.f1);
            }
        }
    }

    /**
     * Builds a {@link LatestValue}. Default: event time, no expiry side output. Builders are
     * immutable: every setter returns a new builder and leaves the receiver unchanged.
     *
     * @param <K> the key type
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final Duration expireAfter;
        private final TypeInformation<T> type;
        private boolean eventTime = true;
        private OutputTag<T> expired;
        private String name;
        private String uid;

        Builder(Duration expireAfter, TypeInformation<T> type) {
            this.expireAfter = expireAfter;
            this.type = type;
        }

        private Builder(Builder<K, T> o) {
            this(o.expireAfter, o.type);
            this.eventTime = o.eventTime;
            this.expired = o.expired;
            this.name = o.name;
            this.uid = o.uid;
        }

        /**
         * Expire on the wall clock when updates arrive; the default is event time.
         *
         * @return a new builder in processing time
         */
        public Builder<K, T> inProcessingTime() {
            Builder<K, T> b = new Builder<>(this);
            b.eventTime = false;
            return b;
        }

        /**
         * Emit the last value of every expired key to this side output.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder emitting expiry notifications
         */
        public Builder<K, T> expiredTo(OutputTag<T> tag) {
            Builder<K, T> b = new Builder<>(this);
            b.expired = tag;
            return b;
        }

        /**
         * The operator name (default {@code Streamkit latest value <expireAfter>}); part of the
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
         * The operator uid, which savepoints match state by. Default: {@code
         * streamkit-latest-value-<8 hex digits>} of a hash of the name, expiry and time domain.
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
        public LatestValue<K, T> build() {
            Preconditions.checkArgument(
                    expireAfter != null && expireAfter.toMillis() >= 1,
                    "expireAfter must be at least 1 ms, got %s",
                    expireAfter);
            Preconditions.checkArgument(type != null, "type must not be null");
            Preconditions.checkArgument(
                    name == null || !name.isEmpty(), "name must not be empty when set");
            Preconditions.checkArgument(
                    uid == null || !uid.isEmpty(), "uid must not be empty when set");
            return new LatestValue<>(this);
        }
    }
}
