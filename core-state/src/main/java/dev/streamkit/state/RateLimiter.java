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
 * Per-key throttling: at most {@code maxRecords} records per key in each period; a period starts
 * with the first record of a key after the previous period ended. Records over the limit are
 * counted ({@code numThrottledRecords}) and dropped or routed to {@link Builder#throttledTo}.
 *
 * <pre>{@code
 * RateLimiter<String, Notification> limit =
 *         RateLimiter.<String, Notification>builder(3, Duration.ofMinutes(1), notificationType)
 *                 .throttledTo(THROTTLED)
 *                 .build();
 * SingleOutputStreamOperator<Notification> sent =
 *         limit.apply(notifications.keyBy(Notification::getUserId));
 * DataStream<Notification> held = sent.getSideOutput(THROTTLED);
 * }</pre>
 *
 * <p>State per key: (period end, count) and one timer at the period end, both removed then.
 *
 * <p>Instances are immutable; the class is also the {@link KeyedProcessFunction} {@link #apply}
 * runs, for power users who wire it themselves.
 *
 * @param <K> the key type
 * @param <T> the record type
 * @serial exclude
 */
@PublicEvolving
public final class RateLimiter<K, T> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    /** Name of the (period end, count) state (savepoint contract). */
    public static final String STATE = "streamkit-rate-limit";

    private final int maxRecords;
    private final long periodMillis;
    private final boolean eventTime;
    @Nullable private final OutputTag<T> throttledTag;
    private final TypeInformation<T> recordType;
    private final String name;
    private final String uid;

    private transient ValueState<Tuple2<Long, Integer>> state;
    private transient Expiry expiry;
    private transient Counter throttled;

    private RateLimiter(Builder<K, T> b) {
        this.maxRecords = b.maxRecords;
        this.periodMillis = b.period.toMillis();
        this.eventTime = b.eventTime;
        this.throttledTag = b.throttledTag;
        this.recordType = b.recordType;
        this.name =
                b.name != null
                        ? b.name
                        : "Streamkit rate limiter "
                                + maxRecords
                                + "/"
                                + Uids.readable(periodMillis);
        this.uid =
                b.uid != null
                        ? b.uid
                        : Uids.defaultUid(
                                "rate-limiter",
                                "name="
                                        + name
                                        + ";maxRecords="
                                        + maxRecords
                                        + ";periodMillis="
                                        + periodMillis
                                        + ";eventTime="
                                        + eventTime);
    }

    /**
     * Applies the function to {@code keyed}, keyed by the user's choice.
     *
     * @param keyed the records, keyed
     * @return the output, with {@link #name()} and {@link #uid()} set; throttled records on {@link
     *     #throttledTag()}
     */
    public SingleOutputStreamOperator<T> apply(KeyedStream<T, K> keyed) {
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
     * @return the uid set with {@link Builder#uid}, else {@code streamkit-rate-limiter-<8 hex
     *     digits>} of the name, limit, period and time domain
     */
    public String uid() {
        return uid;
    }

    /**
     * At most {@code maxRecords} records per key and period.
     *
     * @param maxRecords the limit per period, at least 1
     * @param period the period length, at least 1 ms
     * @param recordType the record type
     * @param <K> the key type
     * @param <T> the record type
     * @return a builder with the defaults (event time, throttled records dropped)
     */
    public static <K, T> Builder<K, T> builder(
            int maxRecords, Duration period, TypeInformation<T> recordType) {
        return new Builder<>(maxRecords, period, recordType);
    }

    /**
     * The type of the records let through.
     *
     * @return the record type given to {@link #builder}
     */
    @Override
    public TypeInformation<T> getProducedType() {
        return recordType;
    }

    /**
     * The side output of records over the limit.
     *
     * @return the tag given to {@link Builder#throttledTo}
     * @throws IllegalStateException if throttled records are only counted and dropped
     */
    public OutputTag<T> throttledTag() {
        if (throttledTag == null) {
            throw Uids.unset(
                    "throttled records are counted (numThrottledRecords) and dropped",
                    "throttledTo");
        }
        return throttledTag;
    }

    /** Opens the state and the metrics; called by Flink. */
    @Override
    public void open(OpenContext parameters) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE, Types.TUPLE(Types.LONG, Types.INT)));
        expiry = new Expiry(eventTime, "Streamkit RateLimiter");
        throttled = getRuntimeContext().getMetricGroup().counter("numThrottledRecords");
    }

    /** Processes one record; called by Flink. */
    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        long now = expiry.now(ctx.timestamp(), ctx.timerService());
        Tuple2<Long, Integer> period = state.value();
        // A period whose end saturated at TimeMath.MAX_TIME (records at the end of time, e.g.
        // alerts
        // emitted at the final watermark) lasts until the end-of-input timer closes it.
        if (period != null && now >= period.f0 && period.f0 != TimeMath.MAX_TIME) {
            // the period ended; its timer may not have fired yet (watermark lag)
            expiry.delete(period.f0, ctx.timerService());
            period = null;
        }
        if (period == null) {
            long end = TimeMath.add(now, periodMillis);
            state.update(Tuple2.of(end, 1));
            expiry.register(end, ctx.timerService());
            out.collect(value);
        } else if (period.f1 < maxRecords) {
            period.f1++;
            state.update(period);
            out.collect(value);
        } else {
            throttled.inc();
            if (throttledTag != null) {
                ctx.output(throttledTag, value);
            }
        }
    }

    /** Expires the key's state; called by Flink. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        Tuple2<Long, Integer> period = state.value();
        if (period != null && period.f0 <= timestamp) {
            state.clear();
        }
    }

    /**
     * Builds a {@link RateLimiter}. Default: event time, throttled records dropped. Builders are
     * immutable: every setter returns a new builder and leaves the receiver unchanged.
     *
     * @param <K> the key type
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final int maxRecords;
        private final Duration period;
        private final TypeInformation<T> recordType;
        private boolean eventTime = true;
        private OutputTag<T> throttledTag;
        private String name;
        private String uid;

        Builder(int maxRecords, Duration period, TypeInformation<T> recordType) {
            this.maxRecords = maxRecords;
            this.period = period;
            this.recordType = recordType;
        }

        private Builder(Builder<K, T> o) {
            this(o.maxRecords, o.period, o.recordType);
            this.eventTime = o.eventTime;
            this.throttledTag = o.throttledTag;
            this.name = o.name;
            this.uid = o.uid;
        }

        /**
         * Periods run on the wall clock when records arrive; the default is event time.
         *
         * @return a new builder in processing time
         */
        public Builder<K, T> inProcessingTime() {
            Builder<K, T> b = new Builder<>(this);
            b.eventTime = false;
            return b;
        }

        /**
         * Route records over the limit to this side output (they are always counted in {@code
         * numThrottledRecords}).
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing throttled records
         */
        public Builder<K, T> throttledTo(OutputTag<T> tag) {
            Builder<K, T> b = new Builder<>(this);
            b.throttledTag = tag;
            return b;
        }

        /**
         * The operator name (default {@code Streamkit rate limiter <maxRecords>/<period>}); part of
         * the default uid.
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
         * streamkit-rate-limiter-<8 hex digits>} of a hash of the name, limit, period and time
         * domain.
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
        public RateLimiter<K, T> build() {
            Preconditions.checkArgument(
                    maxRecords >= 1, "maxRecords must be >= 1, got %s", maxRecords);
            Preconditions.checkArgument(
                    period != null && period.toMillis() >= 1,
                    "period must be at least 1 ms, got %s",
                    period);
            Preconditions.checkArgument(recordType != null, "recordType must not be null");
            Preconditions.checkArgument(
                    name == null || !name.isEmpty(), "name must not be empty when set");
            Preconditions.checkArgument(
                    uid == null || !uid.isEmpty(), "uid must not be empty when set");
            return new RateLimiter<>(this);
        }
    }
}
