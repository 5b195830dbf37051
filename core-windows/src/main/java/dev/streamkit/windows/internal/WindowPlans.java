package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.Windows;
import dev.streamkit.windows.Windows.Kind;
import dev.streamkit.windows.Windows.SessionGap;
import dev.streamkit.windows.internal.session.SessionWindowAggregation;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.annotation.Internal;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * The non-API bodies of {@link Windows}' builders: validation of a window shape (failing with a
 * message naming the parameter), the default name and the text the default uid is derived from, and
 * the choice of plan: slicing windows for event-time tumbling, sliding and cumulative windows,
 * session windows for event-time sessions, Flink's windows in processing time.
 */
@Internal
public final class WindowPlans {
    private WindowPlans() {}

    /**
     * Validates a shape, naming the offending parameter.
     *
     * @param kind the window kind
     * @param size the size (max size of cumulative windows), null for sessions
     * @param slideOrGap the slide, step or static session gap
     * @param dynamicGap the per-event session gap, or null
     * @param maxSessionLength the longest session, or null
     * @throws IllegalArgumentException naming the offending parameter
     */
    public static void validateShape(
            Kind kind,
            Duration size,
            Duration slideOrGap,
            SessionGap<?> dynamicGap,
            Duration maxSessionLength) {
        switch (kind) {
            case TUMBLING:
                positive(size, "size");
                break;
            case SLIDING:
                positive(size, "size");
                positive(slideOrGap, "slide");
                Preconditions.checkArgument(
                        slideOrGap.compareTo(size) <= 0,
                        "slide must be <= size, got slide %s and size %s",
                        slideOrGap,
                        size);
                break;
            case CUMULATIVE:
                positive(size, "maxSize");
                positive(slideOrGap, "step");
                Preconditions.checkArgument(
                        size.toMillis() % slideOrGap.toMillis() == 0,
                        "maxSize must be a multiple of step, got maxSize %s and step %s",
                        size,
                        slideOrGap);
                break;
            default:
                if (dynamicGap == null) {
                    positive(slideOrGap, "gap");
                }
                if (maxSessionLength != null) {
                    positive(maxSessionLength, "maxLength");
                    Preconditions.checkArgument(
                            dynamicGap != null || maxSessionLength.compareTo(slideOrGap) >= 0,
                            "maxLength must be >= gap, got maxLength %s and gap %s",
                            maxSessionLength,
                            slideOrGap);
                }
        }
        Preconditions.checkArgument(
                kind == Kind.SESSION || maxSessionLength == null,
                "maxLength applies to session windows only");
    }

    private static void positive(Duration d, String name) {
        Preconditions.checkArgument(d != null, "%s must not be null", name);
        Preconditions.checkArgument(d.toMillis() > 0, "%s must be >= 1 ms, got %s", name, d);
    }

    /**
     * The default operator name, e.g. {@code Streamkit sliding 10s/1s window}.
     *
     * @param kind the window kind
     * @param size the size
     * @param slideOrGap the slide, step or static gap
     * @param dynamicGap whether the session gap is per event
     * @param processingTime whether the windows are in processing time
     * @return the name
     */
    public static String defaultName(
            Kind kind,
            Duration size,
            Duration slideOrGap,
            boolean dynamicGap,
            boolean processingTime) {
        String sizes;
        switch (kind) {
            case TUMBLING:
                sizes = DefaultUids.shortDuration(size);
                break;
            case SLIDING:
            case CUMULATIVE:
                sizes =
                        DefaultUids.shortDuration(size)
                                + "/"
                                + DefaultUids.shortDuration(slideOrGap);
                break;
            default:
                sizes = dynamicGap ? "dynamic-gap" : DefaultUids.shortDuration(slideOrGap) + " gap";
        }
        return "Streamkit "
                + (processingTime ? "processing-time " : "")
                + kind.name().toLowerCase(Locale.ROOT)
                + " "
                + sizes
                + " window";
    }

    /**
     * What the default uid is derived from: the shape, the time domain, the aggregation and the
     * name.
     *
     * @param kind the window kind
     * @param size the size
     * @param slideOrGap the slide, step or static gap
     * @param dynamicGap whether the session gap is per event
     * @param maxSessionLength the longest session, or null
     * @param processingTime whether the windows are in processing time
     * @param aggregation the aggregation
     * @param name the operator name
     * @return the canonical description
     */
    public static String canonical(
            Kind kind,
            Duration size,
            Duration slideOrGap,
            boolean dynamicGap,
            Duration maxSessionLength,
            boolean processingTime,
            Aggregator<?, ?, ?> aggregation,
            String name) {
        return "kind="
                + kind
                + ";size="
                + size
                + ";slideOrGap="
                + slideOrGap
                + ";dynamicGap="
                + dynamicGap
                + ";maxLength="
                + maxSessionLength
                + ";time="
                + (processingTime ? "processing" : "event")
                + ";aggregation="
                + BuiltInAggregator.describe(aggregation)
                + ";name="
                + name;
    }

    /**
     * The plan of a validated configuration.
     *
     * @param kind the window kind
     * @param size the size
     * @param slideOrGap the slide, step or static gap
     * @param dynamicGap the per-event session gap, or null
     * @param maxSessionLength the longest session, or null
     * @param processingTime whether the windows are in processing time
     * @param aggregation the aggregation
     * @param latePolicy the late policy
     * @param miniBatchKeys the mini-batch bound, null for the default (adaptive)
     * @param invalidTag side output of invalid records, or null
     * @param name the operator name
     * @param <T> the element type
     * @param <R> the result type
     * @return the plan
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, R> WindowPlan<T, R> plan(
            Kind kind,
            Duration size,
            Duration slideOrGap,
            SessionGap<?> dynamicGap,
            Duration maxSessionLength,
            boolean processingTime,
            Aggregator<T, ?, R> aggregation,
            LatePolicy<T> latePolicy,
            Integer miniBatchKeys,
            OutputTag<T> invalidTag,
            String name) {
        if (kind != Kind.SESSION && !processingTime) {
            long sizeMillis = size.toMillis();
            long slide = slideOrGap.toMillis();
            SliceAssigner assigner;
            if (kind == Kind.TUMBLING) {
                assigner = SliceAssigner.tumbling(sizeMillis);
            } else if (kind == Kind.SLIDING) {
                assigner = SliceAssigner.sliding(sizeMillis, slide);
            } else {
                assigner = SliceAssigner.cumulative(sizeMillis, slide);
            }
            return new SlicingWindowAggregation<>(
                    (Aggregator) aggregation,
                    assigner,
                    latePolicy,
                    miniBatchKeys == null ? SlicingWindowOperator.ADAPTIVE_BUFFER : miniBatchKeys,
                    invalidTag,
                    name);
        } else if (!processingTime) {
            return new SessionWindowAggregation<>(
                    (Aggregator) aggregation,
                    slideOrGap,
                    (SessionGap<T>) dynamicGap,
                    maxSessionLength,
                    latePolicy,
                    miniBatchKeys == null ? MiniBatchTable.ADAPTIVE : miniBatchKeys,
                    invalidTag,
                    name);
        } else {
            return new FlinkWindowAggregation<>(
                    (Aggregator) aggregation,
                    kind,
                    size,
                    slideOrGap,
                    (SessionGap<T>) dynamicGap,
                    maxSessionLength,
                    processingTime,
                    latePolicy,
                    invalidTag,
                    name);
        }
    }
}
