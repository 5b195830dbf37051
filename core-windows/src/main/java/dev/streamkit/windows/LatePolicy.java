package dev.streamkit.windows;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * What happens to events behind the watermark, the same for every window kind and for {@link
 * LateEventRouter}.
 *
 * <ul>
 *   <li>{@link #drop()}: late events are dropped and counted ({@value #DROPPED_METRIC}).
 *   <li>{@link #sideOutput(OutputTag)}: late events go to a side output as {@link LateEvent}
 *       (event, the window it missed, how late) and are counted ({@value #SIDE_OUTPUT_METRIC}).
 *   <li>{@link #allowedLateness(Duration)}: events up to {@code lateness} behind a window's end
 *       still update it (counted in {@value #ACCEPTED_METRIC} by the slicing operator); the window
 *       is re-emitted with {@link WindowResult#correction} set (counted in {@value
 *       #CORRECTIONS_METRIC}); later ones are dropped and counted.
 *   <li>{@link #sideOutputWithLateness(OutputTag, Duration)}: both.
 * </ul>
 *
 * <p>The default of {@link Windows} is {@link #drop()} (counted, never silent); {@code
 * lateRecordsTo(tag)} on a window builder is the shorthand for a side output. Validation (for
 * example a negative lateness) happens at {@code build()} of the window or router that uses it.
 *
 * @param <T> the element type
 * @serial exclude
 */
@PublicEvolving
public final class LatePolicy<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Counter (operator metric group) of late events dropped; the name Flink's own WindowOperator
     * uses, so alarms on it keep working after a switch to Streamkit windows.
     */
    public static final String DROPPED_METRIC = "numLateRecordsDropped";

    /** Counter of late events routed to the side output. */
    public static final String SIDE_OUTPUT_METRIC = "numLateRecordsSideOutput";

    /** Counter of late events accepted within the allowed lateness (slicing operator). */
    public static final String ACCEPTED_METRIC = "numLateRecordsAccepted";

    /** Counter of window results re-emitted as corrections. */
    public static final String CORRECTIONS_METRIC = "numCorrectionsEmitted";

    /**
     * Counter of records whose event time cannot be windowed (within a few window sizes of {@code
     * Long.MIN_VALUE} or {@code Long.MAX_VALUE}, where window bounds would overflow); they go to
     * {@link Windows.Builder#invalidRecordsTo} if set.
     */
    public static final String INVALID_METRIC = "numInvalidRecords";

    private final Duration lateness;
    private final OutputTag<LateEvent<T>> tag;

    private LatePolicy(Duration lateness, OutputTag<LateEvent<T>> tag) {
        this.lateness = lateness;
        this.tag = tag;
    }

    /**
     * Drop late events, counting them in the {@value #DROPPED_METRIC} metric.
     *
     * @param <T> the element type
     * @return the policy
     */
    public static <T> LatePolicy<T> drop() {
        return new LatePolicy<>(Duration.ZERO, null);
    }

    /**
     * Route late events to {@code tag} (read it with {@code getSideOutput(tag)} on the stream the
     * window returns).
     *
     * <pre>{@code
     * OutputTag<LateEvent<Txn>> late =
     *     new OutputTag<>("late-txns", LateEvent.typeInfo(Types.POJO(Txn.class)));
     * }</pre>
     *
     * @param tag the side output of late events
     * @param <T> the element type
     * @return the policy
     */
    public static <T> LatePolicy<T> sideOutput(OutputTag<LateEvent<T>> tag) {
        return new LatePolicy<>(Duration.ZERO, checked(tag));
    }

    /**
     * Route late events to a side output with id {@code tagId} ({@link #lateRecordsTag()}).
     *
     * @param tagId the side output id
     * @param eventType the element type
     * @param <T> the element type
     * @return the policy
     */
    public static <T> LatePolicy<T> sideOutput(String tagId, TypeInformation<T> eventType) {
        return new LatePolicy<>(Duration.ZERO, tag(tagId, eventType));
    }

    /**
     * Keep windows open {@code lateness} after their end; late results are corrections.
     *
     * @param lateness the allowed lateness (>= 0, validated at {@code build()})
     * @param <T> the element type
     * @return the policy
     */
    public static <T> LatePolicy<T> allowedLateness(Duration lateness) {
        return new LatePolicy<>(lateness, null);
    }

    /**
     * {@link #allowedLateness(Duration)}, and events beyond it go to {@code tag}.
     *
     * @param tag the side output of late events
     * @param lateness the allowed lateness
     * @param <T> the element type
     * @return the policy
     */
    public static <T> LatePolicy<T> sideOutputWithLateness(
            OutputTag<LateEvent<T>> tag, Duration lateness) {
        return new LatePolicy<>(lateness, checked(tag));
    }

    /**
     * {@link #allowedLateness(Duration)}, and events beyond it go to a side output with id {@code
     * tagId}.
     *
     * @param tagId the side output id
     * @param eventType the element type
     * @param lateness the allowed lateness
     * @param <T> the element type
     * @return the policy
     */
    public static <T> LatePolicy<T> sideOutputWithLateness(
            String tagId, TypeInformation<T> eventType, Duration lateness) {
        return new LatePolicy<>(lateness, tag(tagId, eventType));
    }

    private static <T> OutputTag<LateEvent<T>> checked(OutputTag<LateEvent<T>> tag) {
        Preconditions.checkArgument(tag != null, "lateRecordsTo: tag must not be null");
        return tag;
    }

    private static <T> OutputTag<LateEvent<T>> tag(String tagId, TypeInformation<T> eventType) {
        Preconditions.checkArgument(
                tagId != null && !tagId.isEmpty(), "tagId must be a non-empty string");
        Preconditions.checkArgument(eventType != null, "eventType must not be null");
        return new OutputTag<>(tagId, LateEvent.typeInfo(eventType));
    }

    /**
     * This policy with late events (beyond the allowed lateness) routed to {@code tag}; the
     * lateness is kept.
     *
     * @param tag the side output of late events
     * @return the new policy
     */
    public LatePolicy<T> withSideOutput(OutputTag<LateEvent<T>> tag) {
        return new LatePolicy<>(lateness, checked(tag));
    }

    /**
     * Checks the policy; called by every {@code build()} that takes one.
     *
     * @return this policy
     * @throws IllegalArgumentException naming the parameter if the lateness is null or negative
     */
    public LatePolicy<T> validate() {
        Preconditions.checkArgument(lateness != null, "allowedLateness must not be null");
        Preconditions.checkArgument(
                !lateness.isNegative(), "allowedLateness must be >= 0, got %s", lateness);
        return this;
    }

    /**
     * The allowed lateness.
     *
     * @return {@link Duration#ZERO} unless configured
     */
    public Duration lateness() {
        return lateness;
    }

    /**
     * Whether late events go to a side output.
     *
     * @return true for the side-output policies
     */
    public boolean hasSideOutput() {
        return tag != null;
    }

    /**
     * The side output of late events.
     *
     * @return the tag
     * @throws IllegalStateException naming the policy if it has no side output
     */
    public OutputTag<LateEvent<T>> lateRecordsTag() {
        if (tag == null) {
            throw new IllegalStateException(
                    "late records are "
                            + (lateness.isZero()
                                    ? "dropped (LatePolicy.drop())"
                                    : "dropped beyond the allowed lateness of "
                                            + lateness
                                            + " (LatePolicy.allowedLateness(...))")
                            + "; configure lateRecordsTo(tag) to read them");
        }
        return tag;
    }

    /**
     * Describes the policy.
     *
     * @return lateness and side output id
     */
    @Override
    public String toString() {
        return "LatePolicy{lateness="
                + lateness
                + ", sideOutput="
                + (tag == null ? "none" : tag.getId())
                + '}';
    }
}
