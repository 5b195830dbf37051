package dev.streamkit.windows;

import dev.streamkit.windows.internal.FlinkWindowAggregation;
import dev.streamkit.windows.internal.SliceAssigner;
import dev.streamkit.windows.internal.SlicingWindowAggregation;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * The one entry point for window specifications: tumbling, sliding, cumulative and session windows,
 * event time unless {@link Spec#processingTime()} is called.
 *
 * <pre>{@code
 * Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
 *     .aggregate(Aggregations.of(count(), sum(Txn::amount), max(Txn::amount)))
 *     .lateEvents(LatePolicy.allowedLateness(Duration.ofMinutes(5)))
 *     .build()
 *     .apply(txns.keyBy(Txn::card));
 * }</pre>
 *
 * <p>Event-time tumbling, sliding and cumulative windows run on the slicing operator (one state
 * update per event, one timer per key); sessions and processing-time windows run on Flink's own
 * window operator with the same aggregators and the same late-event policy. Everything is validated
 * at {@code build()}; errors name the parameter. Defaults: late policy {@link LatePolicy#drop()},
 * mini-batch of {@value #DEFAULT_MINI_BATCH_KEYS} keys.
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
    /** Default bound on the keys buffered between watermarks by the slicing operator. */
    public static final int DEFAULT_MINI_BATCH_KEYS = 20_000;

    private Windows() {}

    /** Non-overlapping windows of {@code size}, aligned to the epoch. */
    public static Spec tumbling(Duration size) {
        return new Spec(Kind.TUMBLING, size, size, null, null);
    }

    /** Windows of {@code size} starting every {@code slide} (requires {@code slide <= size}). */
    public static Spec sliding(Duration size, Duration slide) {
        return new Spec(Kind.SLIDING, size, slide, null, null);
    }

    /**
     * Expanding windows: every {@code step}, a result for {@code [start, now)} where {@code start}
     * is the beginning of the current {@code maxSize} period (e.g. day-to-date every hour).
     */
    public static Spec cumulative(Duration maxSize, Duration step) {
        return new Spec(Kind.CUMULATIVE, maxSize, step, null, null);
    }

    /** Sessions closed by {@code gap} of inactivity. */
    public static Spec session(Duration gap) {
        return new Spec(Kind.SESSION, null, gap, null, null);
    }

    /** Sessions whose gap is read from each event (the gap after that event). */
    public static <T> Spec session(SessionGap<T> gapOfEvent) {
        return new Spec(Kind.SESSION, null, null, gapOfEvent, null);
    }

    /** The inactivity gap after an event, for dynamic sessions. */
    @FunctionalInterface
    public interface SessionGap<T> extends Serializable {
        Duration gapAfter(T event);
    }

    /** The kinds of windows. */
    public enum Kind {
        TUMBLING,
        SLIDING,
        CUMULATIVE,
        SESSION
    }

    /** A window specification without an aggregation yet. Immutable. */
    @PublicEvolving
    public static final class Spec implements Serializable {
        private static final long serialVersionUID = 1L;
        final Kind kind;
        final Duration size;
        final Duration slideOrGap;
        final SessionGap<?> dynamicGap;
        final Duration maxSessionLength;
        final boolean processingTime;

        Spec(
                Kind kind,
                Duration size,
                Duration slideOrGap,
                SessionGap<?> dynamicGap,
                Duration maxSessionLength) {
            this(kind, size, slideOrGap, dynamicGap, maxSessionLength, false);
        }

        private Spec(
                Kind kind,
                Duration size,
                Duration slideOrGap,
                SessionGap<?> dynamicGap,
                Duration maxSessionLength,
                boolean processingTime) {
            this.kind = kind;
            this.size = size;
            this.slideOrGap = slideOrGap;
            this.dynamicGap = dynamicGap;
            this.maxSessionLength = maxSessionLength;
            this.processingTime = processingTime;
        }

        /** Uses processing time instead of event time (no late events then). */
        public Spec processingTime() {
            return new Spec(kind, size, slideOrGap, dynamicGap, maxSessionLength, true);
        }

        /** Sessions only: a session is closed once it spans {@code maxLength}. */
        public Spec maxLength(Duration maxLength) {
            return new Spec(kind, size, slideOrGap, dynamicGap, maxLength, processingTime);
        }

        /** The aggregation computed per key and window. */
        public <T, R> Builder<T, R> aggregate(Aggregator<T, ?, R> aggregation) {
            return new Builder<>(this, aggregation, LatePolicy.drop(), DEFAULT_MINI_BATCH_KEYS);
        }
    }

    /** Collects the aggregation and the late policy; {@link #build()} validates everything. */
    @PublicEvolving
    public static final class Builder<T, R> {
        private final Spec spec;
        private final Aggregator<T, ?, R> aggregation;
        private final LatePolicy<T> latePolicy;
        private final int miniBatchKeys;
        private final OutputTag<T> invalidTag;

        Builder(Spec spec, Aggregator<T, ?, R> aggregation, LatePolicy<T> latePolicy, int keys) {
            this(spec, aggregation, latePolicy, keys, null);
        }

        private Builder(
                Spec spec,
                Aggregator<T, ?, R> aggregation,
                LatePolicy<T> latePolicy,
                int keys,
                OutputTag<T> invalidTag) {
            this.spec = spec;
            this.aggregation = aggregation;
            this.latePolicy = latePolicy;
            this.miniBatchKeys = keys;
            this.invalidTag = invalidTag;
        }

        /** How late events are handled (default {@link LatePolicy#drop()}). */
        public Builder<T, R> lateEvents(LatePolicy<T> policy) {
            return new Builder<>(spec, aggregation, policy, miniBatchKeys, invalidTag);
        }

        /**
         * How many keys the slicing operator buffers between watermarks before writing to state
         * (default {@value Windows#DEFAULT_MINI_BATCH_KEYS}; 1 disables the buffer).
         */
        public Builder<T, R> miniBatchKeys(int keys) {
            return new Builder<>(spec, aggregation, latePolicy, keys, invalidTag);
        }

        /**
         * Event time only: route records whose timestamp cannot be windowed to this side output
         * (read it with {@code getSideOutput(tag)} on the stream {@code apply} returns). Those are
         * timestamps within a few window sizes (plus, for sessions, the gap and the allowed
         * lateness) of {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}, whose window bounds or
         * timer times would overflow. They are always counted ({@value LatePolicy#INVALID_METRIC})
         * and never aggregated; without a tag they are dropped.
         */
        public Builder<T, R> invalidRecordsTo(OutputTag<T> tag) {
            return new Builder<>(spec, aggregation, latePolicy, miniBatchKeys, tag);
        }

        /** Validates the specification and returns the aggregation to apply. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public WindowAggregation<T, R> build() {
            Preconditions.checkArgument(aggregation != null, "aggregation must not be null");
            Preconditions.checkArgument(latePolicy != null, "latePolicy must not be null");
            latePolicy.validate();
            Preconditions.checkArgument(
                    invalidTag == null || !spec.processingTime,
                    "invalidRecordsTo applies to event-time windows only");
            Preconditions.checkArgument(
                    miniBatchKeys >= 1, "miniBatchKeys must be >= 1, got %s", miniBatchKeys);
            Preconditions.checkArgument(
                    !spec.processingTime || latePolicy.lateness().isZero(),
                    "allowedLateness must be zero for processing-time windows, got %s",
                    latePolicy.lateness());
            switch (spec.kind) {
                case TUMBLING:
                    positive(spec.size, "size");
                    break;
                case SLIDING:
                    positive(spec.size, "size");
                    positive(spec.slideOrGap, "slide");
                    Preconditions.checkArgument(
                            spec.slideOrGap.compareTo(spec.size) <= 0,
                            "slide must be <= size, got slide %s and size %s",
                            spec.slideOrGap,
                            spec.size);
                    break;
                case CUMULATIVE:
                    positive(spec.size, "maxSize");
                    positive(spec.slideOrGap, "step");
                    Preconditions.checkArgument(
                            spec.size.toMillis() % spec.slideOrGap.toMillis() == 0,
                            "maxSize must be a multiple of step, got maxSize %s and step %s",
                            spec.size,
                            spec.slideOrGap);
                    break;
                default:
                    if (spec.dynamicGap == null) {
                        positive(spec.slideOrGap, "gap");
                    }
                    if (spec.maxSessionLength != null) {
                        positive(spec.maxSessionLength, "maxLength");
                        Preconditions.checkArgument(
                                spec.dynamicGap != null
                                        || spec.maxSessionLength.compareTo(spec.slideOrGap) >= 0,
                                "maxLength must be >= gap, got maxLength %s and gap %s",
                                spec.maxSessionLength,
                                spec.slideOrGap);
                    }
            }
            Preconditions.checkArgument(
                    spec.kind == Kind.SESSION || spec.maxSessionLength == null,
                    "maxLength applies to session windows only");
            if (spec.kind != Kind.SESSION && !spec.processingTime) {
                long size = spec.size.toMillis();
                long slide = spec.slideOrGap.toMillis();
                SliceAssigner assigner;
                if (spec.kind == Kind.TUMBLING) {
                    assigner = SliceAssigner.tumbling(size);
                } else if (spec.kind == Kind.SLIDING) {
                    assigner = SliceAssigner.sliding(size, slide);
                } else {
                    assigner = SliceAssigner.cumulative(size, slide);
                }
                return new SlicingWindowAggregation<>(
                        (Aggregator) aggregation, assigner, latePolicy, miniBatchKeys, invalidTag);
            }
            return new FlinkWindowAggregation<>(
                    (Aggregator) aggregation,
                    spec.kind,
                    spec.size,
                    spec.slideOrGap,
                    (SessionGap<T>) spec.dynamicGap,
                    spec.maxSessionLength,
                    spec.processingTime,
                    latePolicy,
                    invalidTag);
        }

        private static void positive(Duration d, String name) {
            Preconditions.checkArgument(d != null, "%s must not be null", name);
            Preconditions.checkArgument(d.toMillis() > 0, "%s must be >= 1 ms, got %s", name, d);
        }
    }
}
