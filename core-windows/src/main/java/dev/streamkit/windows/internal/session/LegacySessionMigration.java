package dev.streamkit.windows.internal.session;

import dev.streamkit.windows.Aggregator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.internal.InternalAggregatingState;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Savepoint migration from the session windows of Streamkit before issue 16 (Flink's {@code
 * WindowOperator} subclassed as {@code PolicyWindowOperator}, same uid) to {@link
 * SessionWindowOperator}. Runs eagerly in {@code open()}, per subtask, over the keys of the
 * restored key groups:
 *
 * <ul>
 *   <li>{@value #MERGING_SET} (list state, void namespace: pairs of window and the state window
 *       that holds its contents) names each key's sessions;
 *   <li>{@value #CONTENTS} (aggregating state namespaced by the state window) holds each session's
 *       accumulator, in the aggregator's own serializer, read as is;
 *   <li>{@value #TIMERS} (timer service namespaced by window) tells which sessions have not fired
 *       yet: those with a pending timer at {@code end - 1}.
 * </ul>
 *
 * Each key becomes one {@link SessionSet} with one timer; the legacy state and timers are cleared.
 * Without legacy state (a new job, or one already migrated) this reads one key stream and stops.
 */
@Internal
final class LegacySessionMigration<K, T, A, R> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Flink's {@code WindowOperator} state of the merging windows per key. */
    static final String MERGING_SET = "merging-window-set";

    /** Flink's {@code WindowOperator} (and our aggregating descriptor's) window contents. */
    static final String CONTENTS = "window-contents";

    /** Flink's {@code WindowOperator} timer service. */
    static final String TIMERS = "window-timers";

    private final SessionWindowOperator<K, T, A, R> operator;

    LegacySessionMigration(SessionWindowOperator<K, T, A, R> operator) {
        this.operator = operator;
    }

    /**
     * Migrates every key with legacy session state (see the class comment).
     *
     * @param backend the operator's keyed state backend
     * @throws Exception if state access fails
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void migrate(KeyedStateBackend<?> backend) throws Exception {
        List<Object> keys;
        try (Stream<?> s = backend.getKeys(MERGING_SET, VoidNamespace.INSTANCE)) {
            keys = s.collect(Collectors.toList());
        }
        if (keys.isEmpty()) {
            return;
        }
        TypeSerializer<TimeWindow> windows = new TimeWindow.Serializer();
        // Timers left by the old operator: a trigger timer at end - 1 marks an unfired session.
        InternalTimerService<TimeWindow> oldTimers =
                operator.timerService(TIMERS, windows, new Ignore<>());
        List<Object[]> timers = new ArrayList<>();
        oldTimers.forEachEventTimeTimer(
                (window, time) ->
                        timers.add(new Object[] {operator.getCurrentKey(), window, time}));
        Set<Tuple2<Object, TimeWindow>> pending = new HashSet<>();
        for (Object[] timer : timers) {
            operator.setCurrentKey(timer[0]);
            TimeWindow w = (TimeWindow) timer[1];
            long time = (Long) timer[2];
            oldTimers.deleteEventTimeTimer(w, time);
            if (time == w.maxTimestamp()) {
                pending.add(Tuple2.of(timer[0], w));
            }
        }
        TypeSerializer<Tuple2<TimeWindow, TimeWindow>> pairs =
                new TupleSerializer<>(
                        (Class) Tuple2.class, new TypeSerializer<?>[] {windows, windows});
        InternalListState<Object, VoidNamespace, Tuple2<TimeWindow, TimeWindow>> mergingSets =
                (InternalListState<Object, VoidNamespace, Tuple2<TimeWindow, TimeWindow>>)
                        operator.keyedState(
                                VoidNamespaceSerializer.INSTANCE,
                                new ListStateDescriptor<>(MERGING_SET, pairs));
        mergingSets.setCurrentNamespace(VoidNamespace.INSTANCE);
        Aggregator<T, A, R> aggregator = operator.aggregator();
        InternalAggregatingState<Object, TimeWindow, T, A, R> contents =
                (InternalAggregatingState<Object, TimeWindow, T, A, R>)
                        operator.keyedState(
                                windows,
                                new AggregatingStateDescriptor<>(
                                        CONTENTS,
                                        aggregator.asAggregateFunction(),
                                        aggregator.accumulatorSerializer()));
        for (Object key : keys) {
            operator.setCurrentKey(key);
            List<Tuple2<TimeWindow, TimeWindow>> mapping = new ArrayList<>();
            for (Tuple2<TimeWindow, TimeWindow> m : mergingSets.get()) {
                mapping.add(m);
            }
            mapping.sort((a, b) -> Long.compare(a.f0.getStart(), b.f0.getStart()));
            SessionSet<A> set = new SessionSet<>(Math.max(2, mapping.size()));
            for (Tuple2<TimeWindow, TimeWindow> m : mapping) {
                contents.setCurrentNamespace(m.f1);
                A acc = contents.getInternal();
                contents.clear();
                if (acc != null) {
                    boolean fired = !pending.contains(Tuple2.of(key, m.f0));
                    set.append(m.f0.getStart(), m.f0.getEnd(), fired, acc);
                }
            }
            mergingSets.clear();
            operator.store(set);
        }
    }

    /** The old timers are read and deleted before any could fire. */
    private static final class Ignore<K> implements Triggerable<K, TimeWindow> {
        @Override
        public void onEventTime(InternalTimer<K, TimeWindow> timer) {}

        @Override
        public void onProcessingTime(InternalTimer<K, TimeWindow> timer) {}
    }
}
