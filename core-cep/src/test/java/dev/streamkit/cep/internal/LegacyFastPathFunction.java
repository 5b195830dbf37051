package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The fast path as it shipped before {@link FastPathOperator} (a {@code KeyedProcessFunction}),
 * kept verbatim to prove that its savepoints restore into the current operator.
 *
 * <p>Runs a {@link RingRule} on keyed state with the same event-time semantics as flink-cep's
 * operator, so both produce the same alerts.
 *
 * <p>flink-cep buffers each event until the watermark passes its timestamp and then feeds the
 * buffered events to the NFA in timestamp order (ties in arrival order); events at or behind the
 * watermark are late. This function does the same with two pieces of keyed state:
 *
 * <ul>
 *   <li>{@code buffer} ({@link ListState}): events not yet passed by the watermark, appended
 *       without a read. A timer at {@code watermark + 1} (shared by every event of the key that
 *       arrives before the next watermark) drains it.
 *   <li>{@code ring} ({@link ValueState} of a list): the retained events of the rule, bounded by
 *       the rule (at most n events, or the events of one window).
 * </ul>
 *
 * <p>One cleanup timer per key, when the youngest retained event has expired (rounded up to a
 * multiple of window / 16), clears the ring of keys that go quiet; it is moved (deleted and
 * registered again) only when that time changes.
 */
final class LegacyFastPathFunction<T> extends KeyedProcessFunction<String, T, FraudAlert<T>> {
    private static final long serialVersionUID = 1L;

    private static final long NONE = Long.MIN_VALUE;

    private final String patternId;
    private final RingRule<T> rule;
    private final AlertFactory<T> alerts;
    private final EventAdapter<T> adapter;
    private final TypeInformation<T> eventType;
    @Nullable private final OutputTag<T> lateEvents;
    private final long cleanupGranule;

    private transient ListState<T> buffer;
    private transient ValueState<List<T>> ring;
    private transient Counter lateCounter;
    private transient Comparator<T> byTime;

    LegacyFastPathFunction(
            String patternId,
            RingRule<T> rule,
            AlertFactory<T> alerts,
            EventAdapter<T> adapter,
            TypeInformation<T> eventType,
            @Nullable OutputTag<T> lateEvents) {
        this.patternId = patternId;
        this.rule = rule;
        this.alerts = alerts;
        this.adapter = adapter;
        this.eventType = eventType;
        this.lateEvents = lateEvents;
        this.cleanupGranule = Math.max(1, rule.windowMillis() / 16);
    }

    @Override
    public void open(OpenContext openContext) {
        buffer =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("streamkit-cep-buffer", eventType));
        ring =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "streamkit-cep-ring", new ListTypeInfo<>(eventType)));
        lateCounter =
                getRuntimeContext().getMetricGroup().counter(FastPathOperator.LATE_EVENTS_METRIC);
        byTime = Comparator.comparingLong(adapter::eventTimeMillis);
    }

    @Override
    public void processElement(T event, Context ctx, Collector<FraudAlert<T>> out)
            throws Exception {
        Long timestamp = ctx.timestamp();
        if (timestamp == null) {
            throw new IllegalStateException(
                    String.format(
                            "Fraud pattern '%s' runs in event time but a record has no timestamp."
                                    + " Did you forget assignTimestampsAndWatermarks(...)?",
                            patternId));
        }
        long watermark = ctx.timerService().currentWatermark();
        if (timestamp <= watermark) {
            lateCounter.inc();
            if (lateEvents != null) {
                ctx.output(lateEvents, event);
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
        buffer.add(event);
        ctx.timerService().registerEventTimeTimer(watermark + 1);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<FraudAlert<T>> out)
            throws Exception {
        TimerService timers = ctx.timerService();
        long watermark = timers.currentWatermark();

        List<T> ready = null;
        List<T> pending = null;
        Iterable<T> buffered = buffer.get();
        if (buffered != null) {
            for (T event : buffered) {
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
            for (T event : ready) {
                rule.prune(retained, adapter.eventTimeMillis(event));
                List<T> evidence = rule.onEvent(retained, event);
                if (evidence != null) {
                    out.collect(alerts.create(evidence));
                }
            }
            changed = true;
            if (pending == null) {
                buffer.clear();
            } else {
                buffer.update(pending);
            }
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
                timers.deleteEventTimeTimer(oldCleanup);
            }
            if (newCleanup != NONE) {
                timers.registerEventTimeTimer(newCleanup);
            }
        }
        if (pending != null) {
            timers.registerEventTimeTimer(watermark + 1);
        }
    }

    private boolean isSorted(List<T> events) {
        long previous = Long.MIN_VALUE;
        for (T event : events) {
            long time = adapter.eventTimeMillis(event);
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
                adapter.eventTimeMillis(retained.get(retained.size() - 1)) + rule.windowMillis();
        long remainder = Math.floorMod(expiry, cleanupGranule);
        return remainder == 0 ? expiry : expiry - remainder + cleanupGranule;
    }
}
