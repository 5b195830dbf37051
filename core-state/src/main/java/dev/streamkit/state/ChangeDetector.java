package dev.streamkit.state;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.internal.Expiry;
import dev.streamkit.state.internal.Uids;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
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
 * DataStream<Reading> changed = changes.apply(readings.keyBy(Reading::getSensorId));
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
 *
 * <p>Instances are immutable; the class is also the {@link KeyedProcessFunction} {@link #apply}
 * runs, for power users who wire it themselves.
 *
 * @param <K> the key type
 * @param <T> the record type
 * @param <V> the compared value type
 * @serial exclude
 */
@PublicEvolving
public final class ChangeDetector<K, T, V> extends KeyedProcessFunction<K, T, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    /** Name of the last-emitted-value state (savepoint contract). */
    public static final String VALUE_STATE = "streamkit-change-last";

    /** Name of the expiry state (savepoint contract). */
    public static final String EXPIRY_STATE = "streamkit-change-expiry";

    /** Counter of records without a comparable value (see the class comment). */
    public static final String INVALID_METRIC = "numInvalidRecords";

    /**
     * Extracts the compared value.
     *
     * @param <T> the record type
     * @param <V> the value type
     */
    @FunctionalInterface
    public interface ValueExtractor<T, V> extends Serializable {
        /**
         * The value of {@code record}.
         *
         * @param record a record
         * @return its value; null (or throwing) makes the record invalid
         */
        V value(T record);
    }

    /**
     * Extracts a numeric value.
     *
     * @param <T> the record type
     */
    @FunctionalInterface
    public interface NumericExtractor<T> extends Serializable {
        /**
         * The value of {@code record}.
         *
         * @param record a record
         * @return its value; NaN (or throwing) makes the record invalid
         */
        double value(T record);
    }

    /**
     * Decides whether {@code current} is a change from {@code previous}.
     *
     * @param <V> the value type
     */
    @FunctionalInterface
    public interface ChangePredicate<V> extends Serializable {
        /**
         * Whether the value changed.
         *
         * @param previous the last emitted value, never null
         * @param current the new value, never null
         * @return true to emit the record
         */
        boolean changed(V previous, V current);
    }

    private final TypeInformation<T> recordType;
    private final ValueExtractor<T, V> extractor;
    private final TypeInformation<V> valueType;
    private final ChangePredicate<V> predicate;
    private final long forgetAfterMillis;
    private final boolean eventTime;
    @Nullable private final OutputTag<T> invalidTag;
    private final String name;
    private final String uid;

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
        this.name =
                b.name != null
                        ? b.name
                        : "Streamkit change detector " + Uids.readable(forgetAfterMillis);
        this.uid =
                b.uid != null
                        ? b.uid
                        : Uids.defaultUid(
                                "change-detector",
                                "name="
                                        + name
                                        + ";"
                                        + b.kind
                                        + ";forgetAfterMillis="
                                        + forgetAfterMillis
                                        + ";eventTime="
                                        + eventTime);
    }

    /**
     * Applies the detector to {@code keyed}, keyed by the user's choice.
     *
     * @param keyed the records, keyed
     * @return the changed records, with {@link #name()} and {@link #uid()} set; records without a
     *     value on {@link #invalidRecordsTag()}
     */
    public SingleOutputStreamOperator<T> apply(KeyedStream<T, K> keyed) {
        return keyed.process(this).name(name).uid(uid);
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, default {@code Streamkit change detector
     *     <forgetAfter>}
     */
    public String name() {
        return name;
    }

    /**
     * The operator uid.
     *
     * @return the uid set with {@link Builder#uid}, else {@code streamkit-change-detector-<8 hex
     *     digits>} of the name, the comparison (tolerance or value type), forgetAfter and time
     *     domain
     */
    public String uid() {
        return uid;
    }

    /**
     * The side output of records without a comparable value.
     *
     * @return the tag given to {@link Builder#invalidRecordsTo}
     * @throws IllegalStateException if invalid records are only counted and dropped
     */
    public OutputTag<T> invalidRecordsTag() {
        if (invalidTag == null) {
            throw Uids.unset(
                    "records without a value are counted (numInvalidRecords) and dropped",
                    "invalidRecordsTo");
        }
        return invalidTag;
    }

    /**
     * Changes of a numeric value by more than {@code tolerance} (absolute).
     *
     * @param recordType the record type
     * @param extractor the compared value
     * @param tolerance the largest absolute difference that is not a change, at least 0
     * @param forgetAfter how long a key is remembered after its last record, at least 1 ms
     * @param <K> the key type
     * @param <T> the record type
     * @return a builder with the defaults (event time, invalid records dropped)
     */
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
                forgetAfter,
                "numeric;tolerance=" + tolerance);
    }

    /**
     * Changes of any value by {@link Objects#equals}.
     *
     * @param recordType the record type
     * @param extractor the compared value
     * @param valueType the value type (state holds the last emitted value)
     * @param forgetAfter how long a key is remembered after its last record, at least 1 ms
     * @param <K> the key type
     * @param <T> the record type
     * @param <V> the value type
     * @return a builder with the defaults (event time, invalid records dropped)
     */
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
                forgetAfter,
                "equals;valueType=" + valueType);
    }

    /**
     * The type of the records let through.
     *
     * @return the record type given to the factory
     */
    @Override
    public TypeInformation<T> getProducedType() {
        return recordType;
    }

    /** Opens the state and the metrics; called by Flink. */
    @Override
    public void open(OpenContext parameters) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>(VALUE_STATE, valueType));
        expiryState =
                getRuntimeContext().getState(new ValueStateDescriptor<>(EXPIRY_STATE, Types.LONG));
        expiry = new Expiry(eventTime, "Streamkit ChangeDetector");
        unchanged = getRuntimeContext().getMetricGroup().counter("numUnchangedRecords");
        invalid = getRuntimeContext().getMetricGroup().counter(INVALID_METRIC);
    }

    /** Emits the record if its value changed; called by Flink. */
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

    /** Forgets the key; called by Flink. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        if (expiry.fire(expiryState, timestamp, ctx.timerService())) {
            last.clear();
        }
    }

    /**
     * Builds a {@link ChangeDetector}. Default: event time, invalid records dropped. Builders are
     * immutable: every setter returns a new builder and leaves the receiver unchanged.
     *
     * @param <K> the key type
     * @param <T> the record type
     * @param <V> the value type
     */
    @PublicEvolving
    public static final class Builder<K, T, V> {
        private final TypeInformation<T> recordType;
        private final ValueExtractor<T, V> extractor;
        private final TypeInformation<V> valueType;
        private final ChangePredicate<V> predicate;
        private final Duration forgetAfter;
        private final String kind;
        private boolean eventTime = true;
        private OutputTag<T> invalidTag;
        private String name;
        private String uid;

        Builder(
                TypeInformation<T> recordType,
                ValueExtractor<T, V> extractor,
                TypeInformation<V> valueType,
                ChangePredicate<V> predicate,
                Duration forgetAfter,
                String kind) {
            this.recordType = recordType;
            this.extractor = extractor;
            this.valueType = valueType;
            this.predicate = predicate;
            this.forgetAfter = forgetAfter;
            this.kind = kind;
        }

        private Builder(Builder<K, T, V> o) {
            this(o.recordType, o.extractor, o.valueType, o.predicate, o.forgetAfter, o.kind);
            this.eventTime = o.eventTime;
            this.invalidTag = o.invalidTag;
            this.name = o.name;
            this.uid = o.uid;
        }

        /**
         * Forget keys on the wall clock; the default is event time.
         *
         * @return a new builder in processing time
         */
        public Builder<K, T, V> inProcessingTime() {
            Builder<K, T, V> b = new Builder<>(this);
            b.eventTime = false;
            return b;
        }

        /**
         * Route records without a comparable value (extractor null or throwing, numeric NaN) to
         * this side output; they are always counted ({@code numInvalidRecords}).
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing invalid records
         */
        public Builder<K, T, V> invalidRecordsTo(OutputTag<T> tag) {
            Builder<K, T, V> b = new Builder<>(this);
            b.invalidTag = tag;
            return b;
        }

        /**
         * The operator name (default {@code Streamkit change detector <forgetAfter>}); part of the
         * default uid.
         *
         * @param name not empty
         * @return a new builder with the name set
         */
        public Builder<K, T, V> name(String name) {
            Builder<K, T, V> b = new Builder<>(this);
            b.name = name;
            return b;
        }

        /**
         * The operator uid, which savepoints match state by. Default: {@code
         * streamkit-change-detector-<8 hex digits>} of a hash of the name, the comparison
         * (tolerance or value type), forgetAfter and time domain.
         *
         * @param uid not empty
         * @return a new builder with the uid set
         */
        public Builder<K, T, V> uid(String uid) {
            Builder<K, T, V> b = new Builder<>(this);
            b.uid = uid;
            return b;
        }

        /**
         * Validates the configuration, naming the offending parameter.
         *
         * @return the immutable detector
         * @throws IllegalArgumentException if a parameter is missing or invalid
         */
        public ChangeDetector<K, T, V> build() {
            Preconditions.checkArgument(extractor != null, "extractor must not be null");
            Preconditions.checkArgument(valueType != null, "valueType must not be null");
            Preconditions.checkArgument(recordType != null, "recordType must not be null");
            Preconditions.checkArgument(
                    forgetAfter != null && forgetAfter.toMillis() >= 1,
                    "forgetAfter must be at least 1 ms, got %s",
                    forgetAfter);
            Preconditions.checkArgument(
                    name == null || !name.isEmpty(), "name must not be empty when set");
            Preconditions.checkArgument(
                    uid == null || !uid.isEmpty(), "uid must not be empty when set");
            return new ChangeDetector<>(this);
        }
    }
}
