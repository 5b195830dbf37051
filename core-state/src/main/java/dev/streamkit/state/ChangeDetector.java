package dev.streamkit.state;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.internal.Expiry;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * Emits a record only when its value differs from the last <em>emitted</em> value of its key
 * (comparing with the last emitted one, so slow drift is still reported once it exceeds the
 * tolerance). The first record of a key is always emitted. A key is forgotten {@code forgetAfter}
 * after its last record.
 *
 * <pre>{@code
 * // temperature changes of more than 0.5 degrees
 * ChangeDetector<String, Reading, Double> changes =
 *         ChangeDetector.<String, Reading>numeric(
 *                         readingType, Reading::getCelsius, 0.5, Duration.ofHours(1))
 *                 .build();
 * // status changes
 * ChangeDetector<String, Order, String> statusChanges =
 *         ChangeDetector.<String, Order, String>of(
 *                         orderType, Order::getStatus, Types.STRING, Duration.ofDays(1))
 *                 .build();
 * }</pre>
 *
 * <p>Unchanged records are counted in {@code numUnchangedRecords}. State per key: the last emitted
 * value, an expiry and one timer, all removed after {@code forgetAfter} without records.
 *
 * <p><b>Records without a value.</b> A record whose extractor returns null or throws, or whose
 * {@link #numeric numeric} value is NaN, has nothing to compare: it is counted in {@code
 * numInvalidRecords}, routed to {@link Builder#invalidRecordsTo} if set (else dropped), and leaves
 * the key's state and expiry untouched; the job goes on. Infinite numeric values are values: a
 * change from a finite value to an infinity (or between the two infinities) is always a change, the
 * same infinity again is not.
 */
@PublicEvolving
public final class ChangeDetector<K, T, V> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    public static final String VALUE_STATE = "streamkit-change-last";
    public static final String EXPIRY_STATE = "streamkit-change-expiry";

    /** Counter of records without a comparable value (see the class comment). */
    public static final String INVALID_METRIC = "numInvalidRecords";

    /** Extracts the compared value. */
    @FunctionalInterface
    public interface ValueExtractor<T, V> extends Serializable {
        V value(T record);
    }

    /** Extracts a numeric value. */
    @FunctionalInterface
    public interface NumericExtractor<T> extends Serializable {
        double value(T record);
    }

    /** Decides whether {@code current} is a change from {@code previous}. */
    @FunctionalInterface
    public interface ChangePredicate<V> extends Serializable {
        boolean changed(V previous, V current);
    }

    private final TypeInformation<T> recordType;
    private final ValueExtractor<T, V> extractor;
    private final TypeInformation<V> valueType;
    private final ChangePredicate<V> predicate;
    private final long forgetAfterMillis;
    private final boolean eventTime;
    @Nullable private final OutputTag<T> invalidTag;

    private transient ValueState<V> last;
    private transient ValueState<Long> expiryState;
    private transient Expiry expiry;
    private transient Counter unchanged;
    private transient Counter invalid;

    private ChangeDetector(Builder<K, T, V> b) {
        this.recordType = b.recordType;
        this.extractor = b.extractor;
        this.valueType = b.valueType;
        this.predicate = b.predicate;
        this.forgetAfterMillis = b.forgetAfter.toMillis();
        this.eventTime = b.eventTime;
        this.invalidTag = b.invalidTag;
    }

    /** Changes of a numeric value by more than {@code tolerance} (absolute). */
    public static <K, T> Builder<K, T, Double> numeric(
            TypeInformation<T> recordType,
            NumericExtractor<T> extractor,
            double tolerance,
            Duration forgetAfter) {
        Preconditions.checkArgument(extractor != null, "extractor must not be null");
        Preconditions.checkArgument(
                tolerance >= 0 && !Double.isNaN(tolerance),
                "tolerance must be >= 0, got %s",
                tolerance);
        return new Builder<>(
                recordType,
                record -> {
                    double v = extractor.value(record);
                    // NaN equals nothing: no change could ever be judged against it
                    return Double.isNaN(v) ? null : v;
                },
                Types.DOUBLE,
                (previous, current) -> Math.abs(current - previous) > tolerance,
                forgetAfter);
    }

    /** Changes of any value by {@link Objects#equals}. */
    public static <K, T, V> Builder<K, T, V> of(
            TypeInformation<T> recordType,
            ValueExtractor<T, V> extractor,
            TypeInformation<V> valueType,
            Duration forgetAfter) {
        return new Builder<>(
                recordType,
                extractor,
                valueType,
                (previous, current) -> !Objects.equals(previous, current),
                forgetAfter);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return recordType;
    }

    @Override
    public void open(Configuration parameters) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>(VALUE_STATE, valueType));
        expiryState =
                getRuntimeContext().getState(new ValueStateDescriptor<>(EXPIRY_STATE, Types.LONG));
        expiry = new Expiry(eventTime, "Streamkit ChangeDetector");
        unchanged = getRuntimeContext().getMetricGroup().counter("numUnchangedRecords");
        invalid = getRuntimeContext().getMetricGroup().counter(INVALID_METRIC);
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) throws Exception {
        V value;
        try {
            value = extractor.value(record);
        } catch (RuntimeException e) {
            value = null; // the record lacks the field: invalid, like a null value
        }
        if (value == null) {
            invalid.inc();
            if (invalidTag != null) {
                ctx.output(invalidTag, record);
            }
            return;
        }
        long now = expiry.now(ctx.timestamp(), ctx.timerService());
        V previous = last.value();
        if (previous == null || predicate.changed(previous, value)) {
            last.update(value);
            out.collect(record);
        } else {
            unchanged.inc();
        }
        expiry.extend(expiryState, TimeMath.add(now, forgetAfterMillis), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        if (expiry.fire(expiryState, timestamp, ctx.timerService())) {
            last.clear();
        }
    }

    /** Builds a {@link ChangeDetector}. Default: event time. */
    @PublicEvolving
    public static final class Builder<K, T, V> {
        private final TypeInformation<T> recordType;
        private final ValueExtractor<T, V> extractor;
        private final TypeInformation<V> valueType;
        private final ChangePredicate<V> predicate;
        private final Duration forgetAfter;
        private boolean eventTime = true;
        private OutputTag<T> invalidTag;

        Builder(
                TypeInformation<T> recordType,
                ValueExtractor<T, V> extractor,
                TypeInformation<V> valueType,
                ChangePredicate<V> predicate,
                Duration forgetAfter) {
            this.recordType = recordType;
            this.extractor = extractor;
            this.valueType = valueType;
            this.predicate = predicate;
            this.forgetAfter = forgetAfter;
        }

        public Builder<K, T, V> inProcessingTime() {
            this.eventTime = false;
            return this;
        }

        /**
         * Route records without a comparable value (extractor null or throwing, numeric NaN) to
         * this side output; they are always counted ({@code numInvalidRecords}).
         */
        public Builder<K, T, V> invalidRecordsTo(OutputTag<T> tag) {
            this.invalidTag = tag;
            return this;
        }

        public ChangeDetector<K, T, V> build() {
            Preconditions.checkArgument(extractor != null, "extractor must not be null");
            Preconditions.checkArgument(valueType != null, "valueType must not be null");
            Preconditions.checkArgument(recordType != null, "recordType must not be null");
            Preconditions.checkArgument(
                    forgetAfter != null && forgetAfter.toMillis() >= 1,
                    "forgetAfter must be at least 1 ms, got %s",
                    forgetAfter);
            return new ChangeDetector<>(this);
        }
    }
}
