package dev.streamkit.state;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.internal.Expiry;
import java.time.Duration;
import javax.annotation.Nullable;
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
 * Per-key throttling: at most {@code maxRecords} records per key in each period; a period starts
 * with the first record of a key after the previous period ended. Records over the limit are
 * counted ({@code numThrottledRecords}) and dropped or routed to {@link Builder#throttledTo}.
 *
 * <pre>{@code
 * RateLimiter<String, Notification> limit =
 *         RateLimiter.<String, Notification>builder(3, Duration.ofMinutes(1), notificationType)
 *                 .throttledTo(THROTTLED)
 *                 .build();
 * DataStream<Notification> sent = notifications.keyBy(Notification::getUserId).process(limit);
 * }</pre>
 *
 * <p>State per key: (period end, count) and one timer at the period end, both removed then.
 */
@PublicEvolving
public final class RateLimiter<K, T> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    public static final String STATE = "streamkit-rate-limit";

    private final int maxRecords;
    private final long periodMillis;
    private final boolean eventTime;
    @Nullable private final OutputTag<T> throttledTag;
    private final TypeInformation<T> recordType;

    private transient ValueState<Tuple2<Long, Integer>> state;
    private transient Expiry expiry;
    private transient Counter throttled;

    private RateLimiter(Builder<K, T> b) {
        this.maxRecords = b.maxRecords;
        this.periodMillis = b.period.toMillis();
        this.eventTime = b.eventTime;
        this.throttledTag = b.throttledTag;
        this.recordType = b.recordType;
    }

    public static <K, T> Builder<K, T> builder(
            int maxRecords, Duration period, TypeInformation<T> recordType) {
        return new Builder<>(maxRecords, period, recordType);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return recordType;
    }

    @Override
    public void open(Configuration parameters) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE, Types.TUPLE(Types.LONG, Types.INT)));
        expiry = new Expiry(eventTime, "Streamkit RateLimiter");
        throttled = getRuntimeContext().getMetricGroup().counter("numThrottledRecords");
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) throws Exception {
        long now = expiry.now(ctx.timestamp(), ctx.timerService());
        Tuple2<Long, Integer> period = state.value();
        if (period != null && now >= period.f0) {
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

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        Tuple2<Long, Integer> period = state.value();
        if (period != null && period.f0 <= timestamp) {
            state.clear();
        }
    }

    /** Builds a {@link RateLimiter}. Default: event time, throttled records dropped. */
    @PublicEvolving
    public static final class Builder<K, T> {
        private final int maxRecords;
        private final Duration period;
        private final TypeInformation<T> recordType;
        private boolean eventTime = true;
        private OutputTag<T> throttledTag;

        Builder(int maxRecords, Duration period, TypeInformation<T> recordType) {
            this.maxRecords = maxRecords;
            this.period = period;
            this.recordType = recordType;
        }

        public Builder<K, T> inProcessingTime() {
            this.eventTime = false;
            return this;
        }

        /** Route records over the limit to this side output (they are always counted). */
        public Builder<K, T> throttledTo(OutputTag<T> tag) {
            this.throttledTag = tag;
            return this;
        }

        public RateLimiter<K, T> build() {
            Preconditions.checkArgument(
                    maxRecords >= 1, "maxRecords must be >= 1, got %s", maxRecords);
            Preconditions.checkArgument(
                    period != null && period.toMillis() >= 1,
                    "period must be at least 1 ms, got %s",
                    period);
            Preconditions.checkArgument(recordType != null, "recordType must not be null");
            return new RateLimiter<>(this);
        }
    }
}
