package dev.streamkit.windows.internal.session;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.internal.LatePolicyHandler;
import dev.streamkit.windows.internal.MiniBatchTable;
import dev.streamkit.windows.internal.SessionAssigner;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Event-time session windows on our own state layout: per key one {@link SessionSet} (value state
 * {@value #STATE_NAME}: the key's open sessions with one-pass accumulators, merged in place when an
 * event bridges sessions) and one timer (timer service {@value #TIMER_SERVICE}, at the earliest
 * fire or cleanup time of the key's sessions).
 *
 * <p>Mini-batch: between watermarks the sessions of the keys an event touched are held in the
 * slicing operator's heap key table ({@link MiniBatchTable} of {@link BufferedSessions}: loaded
 * from state on the key's first event, updated in place per event) and written back when the
 * watermark could fire one of them, when the table is full, and in {@link
 * #prepareSnapshotPreBarrier} (so a checkpoint never misses buffered events). The table is adaptive
 * ({@link MiniBatchTable#ADAPTIVE}: starts at 20 000 keys and doubles whenever it fills before a
 * watermark, up to the heap cap) or fixed at {@code maxBufferedKeys} keys.
 *
 * <p>Late and invalid records go through {@link LatePolicyHandler} (the slicing operator's), which
 * counts them under the same metric names; sessions count no accepted records.
 *
 * <p>Semantics are Flink's {@code WindowOperator} with our {@link SessionAssigner} and its default
 * event-time trigger, as run by {@code PolicyWindowOperator} before: a session fires once the
 * watermark passes {@code end - 1}; it is kept for the allowed lateness and removed at {@code end -
 * 1 + allowedLateness}; an event whose own window is behind that is late (dropped and counted in
 * {@value LatePolicy#DROPPED_METRIC}, or a {@link LateEvent} on the side output, counted in {@value
 * LatePolicy#SIDE_OUTPUT_METRIC}); an event that lands in a session already behind the watermark
 * re-emits it at once as a correction ({@value LatePolicy#CORRECTIONS_METRIC}). State of a session
 * is removed at its cleanup time, so state is bounded by the sessions open or within lateness.
 */
@Internal
public final class SessionWindowOperator<K, T, A, R>
        extends AbstractStreamOperator<WindowResult<K, R>>
        implements OneInputStreamOperator<T, WindowResult<K, R>>, Triggerable<K, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /** The keyed value state holding each key's {@link SessionSet}. */
    public static final String STATE_NAME = "sessions";

    /** The timer service of the one timer per key. */
    public static final String TIMER_SERVICE = "session-timers";

    private final Aggregator<T, A, R> aggregator;
    private final SessionAssigner<T> sessions;
    private final long maxLength;
    private final long allowedLateness;
    private final OutputTag<LateEvent<T>> lateTag;
    private final OutputTag<T> invalidTag;
    private final int maxBufferedKeys;
    private final String name;
    private final LegacySessionMigration<K, T, A, R> legacy;

    private transient ValueState<SessionSet<A>> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient MiniBatchTable<BufferedSessions<A>> buffer;

    /** No buffered session and no timer of a buffered key fires before this watermark. */
    private transient long bufferedMinDue;

    private transient StreamRecord<WindowResult<K, R>> reuse;
    private transient LatePolicyHandler<T> late;

    /**
     * Creates the operator.
     *
     * @param aggregator the aggregation
     * @param sessions the gap (static or per event)
     * @param maxLength the longest session in ms (0: unbounded)
     * @param allowedLateness the allowed lateness in ms
     * @param lateTag the user's side output of late records, or null (drop)
     * @param invalidTag the side output of invalid records, or null
     * @param maxBufferedKeys the mini-batch bound (>= 1), or {@link MiniBatchTable#ADAPTIVE}
     * @param name the operator name (for error messages)
     */
    public SessionWindowOperator(
            Aggregator<T, A, R> aggregator,
            SessionAssigner<T> sessions,
            long maxLength,
            long allowedLateness,
            OutputTag<LateEvent<T>> lateTag,
            OutputTag<T> invalidTag,
            int maxBufferedKeys,
            String name) {
        this.aggregator = aggregator;
        this.sessions = sessions;
        this.maxLength = maxLength;
        this.allowedLateness = allowedLateness;
        this.lateTag = lateTag;
        this.invalidTag = invalidTag;
        this.maxBufferedKeys = maxBufferedKeys;
        this.name = name;
        this.legacy = new LegacySessionMigration<>(this);
    }

    Aggregator<T, A, R> aggregator() {
        return aggregator;
    }

    long allowedLateness() {
        return allowedLateness;
    }

    ValueState<SessionSet<A>> state() {
        return state;
    }

    InternalTimerService<VoidNamespace> timers() {
        return timers;
    }

    <N> InternalTimerService<N> timerService(
            String serviceName, TypeSerializer<N> namespaces, Triggerable<K, N> target) {
        return getInternalTimerService(serviceName, namespaces, target);
    }

    <N, S extends State, V> S keyedState(TypeSerializer<N> namespaces, StateDescriptor<S, V> d)
            throws Exception {
        return getOrCreateKeyedState(namespaces, d);
    }

    @Override
    public void open() throws Exception {
        super.open();
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE_NAME,
                                        new SessionSetSerializer<>(
                                                aggregator.accumulatorSerializer())));
        timers = getInternalTimerService(TIMER_SERVICE, VoidNamespaceSerializer.INSTANCE, this);
        buffer = MiniBatchTable.forBound(maxBufferedKeys, BufferedSessions::new);
        bufferedMinDue = Long.MAX_VALUE;
        reuse = new StreamRecord<>(null);
        late = LatePolicyHandler.withoutAcceptedCount(lateTag, invalidTag, getMetricGroup());
        legacy.migrate(getKeyedStateBackend());
    }

    /** The current bound of the mini-batch table, for tests. */
    @VisibleForTesting
    int bufferBound() {
        return buffer.bound();
    }

    // ---------------------------------------------------------------------------------------
    // Input

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        T value = element.getValue();
        long t =
                RecordTime.eventTimeOf(
                        element, name, "Windows.session(...).aggregate(...).inProcessingTime()");
        long gap;
        try {
            gap = sessions.gapOf(value);
        } catch (RuntimeException e) {
            gap = -1; // a gap function that throws or returns < 1 ms makes the record invalid
        }
        // the session's end, fire time and cleanup time must stay below Long.MAX_VALUE
        if (gap <= 0 || TimeMath.add(TimeMath.add(t, gap), allowedLateness) >= TimeMath.MAX_TIME) {
            late.invalid(element, output);
            return;
        }
        long end = t + gap;
        long wm = timers.currentWatermark();
        BufferedSessions<A> buffered = buffer.get(getCurrentKey());
        SessionSet<A> set = buffered.set;
        boolean full = false;
        if (set == null) {
            set = load();
            buffered.set = set;
            full = buffer.added();
            if (set.timer != SessionSet.NO_TIMER) {
                bufferedMinDue = Math.min(bufferedMinDue, set.timer);
            }
        }
        int i = set.addWindow(t, end, maxLength, wm, aggregator);
        if (TimeMath.add(set.end(i) - 1, allowedLateness) <= wm) {
            // only a window merged with nothing can be behind its cleanup time (a merged one
            // ends at or after an existing session, which would have been removed already)
            set.remove(i);
            late.late(value, t, wm, t, end, output);
        } else {
            set.setAcc(i, aggregator.add(set.acc(i), value));
            if (set.end(i) - 1 <= wm) {
                // behind the watermark within the allowed lateness: re-emit now, as Flink's
                // event-time trigger fires on the element
                set.setFired(i, true);
                late.corrected();
                emit(set, i, true);
            } else {
                set.setFired(i, false);
            }
            bufferedMinDue = Math.min(bufferedMinDue, set.due(i, allowedLateness));
        }
        if (full) {
            flush();
        }
    }

    private SessionSet<A> load() throws Exception {
        SessionSet<A> set = state.value();
        return set == null ? new SessionSet<>() : set;
    }

    // ---------------------------------------------------------------------------------------
    // Watermarks, checkpoints, timers

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() >= bufferedMinDue) {
            flush();
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** Writes the buffered sessions to state and moves each key's timer to its next due time. */
    private void flush() throws Exception {
        bufferedMinDue = Long.MAX_VALUE;
        buffer.flush(
                b -> {
                    setCurrentKey(b.key());
                    store(b.set);
                });
    }

    /** Reschedules the current key's timer and writes (or clears) its sessions. */
    void store(SessionSet<A> set) throws Exception {
        long due = set.nextDue(allowedLateness);
        if (due != set.timer) {
            if (set.timer != SessionSet.NO_TIMER) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, set.timer);
            }
            if (due != SessionSet.NO_TIMER) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, due);
            }
            set.timer = due;
        }
        if (set.size() == 0) {
            state.clear();
        } else {
            state.update(set);
        }
    }

    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        SessionSet<A> set = state.value();
        if (set == null) {
            return;
        }
        set.timer = SessionSet.NO_TIMER; // this timer is gone
        fireAndCleanUp(set, timers.currentWatermark());
        store(set);
    }

    /** Fires the sessions whose end the watermark passed and removes those past their lateness. */
    void fireAndCleanUp(SessionSet<A> set, long wm) {
        for (int i = 0; i < set.size(); ) {
            long fireTime = set.end(i) - 1;
            if (!set.fired(i) && fireTime <= wm) {
                emit(set, i, false);
                set.setFired(i, true);
            }
            if (TimeMath.add(fireTime, allowedLateness) <= wm) {
                set.remove(i);
            } else {
                i++;
            }
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) {
        // event time only
    }

    @SuppressWarnings("unchecked")
    private void emit(SessionSet<A> set, int i, boolean correction) {
        WindowResult<K, R> result =
                new WindowResult<>(
                        (K) getCurrentKey(),
                        set.start(i),
                        set.end(i),
                        aggregator.getResult(set.acc(i)),
                        correction);
        output.collect(reuse.replace(result, set.end(i) - 1));
    }
}
