package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.windows.Windows.SessionGap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.MergingWindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.ProcessingTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Session windows with a static or per-event gap and an optional maximum length: overlapping
 * session windows merge unless the merged session would span more than {@code maxLength}, in which
 * case the later events start a new session.
 */
@Internal
public final class SessionAssigner<T> extends MergingWindowAssigner<T, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final long staticGap;
    private final SessionGap<T> dynamicGap;
    private final long maxLength;
    private final boolean eventTime;

    /**
     * Creates the assigner.
     *
     * @param staticGap the fixed gap in ms (0: dynamic)
     * @param dynamicGap the gap read from each event, or null
     * @param maxLength the longest session in ms (0: unbounded)
     * @param eventTime whether sessions are in event time
     */
    public SessionAssigner(
            long staticGap, SessionGap<T> dynamicGap, long maxLength, boolean eventTime) {
        this.staticGap = staticGap;
        this.dynamicGap = dynamicGap;
        this.maxLength = maxLength;
        this.eventTime = eventTime;
    }

    /**
     * The gap after an element, in milliseconds.
     *
     * @param element the element
     * @return the gap
     */
    public long gapOf(T element) {
        if (dynamicGap == null) {
            return staticGap;
        }
        long gap = dynamicGap.gapAfter(element).toMillis();
        if (gap <= 0) {
            throw new IllegalArgumentException(
                    "gap returned by the session gap function must be >= 1 ms, got " + gap);
        }
        return gap;
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            T element, long timestamp, WindowAssignerContext context) {
        long start = eventTime ? timestamp : context.getCurrentProcessingTime();
        // saturating: a far-future event gets a session ending at TimeMath.MAX_TIME, never < start
        return Collections.singletonList(
                new TimeWindow(start, TimeMath.add(start, gapOf(element))));
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        List<TimeWindow> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Long.compare(a.getStart(), b.getStart()));
        List<TimeWindow> group = new ArrayList<>();
        TimeWindow merged = null;
        for (TimeWindow w : sorted) {
            if (merged != null && merged.intersects(w) && withinMax(merged.cover(w))) {
                merged = merged.cover(w);
                group.add(w);
            } else {
                emit(group, merged, callback);
                group = new ArrayList<>();
                group.add(w);
                merged = w;
            }
        }
        emit(group, merged, callback);
    }

    private boolean withinMax(TimeWindow w) {
        return maxLength <= 0 || w.getEnd() - w.getStart() <= maxLength;
    }

    private static void emit(
            List<TimeWindow> group, TimeWindow merged, MergeCallback<TimeWindow> callback) {
        if (group.size() > 1) {
            callback.merge(group, merged);
        }
    }

    // No @Override: Flink 1.20 declares this overload, Flink 2.x removed it (one source, both
    // lines).
    @Deprecated
    public Trigger<T, TimeWindow> getDefaultTrigger(
            org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env) {
        return getDefaultTrigger();
    }

    @Override
    public Trigger<T, TimeWindow> getDefaultTrigger() {
        @SuppressWarnings("unchecked")
        Trigger<T, TimeWindow> trigger =
                (Trigger<T, TimeWindow>)
                        (Trigger<?, ?>)
                                (eventTime
                                        ? EventTimeTrigger.create()
                                        : ProcessingTimeTrigger.create());
        return trigger;
    }

    @Override
    @Deprecated
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return eventTime;
    }

    @Override
    public String toString() {
        return "SessionAssigner(gap=" + staticGap + ", maxLength=" + maxLength + ")";
    }
}
