package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.EVENT;
import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.Windows;
import dev.streamkit.windows.Windows.SessionGap;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import dev.streamkit.windows.internal.WindowTestSupport.Step;
import dev.streamkit.windows.internal.session.SessionWindowAggregation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized differential tests of the session operator ({@code SessionWindowOperator}): seeded
 * out-of-order streams with bursts, pauses, bridging and late events, against Flink's {@code
 * WindowOperator} with {@link EventTimeSessionWindows} (static gap) or with our {@code
 * SessionAssigner} (per-event gap, maxLength), and against the previous Streamkit session path
 * ({@code PolicyWindowOperator}) including correction flags and late-event contents; on both
 * backends, with mini-batches of 1 key to unbounded, and across a checkpoint/restore.
 */
class SessionDifferentialTest {
    static final OutputTag<Tuple3<Integer, Long, Long>> FLINK_LATE =
            new OutputTag<>("flink-late", EVENT);
    static final OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> LATE =
            new OutputTag<>("late", LateEvent.typeInfo(EVENT));

    /** A session configuration: gap (or per-event gap), maxLength (0: none), lateness. */
    static final class Config {
        final long gap;
        final boolean dynamic;
        final long maxLength;
        final long lateness;

        Config(long gap, boolean dynamic, long maxLength, long lateness) {
            this.gap = gap;
            this.dynamic = dynamic;
            this.maxLength = maxLength;
            this.lateness = lateness;
        }

        SessionGap<Tuple3<Integer, Long, Long>> gapFunction() {
            return dynamic ? e -> Duration.ofMillis(10 + Math.floorMod(e.f2, 50)) : null;
        }

        @Override
        public String toString() {
            return (dynamic ? "per-event gap" : "gap " + gap)
                    + (maxLength > 0 ? " maxLength " + maxLength : "")
                    + " lateness "
                    + lateness;
        }
    }

    static Stream<Arguments> cases() {
        Config[] configs = {
            new Config(40, false, 0, 0),
            new Config(40, false, 0, 60),
            new Config(25, false, 90, 30),
            new Config(0, true, 0, 25),
            new Config(0, true, 120, 0),
        };
        int[] batches = {1, 1 << 20};
        List<Arguments> out = new ArrayList<>();
        long seed = 16_000;
        for (Backend backend : Backend.values()) {
            for (Config c : configs) {
                for (int batch : batches) {
                    out.add(Arguments.of(backend, c, batch, seed++));
                }
            }
        }
        return out.stream();
    }

    /**
     * Bursty, out-of-order events on a few keys: per key, bursts of events a few ms apart then
     * pauses longer than the gap; up to 80 ms of disorder and watermarks trailing by 30 ms, so
     * events arrive late, within lateness, and bridging two sessions that already fired.
     */
    static List<Step> burstyStream(long seed, int events) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        long now = 1000;
        long maxTs = Long.MIN_VALUE;
        long lastWm = Long.MIN_VALUE;
        for (int i = 0; i < events; i++) {
            now += random.nextInt(10) == 0 ? 30 + random.nextInt(80) : random.nextInt(8);
            long ts = now - (long) (random.nextDouble() * random.nextDouble() * 80);
            int key = random.nextInt(4);
            steps.add(new Step(Tuple3.of(key, ts, (long) random.nextInt(1000) - 300), 0));
            maxTs = Math.max(maxTs, ts);
            if (random.nextInt(6) == 0 && maxTs - 30 > lastWm) {
                lastWm = maxTs - 30;
                steps.add(new Step(null, lastWm));
            }
        }
        steps.add(new Step(null, Long.MAX_VALUE));
        return steps;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object> ours(Config c, int batch) {
        Aggregator agg = WindowTestSupport.aggregation();
        return (OneInputStreamOperator)
                new SessionWindowAggregation<>(
                                agg,
                                c.dynamic ? null : Duration.ofMillis(c.gap),
                                c.gapFunction(),
                                c.maxLength > 0 ? Duration.ofMillis(c.maxLength) : null,
                                LatePolicy.sideOutputWithLateness(
                                        LATE, Duration.ofMillis(c.lateness)),
                                batch,
                                null,
                                "sessions")
                        .createOperator();
    }

    /** Flink's WindowOperator: EventTimeSessionWindows for a static gap, else our assigner. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object> flink(Config c) {
        WindowAssigner assigner =
                c.dynamic || c.maxLength > 0
                        ? new SessionAssigner<>(c.gap, c.gapFunction(), c.maxLength, true)
                        : EventTimeSessionWindows.withGap(Duration.ofMillis(c.gap));
        return (OneInputStreamOperator)
                WindowTestSupport.flinkOperator(
                        (WindowAssigner<Object, TimeWindow>) assigner,
                        Duration.ofMillis(c.lateness),
                        FLINK_LATE);
    }

    /** The session path before issue 16: Flink's WindowOperator subclassed for the late policy. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object> previous(Config c) {
        FlinkWindowAggregation<Tuple3<Integer, Long, Long>, ?, ?> plan =
                new FlinkWindowAggregation<>(
                        (Aggregator) WindowTestSupport.aggregation(),
                        Windows.Kind.SESSION,
                        null,
                        c.dynamic ? null : Duration.ofMillis(c.gap),
                        c.gapFunction(),
                        c.maxLength > 0 ? Duration.ofMillis(c.maxLength) : null,
                        false,
                        LatePolicy.sideOutputWithLateness(LATE, Duration.ofMillis(c.lateness)),
                        null,
                        "sessions");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TestConfigs.disableGenericTypes(env.getConfig());
        var keyed = env.fromData(EVENT, Tuple3.of(1, 1L, 1L)).keyBy(KEY, Types.INT);
        return (OneInputStreamOperator)
                ((OneInputTransformation) plan.apply(keyed).getTransformation()).getOperator();
    }

    static KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object>
            open(OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object> op, Backend b)
                    throws Exception {
        var h = WindowTestSupport.harness(op, KEY, Types.INT, b, 128, 1, 0);
        h.open();
        return h;
    }

    /** Results with their correction flags, sorted. */
    static List<String> exact(Collection<?> records) {
        List<String> out = new ArrayList<>();
        for (Object o : records) {
            out.add(String.valueOf(((StreamRecord<?>) o).getValue()));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static List<String> lateExact(Collection<? extends StreamRecord<?>> records) {
        List<String> out = new ArrayList<>();
        if (records != null) {
            for (StreamRecord<?> r : records) {
                out.add(String.valueOf(r.getValue()));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @ParameterizedTest(name = "{0} {1} batch {2} seed {3}")
    @MethodSource("cases")
    void matchesFlinksSessionWindowsAndThePreviousPath(
            Backend backend, Config c, int batch, long seed) throws Exception {
        System.out.println("SessionDifferentialTest seed=" + seed + " " + c + " batch " + batch);
        List<Step> steps = burstyStream(seed, 800);
        var mine = open(ours(c, batch), backend);
        var flink = open(flink(c), backend);
        var previous = open(previous(c), backend);
        for (Step s : steps) {
            s.applyTo(mine);
            s.applyTo(flink);
            s.applyTo(previous);
        }
        List<String> results = WindowTestSupport.normalized(mine.getOutput());
        assertThat(results).hasSizeGreaterThan(20);
        assertThat(results).isEqualTo(WindowTestSupport.normalized(flink.getOutput()));
        assertThat(WindowTestSupport.lateEvents(mine.getSideOutput(LATE)))
                .isEqualTo(WindowTestSupport.lateEvents(flink.getSideOutput(FLINK_LATE)));
        assertThat(exact(mine.extractOutputStreamRecords()))
                .isEqualTo(exact(previous.extractOutputStreamRecords()));
        assertThat(lateExact(mine.getSideOutput(LATE)))
                .isEqualTo(lateExact(previous.getSideOutput(LATE)));
        // bounded state: the end-of-input watermark removed every session and timer
        assertThat(sessionKeys(mine)).isZero();
        assertThat(mine.numEventTimeTimers()).isZero();
        mine.close();
        flink.close();
        previous.close();
    }

    @ParameterizedTest(name = "{0} {1} batch {2} seed {3}")
    @MethodSource("cases")
    void restoredRunMatchesAnUninterruptedOne(Backend backend, Config c, int batch, long seed)
            throws Exception {
        System.out.println("SessionDifferentialTest restore seed=" + seed + " " + c);
        List<Step> steps = burstyStream(seed, 800);
        int cut = steps.size() / 2;
        var whole = open(ours(c, batch), backend);
        for (Step s : steps) {
            s.applyTo(whole);
        }
        var first = open(ours(c, batch), backend);
        for (Step s : steps.subList(0, cut)) {
            s.applyTo(first);
        }
        first.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        List<String> results = exact(first.extractOutputStreamRecords());
        List<String> late = lateExact(first.getSideOutput(LATE));
        first.close();
        var second = WindowTestSupport.harness(ours(c, batch), KEY, Types.INT, backend, 128, 1, 0);
        second.initializeState(snapshot);
        second.open();
        // the watermark is not part of a snapshot: sources re-emit it after a restore
        new Step(null, WindowTestSupport.lastWatermark(steps.subList(0, cut))).applyTo(second);
        for (Step s : steps.subList(cut, steps.size())) {
            s.applyTo(second);
        }
        results.addAll(exact(second.extractOutputStreamRecords()));
        late.addAll(lateExact(second.getSideOutput(LATE)));
        results.sort(Comparator.naturalOrder());
        late.sort(Comparator.naturalOrder());
        assertThat(results).isEqualTo(exact(whole.extractOutputStreamRecords()));
        assertThat(late).isEqualTo(lateExact(whole.getSideOutput(LATE)));
        whole.close();
        second.close();
    }

    @ParameterizedTest(name = "{0} {1} batch {2} seed {3}")
    @MethodSource("cases")
    void restoredFromThePreviousOperatorMatchesAnUninterruptedRun(
            Backend backend, Config c, int batch, long seed) throws Exception {
        System.out.println("SessionDifferentialTest migration seed=" + seed + " " + c);
        List<Step> steps = burstyStream(seed, 800);
        int cut = steps.size() / 2;
        var whole = open(previous(c), backend);
        for (Step s : steps) {
            s.applyTo(whole);
        }
        var first = open(previous(c), backend);
        for (Step s : steps.subList(0, cut)) {
            s.applyTo(first);
        }
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        List<String> results = exact(first.extractOutputStreamRecords());
        List<String> late = lateExact(first.getSideOutput(LATE));
        first.close();
        var second = WindowTestSupport.harness(ours(c, batch), KEY, Types.INT, backend, 128, 1, 0);
        second.initializeState(snapshot);
        second.open();
        // migrated eagerly in open(): no legacy session state is left
        assertThat(legacyKeys(second)).isZero();
        new Step(null, WindowTestSupport.lastWatermark(steps.subList(0, cut))).applyTo(second);
        for (Step s : steps.subList(cut, steps.size())) {
            s.applyTo(second);
        }
        results.addAll(exact(second.extractOutputStreamRecords()));
        late.addAll(lateExact(second.getSideOutput(LATE)));
        results.sort(Comparator.naturalOrder());
        late.sort(Comparator.naturalOrder());
        assertThat(results).isEqualTo(exact(whole.extractOutputStreamRecords()));
        assertThat(late).isEqualTo(lateExact(whole.getSideOutput(LATE)));
        assertThat(sessionKeys(second)).isZero();
        assertThat(second.numEventTimeTimers()).isZero();
        whole.close();
        second.close();
    }

    static long legacyKeys(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) throws Exception {
        try (Stream<?> keys =
                h.getOperator()
                        .getKeyedStateBackend()
                        .getKeys(
                                "merging-window-set",
                                org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    static long sessionKeys(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) throws Exception {
        try (Stream<?> keys =
                h.getOperator()
                        .getKeyedStateBackend()
                        .getKeys(
                                "sessions",
                                org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }
}
