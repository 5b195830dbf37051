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
 * Emits the first alert per key, suppresses repeats for a period, then emits a {@link
 * SuppressionSummary} of how many were suppressed (to the side output set with {@link
 * Builder#summariesTo}).
 *
 * <pre>{@code
 * OutputTag<SuppressionSummary<String>> summaryTag =
 *         new OutputTag<>("suppressed", SuppressionSummary.typeInfo(Types.STRING));
 * AlertSuppression<String, Alert> suppress =
 *         AlertSuppression.builder(Duration.ofMinutes(10), Types.STRING, alertType)
 *                 .summariesTo(summaryTag)
 *                 .build();
 * SingleOutputStreamOperator<Alert> alerts = suppress.apply(raw.keyBy(Alert::getRule));
 * DataStream<SuppressionSummary<String>> summaries = alerts.getSideOutput(summaryTag);
 * }</pre>
 *
 * <p>State per key: one (period end, suppressed count) value and one timer, both removed at the end
 * of the period. A period starts at the first alert's time (event time by default); an alert at or
 * after the period end closes the period (its summary is emitted first) and opens a new one.
 * Suppressed alerts are counted in the metric {@code numSuppressedRecords}. Summaries are emitted
 * only for periods that suppressed something, and only if {@link Builder#summariesTo} is set.
 *
 * <p>Instances are immutable; the class is also the {@link KeyedProcessFunction} {@link #apply}
 * runs, for power users who wire it themselves.
 *
 * @param <K> the key type
 * @param <T> the alert type
 * @serial exclude
 */
@PublicEvolving
public final class AlertSuppression<K, T> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    /** State name (savepoint contract). */
    public static final String STATE = "streamkit-suppression";

    private final long periodMillis;
    private final boolean eventTime;
    @Nullable private final OutputTag<SuppressionSummary<K>> summaries;
    private final TypeInformation<T> recordType;
    private final String name;
    private final String uid;

    private transient ValueState<Tuple2<Long, Long>> state;
    private transient Expiry expiry;
    private transient Counter suppressedCounter;

    private AlertSuppression(Builder<K, T> b) {
        this.periodMillis = b.period.toMillis();
        this.eventTime = b.eventTime;
        this.recordType = b.recordType;
        this.summaries = b.summaries;
        this.name =
                b.name != null
                        ? b.name
                        : "Streamkit alert suppression " + Uids.readable(periodMillis);
        this.uid =
                b.uid != null
                        ? b.uid
                        : Uids.defaultUid(
                                "alert-suppression",
                                "name="
                                        + name
                                        + ";periodMillis="
                                        + periodMillis
                                        + ";eventTime="
                                        + eventTime
                                        + ";keyType="
                                        + b.keyType);
    }

    /**
     * Suppresses repeats per key of type {@code keyType}; records are of type {@code recordType}.
     *
     * @param period how long repeats of a key are suppressed after its first alert, at least 1 ms
     * @param keyType the type of the keys of the stream it is applied to
     * @param recordType the type of the alerts
     * @param <K> the key type
     * @param <T> the alert type
     * @return a builder with the defaults (event time, no summaries)
     */
    public static <K, T> Builder<K, T> builder(
            Duration period, TypeInformation<K> keyType, TypeInformation<T> recordType) {
        return new Builder<>(period, keyType, recordType);
    }

    /**
     * Suppresses repeats in {@code keyed}, keyed by the user's choice (rule, device, account).
     *
     * @param keyed the alerts, keyed
     * @return the alerts let through, with {@link #name()} and {@link #uid()} set; summaries on
     *     {@link #summariesTag()}
     */
    public SingleOutputStreamOperator<T> apply(KeyedStream<T, K> keyed) {
        return keyed.process(this).name(name).uid(uid);
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, default {@code Streamkit alert suppression
     *     <period>}
     */
    public String name() {
        return name;
    }

    /**
     * The operator uid.
     *
     * @return the uid set with {@link Builder#uid}, else {@code streamkit-alert-suppression-<8 hex
     *     digits>} of the name, period, time domain and key type
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
        return recordType;
    }

    /**
     * The side output carrying the summaries.
     *
     * @return the tag given to {@link Builder#summariesTo}
     * @throws IllegalStateException if summaries are not emitted
     */
    public OutputTag<SuppressionSummary<K>> summariesTag() {
        if (summaries == null) {
            throw Uids.unset(
                    "suppression summaries are not emitted (suppressed alerts are counted in"
                            + " numSuppressedRecords)",
                    "summariesTo");
        }
        return summaries;
    }

    /** Opens the state and the metric; called by Flink. */
    @Override
    public void open(OpenContext parameters) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE, Types.TUPLE(Types.LONG, Types.LONG)));
        expiry = new Expiry(eventTime, "Streamkit AlertSuppression");
        suppressedCounter = getRuntimeContext().getMetricGroup().counter("numSuppressedRecords");
    }

    /** Lets the first alert of a period through and counts the repeats; called by Flink. */
    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        long now = expiry.now(ctx.timestamp(), ctx.timerService());
        Tuple2<Long, Long> period = state.value();
        // A period whose end saturated at TimeMath.MAX_TIME (records at the end of time, e.g.
        // alerts emitted at the final watermark) lasts until the end-of-input timer closes it; and
        // a record at the end of time falls into the period still open (its timer has not fired:
        // the watermark before the final one had not passed the period's end), whenever the
        // period's first alert came. (CEP stamps the alerts it emits at a watermark W with W + 1:
        // at the final watermark, the end of time.)
        if (period != null
                && now >= period.f0
                && period.f0 != TimeMath.MAX_TIME
                && now < TimeMath.MAX_TIME) {
            // the period is over but its timer has not fired yet (watermark lag)
            summarize(ctx.getCurrentKey(), period, ctx);
            expiry.delete(period.f0, ctx.timerService());
            period = null;
        }
        if (period == null) {
            long end = TimeMath.add(now, periodMillis);
            state.update(Tuple2.of(end, 0L));
            expiry.register(end, ctx.timerService());
            out.collect(value);
        } else {
            period.f1++;
            state.update(period);
            suppressedCounter.inc();
        }
    }

    /** Closes the period (emitting its summary); called by Flink. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        Tuple2<Long, Long> period = state.value();
        if (period != null && period.f0 <= timestamp) {
            summarize(ctx.getCurrentKey(), period, ctx);
        }
    }

    private void summarize(K key, Tuple2<Long, Long> period, Context ctx) {
        if (period.f1 > 0 && summaries != null) {
            ctx.output(
                    summaries,
                    new SuppressionSummary<>(
                            key, period.f1, TimeMath.subtract(period.f0, periodMillis), period.f0));
        }
        state.clear();
    }

    /**
     * Builds an {@link AlertSuppression}. Default: event time, no summaries. Builders are
     * immutable: every setter returns a new builder and leaves the receiver unchanged.
     *
     * @param <K> the key type
     * @param <T> the alert type
     */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final Duration period;
        private final TypeInformation<K> keyType;
        private final TypeInformation<T> recordType;
        private boolean eventTime = true;
        private OutputTag<SuppressionSummary<K>> summaries;
        private String name;
        private String uid;

        Builder(Duration period, TypeInformation<K> keyType, TypeInformation<T> recordType) {
            this.period = period;
            this.keyType = keyType;
            this.recordType = recordType;
        }

        private Builder(Builder<K, T> o) {
            this(o.period, o.keyType, o.recordType);
            this.eventTime = o.eventTime;
            this.summaries = o.summaries;
            this.name = o.name;
            this.uid = o.uid;
        }

        /**
         * Periods run on the wall clock when alerts arrive; the default is event time.
         *
         * @return a new builder in processing time
         */
        public Builder<K, T> inProcessingTime() {
            Builder<K, T> b = new Builder<>(this);
            b.eventTime = false;
            return b;
        }

        /**
         * Emit a {@link SuppressionSummary} to this side output at the end of every period that
         * suppressed something. Its type must be {@link SuppressionSummary#typeInfo
         * SuppressionSummary.typeInfo(keyType)}.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder emitting summaries
         */
        public Builder<K, T> summariesTo(OutputTag<SuppressionSummary<K>> tag) {
            Builder<K, T> b = new Builder<>(this);
            b.summaries = tag;
            return b;
        }

        /**
         * The operator name (default {@code Streamkit alert suppression <period>}); part of the
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
         * streamkit-alert-suppression-<8 hex digits>} of a hash of the name, period, time domain
         * and key type.
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
         * @return the immutable suppression function
         * @throws IllegalArgumentException if a parameter is missing or invalid
         */
        public AlertSuppression<K, T> build() {
            Preconditions.checkArgument(
                    period != null && period.toMillis() >= 1,
                    "period must be at least 1 ms, got %s",
                    period);
            Preconditions.checkArgument(keyType != null, "keyType must not be null");
            Preconditions.checkArgument(recordType != null, "recordType must not be null");
            Preconditions.checkArgument(
                    summaries == null
                            || summaries.getTypeInfo().equals(SuppressionSummary.typeInfo(keyType)),
                    "summariesTo(tag) needs a tag of type SuppressionSummary.typeInfo(keyType) = %s,"
                            + " got %s",
                    SuppressionSummary.typeInfo(keyType),
                    summaries == null ? null : summaries.getTypeInfo());
            Preconditions.checkArgument(
                    name == null || !name.isEmpty(), "name must not be empty when set");
            Preconditions.checkArgument(
                    uid == null || !uid.isEmpty(), "uid must not be empty when set");
            return new AlertSuppression<>(this);
        }
    }
}
