package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.common.internal.OperatorShims;
import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
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
 * Runs a {@link RingRule} on keyed state with the same event-time semantics as flink-cep's
 * operator, so both produce the same alerts.
 *
 * <p>flink-cep buffers each event until the watermark passes its timestamp and then feeds the
 * buffered events to the NFA in timestamp order (ties in arrival order); events at or behind the
 * watermark are late. This operator does the same, batching between watermarks:
 *
 * <ul>
 *   <li>Events that arrive between two watermarks are appended to an in-memory log ({@link
 *       Arrivals}: a key table and the events in arrival order; no state access, no timer, no
 *       allocation per event). When a watermark arrives, the log is split per key and each key with
 *       events at or behind the watermark is processed once: those events, sorted by timestamp
 *       (stable, only if needed), are fed to the rule; events still ahead of the watermark stay in
 *       memory.
 *   <li>Before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}), and whenever more
 *       than {@value #MAX_BUFFERED} events (by default) are held in memory, the in-memory events
 *       move into the keyed {@code buffer} ({@link ListState}) with a timer at {@code watermark +
 *       1}, so checkpoints are exactly-once and restore/rescale work as for any keyed state. A
 *       key's timer drains its {@code buffer} (and its newer in-memory events) when the watermark
 *       passes.
 *   <li>{@code ring} ({@link ValueState} of a list): the retained events of the rule, bounded by
 *       the rule (at most n events, or the events of one window).
 * </ul>
 *
 * <p>Every record is checked first: one without event time fails the job ({@link RecordTime}); an
 * invalid one ({@link InputCheck}: it arrives under the placeholder key of a {@code
 * NullSafeKeySelector}) is counted in {@value InputCheck#INVALID_RECORDS_METRIC}, emitted to the
 * invalid-record side output if one is set, and never touches state. Time arithmetic saturates
 * ({@link TimeMath}). An alert's record timestamp is the time of the event that completed the
 * match, as with flink-cep: that event was not late, so the alert is not late for a downstream
 * event-time operator, and its timestamp does not depend on when watermarks arrive.
 *
 * <p>One cleanup timer per key, when the youngest retained event has expired (rounded up to a
 * multiple of window / 16), clears the ring of keys that go quiet; it is moved (deleted and
 * registered again) only when that time changes.
 *
 * <p>State names ({@code streamkit-cep-buffer}, {@code streamkit-cep-ring}) and the timer service
 * ({@code user-timers}, {@link VoidNamespace}) are those of the earlier {@code
 * KeyedProcessFunction} version, whose snapshots this operator restores (LegacySavepointTest).
 *
 * @serial exclude
 */
@Internal
public final class FastPathOperator<T> extends AbstractStreamOperator<FraudAlert<T>>
        implements OneInputStreamOperator<T, FraudAlert<T>>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /** Name of the counter of late events (every late event, routed to the side output or not). */
    public static final String LATE_EVENTS_METRIC = "numLateRecords";

    /** In-memory events beyond which they move into keyed state before the next watermark. */
    public static final int MAX_BUFFERED = 250_000;

    private static final long NONE = Long.MIN_VALUE;

    private final String patternId;
    private final String operatorName;
    private final RingRule<T> rule;
    private final AlertFactory<T> alerts;
    private final EventAdapter<T> adapter;
    private final TypeInformation<T> eventType;
    @Nullable private final OutputTag<T> lateEvents;
    private final InputCheck<T> check;
    @Nullable private final OutputTag<T> invalidRecords;
    private final long cleanupGranule;
    private final int maxBuffered;

    private transient ListState<T> buffer;
    private transient ValueState<List<T>> ring;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Counter lateCounter;
    private transient Counter invalidCounter;
    private transient Comparator<T> byTime;
    private transient StreamRecord<FraudAlert<T>> alertRecord;

    /** Events that arrived since the last watermark, per key, in arrival order. */
    private transient Arrivals<T> arrived;

    /** The events being fed at a watermark ({@link #arrived} of the previous interval). */
    private transient Arrivals<T> draining;

    /**
     * The fast path of one pattern.
     *
     * @param patternId names the operator in error messages
     * @param rule the pattern's rule
     * @param alerts creates the alerts
     * @param adapter reads the events
     * @param eventType type information of the events (the keyed state's)
     * @param lateEvents side output of late events, or null to drop them
     * @param check finds invalid records
     * @param invalidRecords side output of invalid records, or null to only count them
     * @param maxBuffered in-memory events beyond which they move into keyed state (at least 1)
     */
    public FastPathOperator(
            String patternId,
            RingRule<T> rule,
            AlertFactory<T> alerts,
            EventAdapter<T> adapter,
            TypeInformation<T> eventType,
            @Nullable OutputTag<T> lateEvents,
            InputCheck<T> check,
            @Nullable OutputTag<T> invalidRecords,
            int maxBuffered) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be >= 1, got " + maxBuffered);
        }
        this.maxBuffered = maxBuffered;
        this.patternId = patternId;
        this.operatorName = "Streamkit fast path '" + patternId + "'";
        this.rule = rule;
        this.alerts = alerts;
        this.adapter = adapter;
        this.eventType = eventType;
        this.lateEvents = lateEvents;
        this.check = check;
        this.invalidRecords = invalidRecords;
        this.cleanupGranule = Math.max(1, rule.windowMillis() / 16);
        OperatorShims.chainAlways(this);
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("streamkit-cep-buffer", eventType));
        ring =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "streamkit-cep-ring", new ListTypeInfo<>(eventType)));
        timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        lateCounter = getMetricGroup().counter(LATE_EVENTS_METRIC);
        invalidCounter = getMetricGroup().counter(InputCheck.INVALID_RECORDS_METRIC);
        byTime = Comparator.comparingLong(adapter::eventTimeMillis);
        alertRecord = new StreamRecord<>(null);
        arrived = new Arrivals<>();
        draining = new Arrivals<>();
    }

    @Override
    public void processElement(StreamRecord<T> record) throws Exception {
        T event = record.getValue();
        // a source without a watermark strategy is a job bug: fail instead of calling all late
        long timestamp = RecordTime.eventTimeOf(record, operatorName, null);
        // the key selector mapped a record without a key to a placeholder key: never touch state
        if (check.problem(event) != null) {
            invalidCounter.inc();
            if (invalidRecords != null) {
                output.collect(invalidRecords, record);
            }
            return;
        }
        if (timestamp <= timers.currentWatermark()) {
            lateCounter.inc();
            if (lateEvents != null) {
                output.collect(lateEvents, record);
            }
            return;
        }
        long eventTime = adapter.eventTimeMillis(event);
        if (eventTime != timestamp) {
            throw new IllegalStateException(
                    String.format(
                            "Fraud pattern '%s': EventAdapter.eventTimeMillis returned %s but the"
                                    + " record timestamp is %s; assign timestamps with"
                                    + " FraudPatterns.watermarks(adapter, ...)",
                            patternId, eventTime, timestamp));
        }
        arrived.add(getCurrentKey(), event);
        if (arrived.size() > maxBuffered) {
            moveToState();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        Arrivals<T> batch = arrived;
        arrived = draining;
        draining = batch;
        if (!batch.isEmpty()) {
            batch.group();
        }
        // timers first: a key whose events were moved into state (before a checkpoint) is drained
        // by its timer together with its newer in-memory events, in arrival order
        if (timeServiceManager != null) {
            timeServiceManager.advanceWatermark(mark);
        }
        for (int i = 0, n = batch.keyCount(); i < n; i++) {
            ArrayList<T> events = batch.takeAt(i);
            if (events == null) {
                continue;
            }
            if (allAfter(events, watermark)) {
                // nothing to feed yet: no state access
                arrived.addAll(batch.keyAt(i), events);
            } else {
                setCurrentKey(batch.keyAt(i));
                process(watermark, null, events);
            }
        }
        batch.clear();
        output.emitWatermark(mark);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        // the key context is the timer's key; fires only inside processWatermark
        process(timers.currentWatermark(), buffer.get(), draining.take(timer.getKey()));
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        throw new UnsupportedOperationException("the fast path registers no processing-time timer");
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        moveToState();
    }

    /** Moves every in-memory event into the keyed buffer, with a timer to drain it. */
    private void moveToState() throws Exception {
        if (arrived.isEmpty()) {
            return;
        }
        long drainAt = TimeMath.add(timers.currentWatermark(), 1);
        arrived.group();
        for (int i = 0, n = arrived.keyCount(); i < n; i++) {
            ArrayList<T> events = arrived.takeAt(i);
            if (events != null) {
                setCurrentKey(arrived.keyAt(i));
                buffer.addAll(events);
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, drainAt);
            }
        }
        arrived.clear();
    }

    private boolean allAfter(List<T> events, long watermark) {
        for (int i = 0, n = events.size(); i < n; i++) {
            if (adapter.eventTimeMillis(events.get(i)) <= watermark) {
                return false;
            }
        }
        return true;
    }

    /**
     * Feeds the current key's events at or behind {@code watermark} (the stored ones first, then
     * the in-memory ones: arrival order) to the rule; keeps the others in memory.
     */
    private void process(long watermark, @Nullable Iterable<T> stored, @Nullable List<T> fresh)
            throws Exception {
        List<T> ready = null;
        ArrayList<T> pending = null;
        boolean hadStored = false;
        if (stored != null) {
            for (T event : stored) {
                hadStored = true;
                if (adapter.eventTimeMillis(event) <= watermark) {
                    if (ready == null) {
                        ready = new ArrayList<>();
                    }
                    ready.add(event);
                } else {
                    if (pending == null) {
                        pending = new ArrayList<>();
                    }
                    pending.add(event);
                }
            }
        }
        if (fresh != null) {
            if (ready == null && pending == null && allAtOrBefore(fresh, watermark)) {
                ready = fresh;
            } else {
                for (T event : fresh) {
                    if (adapter.eventTimeMillis(event) <= watermark) {
                        if (ready == null) {
                            ready = new ArrayList<>();
                        }
                        ready.add(event);
                    } else {
                        if (pending == null) {
                            pending = new ArrayList<>();
                        }
                        pending.add(event);
                    }
                }
            }
        }
        if (hadStored) {
            buffer.clear();
        }
        if (pending != null) {
            arrived.addAll(getCurrentKey(), pending);
        }

        List<T> retained = ring.value();
        long oldCleanup = cleanupTime(retained);
        boolean changed = false;
        if (ready != null) {
            if (retained == null) {
                retained = new ArrayList<>();
            }
            // stable: events with equal timestamps keep their arrival order, as in flink-cep
            if (!isSorted(ready)) {
                ready.sort(byTime);
            }
            for (int i = 0, n = ready.size(); i < n; i++) {
                T event = ready.get(i);
                long eventTime = adapter.eventTimeMillis(event);
                rule.prune(retained, eventTime);
                List<T> evidence = rule.onEvent(retained, event);
                if (evidence != null) {
                    // stamped with the time of the event that completed the match, as flink-cep
                    // does: after the last emitted watermark (the event was not late), so never
                    // late downstream, and independent of when watermarks happen to arrive
                    output.collect(alertRecord.replace(alerts.create(evidence), eventTime));
                }
            }
            changed = true;
        }
        if (retained != null && !retained.isEmpty()) {
            int before = retained.size();
            rule.prune(retained, watermark);
            changed |= retained.size() != before;
        }
        if (changed) {
            if (retained.isEmpty()) {
                ring.clear();
            } else {
                ring.update(retained);
            }
        }

        long newCleanup = cleanupTime(retained);
        if (newCleanup != oldCleanup) {
            if (oldCleanup != NONE) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, oldCleanup);
            }
            if (newCleanup != NONE) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, newCleanup);
            }
        }
    }

    private boolean allAtOrBefore(List<T> events, long watermark) {
        for (int i = 0, n = events.size(); i < n; i++) {
            if (adapter.eventTimeMillis(events.get(i)) > watermark) {
                return false;
            }
        }
        return true;
    }

    private boolean isSorted(List<T> events) {
        long previous = Long.MIN_VALUE;
        for (int i = 0, n = events.size(); i < n; i++) {
            long time = adapter.eventTimeMillis(events.get(i));
            if (time < previous) {
                return false;
            }
            previous = time;
        }
        return true;
    }

    /**
     * When the youngest retained event has expired, rounded up to a multiple of window / 16: the
     * timer then moves (one delete and one registration) at most 16 times per window instead of on
     * every watermark, and a quiet key's state lives at most window / 16 longer.
     */
    private long cleanupTime(@Nullable List<T> retained) {
        if (retained == null || retained.isEmpty()) {
            return NONE;
        }
        long expiry =
                TimeMath.add(
                        adapter.eventTimeMillis(retained.get(retained.size() - 1)),
                        rule.windowMillis());
        return TimeMath.ceil(expiry, cleanupGranule);
    }
}
