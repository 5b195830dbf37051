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
 * Emits the first alert per key, suppresses repeats for a period, then emits a {@link
 * SuppressionSummary} (to {@link #summaries()}) of how many were suppressed.
 *
 * <pre>{@code
 * AlertSuppression<String, Alert> suppress =
 *         AlertSuppression.builder(Duration.ofMinutes(10), Types.STRING, alertType).build();
 * SingleOutputStreamOperator<Alert> alerts = raw.keyBy(Alert::getRule).process(suppress);
 * DataStream<SuppressionSummary<String>> summaries = alerts.getSideOutput(suppress.summaries());
 * }</pre>
 *
 * <p>State per key: one (period end, suppressed count) value and one timer, both removed at the end
 * of the period. A period starts at the first alert's time (event time by default); an alert at or
 * after the period end closes the period (its summary is emitted first) and opens a new one.
 * Suppressed alerts are counted in the metric {@code numSuppressedRecords}. Summaries are emitted
 * only for periods that suppressed something.
 */
@PublicEvolving
public final class AlertSuppression<K, T> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    /** State name (savepoint contract). */
    public static final String STATE = "streamkit-suppression";

    private final long periodMillis;
    private final boolean eventTime;
    private final OutputTag<SuppressionSummary<K>> summaries;
    private final TypeInformation<T> recordType;

    private transient ValueState<Tuple2<Long, Long>> state;
    private transient Expiry expiry;
    private transient Counter suppressedCounter;

    private AlertSuppression(Builder<K, T> b) {
        this.periodMillis = b.period.toMillis();
        this.eventTime = b.eventTime;
        this.recordType = b.recordType;
        this.summaries =
                new OutputTag<>(
                        "streamkit-suppression-summaries", SuppressionSummary.typeInfo(b.keyType));
    }

    /**
     * Suppresses repeats per key of type {@code keyType}; records are of type {@code recordType}.
     */
    public static <K, T> Builder<K, T> builder(
            Duration period, TypeInformation<K> keyType, TypeInformation<T> recordType) {
        return new Builder<>(period, keyType, recordType);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return recordType;
    }

    /** The side output carrying the summaries. */
    public OutputTag<SuppressionSummary<K>> summaries() {
        return summaries;
    }

    @Override
    public void open(Configuration parameters) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE, Types.TUPLE(Types.LONG, Types.LONG)));
        expiry = new Expiry(eventTime, "Streamkit AlertSuppression");
        suppressedCounter = getRuntimeContext().getMetricGroup().counter("numSuppressedRecords");
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        long now = expiry.now(ctx.timestamp(), ctx.timerService());
        Tuple2<Long, Long> period = state.value();
        if (period != null && now >= period.f0) {
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

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        Tuple2<Long, Long> period = state.value();
        if (period != null && period.f0 <= timestamp) {
            summarize(ctx.getCurrentKey(), period, ctx);
        }
    }

    private void summarize(K key, Tuple2<Long, Long> period, Context ctx) {
        if (period.f1 > 0) {
            ctx.output(
                    summaries,
                    new SuppressionSummary<>(
                            key, period.f1, TimeMath.subtract(period.f0, periodMillis), period.f0));
        }
        state.clear();
    }

    /** Builds an {@link AlertSuppression}. Default: event time. */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final Duration period;
        private final TypeInformation<K> keyType;
        private final TypeInformation<T> recordType;
        private boolean eventTime = true;

        Builder(Duration period, TypeInformation<K> keyType, TypeInformation<T> recordType) {
            this.period = period;
            this.keyType = keyType;
            this.recordType = recordType;
        }

        public Builder<K, T> inProcessingTime() {
            this.eventTime = false;
            return this;
        }

        public AlertSuppression<K, T> build() {
            Preconditions.checkArgument(
                    period != null && period.toMillis() >= 1,
                    "period must be at least 1 ms, got %s",
                    period);
            Preconditions.checkArgument(keyType != null, "keyType must not be null");
            Preconditions.checkArgument(recordType != null, "recordType must not be null");
            return new AlertSuppression<>(this);
        }
    }
}
