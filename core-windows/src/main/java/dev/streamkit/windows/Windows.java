package dev.streamkit.windows;

import dev.streamkit.windows.internal.DefaultUids;
import dev.streamkit.windows.internal.WindowPlan;
import dev.streamkit.windows.internal.WindowPlans;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * The one entry point for window aggregations: tumbling, sliding, cumulative and session windows,
 * in event time unless {@link Builder#inProcessingTime()} is called.
 *
 * <pre>{@code
 * TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
 * SingleOutputStreamOperator<WindowResult<String, Results>> perCard =
 *     Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
 *         .aggregate(txn.of(txn.count(), txn.sum(t -> t.amount)))
 *         .lateRecords(LatePolicy.allowedLateness(Duration.ofMinutes(5)))
 *         .build()
 *         .apply(txns.keyBy(t -> t.card));
 * }</pre>
 *
 * <p>Menu ({@code Windows.sliding(...)}) -> immutable {@link Builder} (every setter returns a new
 * builder) -> {@link Builder#build()} validates and names the offending parameter -> immutable,
 * serializable {@link WindowAggregation} whose {@code apply(keyedStream)} returns the operator with
 * its name and uid set.
 *
 * <p>Event-time tumbling, sliding and cumulative windows run on the slicing operator (one state
 * update per event, one timer per key); event-time sessions run on the merging session operator
 * (one state entry and one timer per key); processing-time windows run on Flink's own window
 * operator with the same aggregators and the same late-event policy. Defaults: late policy {@link
 * LatePolicy#drop()}, an adaptive mini-batch for event-time windows of every kind (starts at
 * {@value #DEFAULT_MINI_BATCH_KEYS} keys and grows to the keys active between watermarks, see
 * {@link Builder#miniBatchKeys}), name {@code Streamkit <kind> <sizes> window}, uid {@code
 * streamkit-window-<8 hex digits>} (see {@link Builder#uid(String)}).
 *
 * <p>Bad input: in event time a record without a timestamp, or with {@code Long.MIN_VALUE} (a
 * source without a watermark strategy), fails the job with a message naming the operator; a
 * timestamp so close to either end of the {@code long} range that a window bound would overflow is
 * an invalid record ({@value LatePolicy#INVALID_METRIC}, {@link Builder#invalidRecordsTo}). The
 * end-of-input watermark ({@code Long.MAX_VALUE}) fires every window and removes all state. NaN and
 * infinite values: see {@link Aggregations}.
 */
@PublicEvolving
public final class Windows {
    /**
     * The initial bound on the keys buffered between watermarks by the slicing and session
     * operators; unless {@link Builder#miniBatchKeys} fixes it, the bound doubles whenever the
     * buffer fills before a watermark flushes it, up to a cap of the JVM's max heap / 2 KiB keys.
     */
    public static final int DEFAULT_MINI_BATCH_KEYS = 20_000;

    private Windows() {}

    /**
     * Non-overlapping windows of {@code size}, aligned to the epoch.
     *
     * @param size the window size (>= 1 ms)
     * @return the window shape; choose the aggregation next
     */
    public static Shape tumbling(Duration size) {
        return new Shape(Kind.TUMBLING, size, size, null, null);
    }

    /**
     * Windows of {@code size} starting every {@code slide} (requires {@code slide <= size}).
     *
     * @param size the window size
     * @param slide how often a window starts
     * @return the window shape
     */
    public static Shape sliding(Duration size, Duration slide) {
        return new Shape(Kind.SLIDING, size, slide, null, null);
    }

    /**
     * Expanding windows: every {@code step}, a result for {@code [start, now)} where {@code start}
     * is the beginning of the current {@code maxSize} period (e.g. day-to-date every hour). Event
     * time only.
     *
     * @param maxSize the period (a multiple of {@code step})
     * @param step how often a result is emitted
     * @return the window shape
     */
    public static Shape cumulative(Duration maxSize, Duration step) {
        return new Shape(Kind.CUMULATIVE, maxSize, step, null, null);
    }

    /**
     * Sessions closed by {@code gap} of inactivity.
     *
     * @param gap the inactivity gap
     * @return the window shape
     */
    public static Shape session(Duration gap) {
        return new Shape(Kind.SESSION, null, gap, null, null);
    }

    /**
     * Sessions whose gap is read from each event (the gap after that event).
     *
     * @param gapOfEvent the gap after each event
     * @param <T> the element type
     * @return the window shape
     */
    public static <T> Shape session(SessionGap<T> gapOfEvent) {
        return new Shape(Kind.SESSION, null, null, gapOfEvent, null);
    }

    /**
     * The inactivity gap after an event, for dynamic sessions.
     *
     * @param <T> the element type
     */
    @PublicEvolving
    @FunctionalInterface
    public interface SessionGap<T> extends Serializable {
        /**
         * The gap after {@code event}.
         *
         * @param event the event
         * @return the inactivity gap that closes the session after it
         */
        Duration gapAfter(T event);
    }

    /** The kinds of windows. */
    @PublicEvolving
    public enum Kind {
        /** {@link Windows#tumbling}. */
        TUMBLING,
        /** {@link Windows#sliding}. */
        SLIDING,
        /** {@link Windows#cumulative}. */
        CUMULATIVE,
        /** {@link Windows#session}. */
        SESSION
    }

    /**
     * The shape of the windows, without an aggregation yet. Immutable.
     *
     * @serial exclude
     */
    @PublicEvolving
    public static final class Shape implements Serializable {
        private static final long serialVersionUID = 1L;
        final Kind kind;
        final Duration size;
        final Duration slideOrGap;
        final SessionGap<?> dynamicGap;
        final Duration maxSessionLength;

        Shape(
                Kind kind,
                Duration size,
                Duration slideOrGap,
                SessionGap<?> dynamicGap,
                Duration maxSessionLength) {
            this.kind = kind;
            this.size = size;
            this.slideOrGap = slideOrGap;
            this.dynamicGap = dynamicGap;
            this.maxSessionLength = maxSessionLength;
        }

        /**
         * Sessions only: a session is closed once it spans {@code maxLength}.
         *
         * @param maxLength the longest session (>= gap)
         * @return a new shape
         */
        public Shape maxLength(Duration maxLength) {
            return new Shape(kind, size, slideOrGap, dynamicGap, maxLength);
        }

        /**
         * The aggregation computed per key and window.
         *
         * @param aggregation from {@link Aggregations}, e.g. {@code txn.of(txn.count(), ...)}
         * @param <T> the element type
         * @param <R> the result type
         * @return the builder, with every default set
         */
        public <T, R> Builder<T, R> aggregate(Aggregator<T, ?, R> aggregation) {
            return new Builder<>(
                    this, aggregation, LatePolicy.drop(), null, null, false, null, null);
        }

        String defaultName(boolean processingTime) {
            return WindowPlans.defaultName(
                    kind, size, slideOrGap, dynamicGap != null, processingTime);
        }
    }

    /**
     * Collects the aggregation, late policy, side outputs, time domain, name and uid; immutable:
     * every setter returns a new builder and leaves this one unchanged. {@link #build()} validates
     * everything.
     *
     * @param <T> the element type
     * @param <R> the result type
     */
    @PublicEvolving
    public static final class Builder<T, R> {
        private final Shape shape;
        private final Aggregator<T, ?, R> aggregation;
        private final LatePolicy<T> latePolicy;
        private final Integer miniBatchKeys; // null: adaptive
        private final OutputTag<T> invalidTag;
        private final boolean processingTime;
        private final String name;
        private final String uid;

        private Builder(
                Shape shape,
                Aggregator<T, ?, R> aggregation,
                LatePolicy<T> latePolicy,
                Integer keys,
                OutputTag<T> invalidTag,
                boolean processingTime,
                String name,
                String uid) {
            this.shape = shape;
            this.aggregation = aggregation;
            this.latePolicy = latePolicy;
            this.miniBatchKeys = keys;
            this.invalidTag = invalidTag;
            this.processingTime = processingTime;
            this.name = name;
            this.uid = uid;
        }

        /**
         * How late records are handled (default {@link LatePolicy#drop()}); replaces the whole
         * policy, including a side output set with {@link #lateRecordsTo}.
         *
         * @param policy the policy
         * @return a new builder
         */
        public Builder<T, R> lateRecords(LatePolicy<T> policy) {
            return new Builder<>(
                    shape,
                    aggregation,
                    policy,
                    miniBatchKeys,
                    invalidTag,
                    processingTime,
                    name,
                    uid);
        }

        /**
         * Routes late records (beyond the allowed lateness, which is kept) to {@code tag}: the
         * shorthand for {@link LatePolicy#sideOutput(OutputTag)}. Read them with {@code
         * getSideOutput(tag)} on the stream {@code apply} returns.
         *
         * @param tag the side output, e.g. {@code new OutputTag<>("late",
         *     LateEvent.typeInfo(txnType))}
         * @return a new builder
         */
        public Builder<T, R> lateRecordsTo(OutputTag<LateEvent<T>> tag) {
            LatePolicy<T> base = latePolicy == null ? LatePolicy.drop() : latePolicy;
            return lateRecords(base.withSideOutput(tag));
        }

        /**
         * Fixes how many keys the slicing and session operators buffer between watermarks before
         * writing to state (1 disables the buffer). By default the bound adapts (tumbling, sliding,
         * cumulative and session windows alike): it starts at {@value
         * Windows#DEFAULT_MINI_BATCH_KEYS} keys and doubles whenever the buffer fills before a
         * watermark or checkpoint flushes it, up to the JVM's max heap / 2 KiB keys (about 2 M keys
         * on a 4 GiB heap), so that each key's slice or sessions are written to state once per
         * watermark interval rather than once every few events when more keys are active than the
         * bound.
         *
         * @param keys the bound (>= 1)
         * @return a new builder
         */
        public Builder<T, R> miniBatchKeys(int keys) {
            return new Builder<>(
                    shape, aggregation, latePolicy, keys, invalidTag, processingTime, name, uid);
        }

        /**
         * Event time only: route records whose timestamp cannot be windowed to this side output
         * (read it with {@code getSideOutput(tag)} on the stream {@code apply} returns). Those are
         * timestamps within a few window sizes (plus, for sessions, the gap and the allowed
         * lateness) of {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}, whose window bounds or
         * timer times would overflow. They are always counted ({@value LatePolicy#INVALID_METRIC})
         * and never aggregated; without a tag they are dropped.
         *
         * @param tag the side output of invalid records (the original records)
         * @return a new builder
         */
        public Builder<T, R> invalidRecordsTo(OutputTag<T> tag) {
            Preconditions.checkArgument(tag != null, "invalidRecordsTo: tag must not be null");
            return new Builder<>(
                    shape, aggregation, latePolicy, miniBatchKeys, tag, processingTime, name, uid);
        }

        /**
         * Uses processing time instead of event time (no late records then). Cumulative windows are
         * event time only.
         *
         * @return a new builder
         */
        public Builder<T, R> inProcessingTime() {
            return new Builder<>(
                    shape, aggregation, latePolicy, miniBatchKeys, invalidTag, true, name, uid);
        }

        /**
         * The operator name (default {@code Streamkit <kind> <sizes> window}, e.g. {@code Streamkit
         * sliding 1h/1min window}); part of the default uid.
         *
         * @param name a non-empty name
         * @return a new builder
         */
        public Builder<T, R> name(String name) {
            Preconditions.checkArgument(
                    name != null && !name.isEmpty(), "name must be a non-empty string");
            return new Builder<>(
                    shape,
                    aggregation,
                    latePolicy,
                    miniBatchKeys,
                    invalidTag,
                    processingTime,
                    name,
                    uid);
        }

        /**
         * The operator uid, which savepoints map state by. Default: {@code streamkit-window-<first
         * 8 hex digits of the SHA-256 of the window kind, sizes, time domain, aggregation kinds and
         * parameters, and name>}: stable across runs and JVMs and different for different shapes or
         * aggregations. Field accessors (lambdas) cannot be part of it: two windows that differ
         * only in the field they sum need a {@code name(...)} or {@code uid(...)} each ({@code
         * apply} fails naming the uid otherwise). Set it explicitly for a job you will evolve: a
         * changed window or aggregation changes the default.
         *
         * @param uid a non-empty uid
         * @return a new builder
         */
        public Builder<T, R> uid(String uid) {
            Preconditions.checkArgument(
                    uid != null && !uid.isEmpty(), "uid must be a non-empty string");
            return new Builder<>(
                    shape,
                    aggregation,
                    latePolicy,
                    miniBatchKeys,
                    invalidTag,
                    processingTime,
                    name,
                    uid);
        }

        /**
         * Validates the configuration and returns the immutable spec to apply.
         *
         * @return the spec
         * @throws IllegalArgumentException naming the offending parameter
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public WindowAggregation<T, R> build() {
            Preconditions.checkArgument(aggregation != null, "aggregation must not be null");
            Preconditions.checkArgument(latePolicy != null, "lateRecords: policy must not be null");
            latePolicy.validate();
            Preconditions.checkArgument(
                    invalidTag == null || !processingTime,
                    "invalidRecordsTo applies to event-time windows only");
            Preconditions.checkArgument(
                    miniBatchKeys == null || miniBatchKeys >= 1,
                    "miniBatchKeys must be >= 1, got %s",
                    miniBatchKeys);
            Preconditions.checkArgument(
                    !processingTime || latePolicy.lateness().isZero(),
                    "allowedLateness must be zero for processing-time windows, got %s",
                    latePolicy.lateness());
            Preconditions.checkArgument(
                    !processingTime || !latePolicy.hasSideOutput(),
                    "lateRecordsTo applies to event-time windows only (processing time has no late"
                            + " records)");
            Preconditions.checkArgument(
                    !processingTime || shape.kind != Kind.CUMULATIVE,
                    "cumulative windows support event time only (inProcessingTime() is not"
                            + " supported for cumulative windows)");
            WindowPlans.validateShape(
                    shape.kind,
                    shape.size,
                    shape.slideOrGap,
                    shape.dynamicGap,
                    shape.maxSessionLength);
            String opName = name != null ? name : shape.defaultName(processingTime);
            String opUid =
                    uid != null
                            ? uid
                            : DefaultUids.uid(
                                    "window",
                                    WindowPlans.canonical(
                                            shape.kind,
                                            shape.size,
                                            shape.slideOrGap,
                                            shape.dynamicGap != null,
                                            shape.maxSessionLength,
                                            processingTime,
                                            aggregation,
                                            opName));
            WindowPlan<T, R> plan =
                    WindowPlans.plan(
                            shape.kind,
                            shape.size,
                            shape.slideOrGap,
                            shape.dynamicGap,
                            shape.maxSessionLength,
                            processingTime,
                            aggregation,
                            latePolicy,
                            miniBatchKeys,
                            invalidTag,
                            opName);
            return new WindowAggregation<>(
                    plan, opName, opUid, uid == null, latePolicy, invalidTag);
        }
    }
}
