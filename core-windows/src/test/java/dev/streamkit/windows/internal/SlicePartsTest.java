package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.aggregation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.Results;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The slicing operator's parts on real keyed state (heap backend, one key), outside the operator:
 * {@link SliceStore}, the three {@link WindowFiring} strategies (incremental and swept windows
 * against sums computed here from the slice values), {@link SliceTimerScheduler} and {@link
 * LatePolicyHandler}.
 */
class SlicePartsTest {
    private static final Aggregator<Tuple3<Integer, Long, Long>, Object, Results> AGG = agg();

    @SuppressWarnings("unchecked")
    private static Aggregator<Tuple3<Integer, Long, Long>, Object, Results> agg() {
        return (Aggregator<Tuple3<Integer, Long, Long>, Object, Results>) (Object) aggregation();
    }

    /** Hosts the parts: keyed state, a timer service and a metric group of a real operator. */
    static final class Host extends AbstractStreamOperator<Object>
            implements OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object>,
                    Triggerable<Integer, VoidNamespace> {
        final SliceAssigner slices;
        SliceStore<Object> store;
        SliceTimerScheduler scheduler;
        LatePolicyHandler<Tuple3<Integer, Long, Long>> late;
        final OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> lateTag;

        Host(SliceAssigner slices, OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> lateTag) {
            this.slices = slices;
            this.lateTag = lateTag;
        }

        @Override
        public void open() throws Exception {
            super.open();
            store = new SliceStore<>(AGG, getRuntimeContext());
            scheduler =
                    new SliceTimerScheduler(
                            KeyTimers.of(
                                    getInternalTimerService(
                                            "t", VoidNamespaceSerializer.INSTANCE, this)),
                            slices,
                            20);
            late = new LatePolicyHandler<>(lateTag, null, getMetricGroup());
            setCurrentKey(1);
        }

        org.apache.flink.streaming.api.operators.Output<StreamRecord<Object>> out() {
            return output;
        }

        @Override
        public void processElement(StreamRecord<Tuple3<Integer, Long, Long>> element) {}

        @Override
        public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) {}

        @Override
        public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) {}
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, ?>
            harness(Host host) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object> h =
                new KeyedOneInputStreamOperatorTestHarness<>(host, e -> e.f0, Types.INT);
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.open();
        return h;
    }

    /** One event of value {@code v}, counted. */
    private static Tuple2<Long, Object> one(long v) {
        return Tuple2.of(1L, AGG.add(AGG.createAccumulator(), Tuple3.of(1, 0L, v)));
    }

    private static long sum(Tuple2<Long, Object> window) {
        return window == null ? 0 : ((Number) AGG.getResult(window.f1).get(1)).longValue();
    }

    /** Slices 1..n with value 10 * j (slice 4 empty), in state. */
    private static SliceBookkeeping fill(SliceStore<Object> store, int n) throws Exception {
        SliceBookkeeping b = SliceBookkeeping.fresh(0);
        for (long j = 1; j <= n; j++) {
            if (j != 4) {
                store.addToSlice(b, j, one(10 * j));
            }
        }
        return b;
    }

    /** The sum of slice values 10 * j over [from, to], slice 4 empty (computed independently). */
    private static long expected(long from, long to) {
        long s = 0;
        for (long j = Math.max(1, from); j <= to; j++) {
            s += j == 4 ? 0 : 10 * j;
        }
        return s;
    }

    private static List<Long> firedIncrementally(
            WindowFiring<Object> firing, SliceBookkeeping b, long first, long last, long step)
            throws Exception {
        List<Long> sums = new ArrayList<>();
        for (long e = first; e <= last; e += step) {
            sums.add(sum(firing.fire(b, e)));
            b.lastFired = e;
            b.dirty = false;
        }
        return sums;
    }

    private static List<Long> swept(
            SliceStore<Object> store, WindowFiring<Object> firing, long first, long last)
            throws Exception {
        SweptSlices<Object> s = new SweptSlices<>();
        store.loadSlices(s);
        List<Long> sums = new ArrayList<>();
        firing.emitSwept(s, first, last, (e, w, c) -> sums.add(sum(w)));
        return sums;
    }

    @Test
    void storeMergesSlicesCombinesRangesAndClearsTheKey() throws Exception {
        Host host = new Host(SliceAssigner.sliding(300, 100), null);
        var h = harness(host);
        SliceStore<Object> store = host.store;
        SliceBookkeeping b = fill(store, 6);
        store.addToSlice(b, 2, one(5));
        assertThat(store.slice(2).f0).isEqualTo(2L);
        assertThat(sum(store.slice(2))).isEqualTo(25);
        assertThat(sum(store.combineRange(2, 5))).isEqualTo(25 + 30 + 50);
        assertThat(store.combineRange(4, 4)).isNull();
        assertThat(store.nextExistingSlice(b, 3)).isEqualTo(5);
        assertThat(store.nextExistingSlice(b, 6)).isEqualTo(Long.MAX_VALUE);
        // the same answers from state when the presence is not known (written by older versions)
        long[] old = b.toState();
        old[6] = 0;
        SliceBookkeeping unknown = SliceBookkeeping.fromState(old);
        assertThat(unknown.presenceKnown).isFalse();
        assertThat(store.nextExistingSlice(unknown, 3)).isEqualTo(5);
        assertThat(store.nextExistingSlice(unknown, 6)).isEqualTo(Long.MAX_VALUE);
        assertThat(unknown.mayHaveSlice(4)).isTrue();
        assertThat(b.mayHaveSlice(4)).isFalse();
        assertThat(b.minSlice).isEqualTo(1);
        assertThat(b.maxSlice).isEqualTo(6);
        store.save(b);
        assertThat(store.bookkeeping().toState()).containsExactly(b.toState());
        store.stacks(b).putSuffix(5, one(1));
        b.frontStart = 5;
        b.backStart = 6;
        store.setRunning(one(1));
        store.clearKey(b, false, SliceAssigner.Kind.SLIDING);
        assertThat(WindowTestSupport.stateEntries(h)).isZero();
        h.close();
    }

    @Test
    void tumblingWindowsAreTheirSlices() throws Exception {
        Host host = new Host(SliceAssigner.tumbling(100), null);
        var h = harness(host);
        WindowFiring<Object> firing = WindowFiring.of(host.slices, host.store);
        SliceBookkeeping b = fill(host.store, 6);
        assertThat(firedIncrementally(firing, b, 1, 6, 1))
                .containsExactly(10L, 20L, 30L, 0L, 50L, 60L);
        // swept: empty windows are not emitted
        assertThat(swept(host.store, firing, 2, 5)).containsExactly(20L, 30L, 50L);
        assertThat(firing.sweepPays(3, 3)).isFalse();
        assertThat(firing.sweepPays(3, 4)).isTrue();
        h.close();
    }

    @Test
    void slidingWindowsIncrementalAndSweptAgreeWithTheSums() throws Exception {
        // 3 slices per window, step 1 slice
        Host host = new Host(SliceAssigner.sliding(300, 100), null);
        var h = harness(host);
        WindowFiring<Object> firing = WindowFiring.of(host.slices, host.store);
        SliceBookkeeping b = fill(host.store, 8);
        List<Long> expected = new ArrayList<>();
        for (long e = 1; e <= 10; e++) {
            expected.add(expected(e - 2, Math.min(e, 8)));
        }
        assertThat(firedIncrementally(firing, b, 1, 10, 1)).isEqualTo(expected);
        assertThat(swept(host.store, firing, 1, 10)).isEqualTo(expected);
        assertThat(firing.sweepPays(1, 1)).isFalse();
        assertThat(firing.sweepPays(1, 3)).isTrue();
        h.close();
    }

    @Test
    void slidingFrontKeepsSuffixAggregatesOnlyAtSlices() throws Exception {
        // 10 slices per window, step 1 slice; slices 1, 3 and 7 only
        Host host = new Host(SliceAssigner.sliding(1000, 100), null);
        var h = harness(host);
        WindowFiring<Object> firing = WindowFiring.of(host.slices, host.store);
        SliceBookkeeping b = SliceBookkeeping.fresh(0);
        long[] at = {1, 3, 7};
        for (long j : at) {
            host.store.addToSlice(b, j, one(10 * j));
        }
        SlidingStacks<Object> stacks = host.store.stacks(b);
        for (long e = 1; e <= 17; e++) {
            long want = 0;
            for (long j : at) {
                want += j > e - 10 && j <= e ? 10 * j : 0;
            }
            assertThat(sum(firing.fire(b, e))).as("window %s", e).isEqualTo(want);
            b.lastFired = e;
            int kept = 0;
            for (long i = 0; i <= 20; i++) {
                if (stacks.suffix(i) != null) {
                    assertThat(at).as("window %s: suffix at %s", e, i).contains(i);
                    kept++;
                }
            }
            // the front starts at a kept index, or is empty
            if (b.hasFront()) {
                assertThat(stacks.suffix(b.frontStart)).as("window %s", e).isNotNull();
            }
            assertThat(kept).as("window %s", e).isLessThanOrEqualTo(at.length);
        }
        h.close();
    }

    @Test
    void slidingWriteBackLetsTheIncrementalPathContinue() throws Exception {
        Host host = new Host(SliceAssigner.sliding(300, 100), null);
        var h = harness(host);
        WindowFiring<Object> firing = WindowFiring.of(host.slices, host.store);
        SliceBookkeeping b = fill(host.store, 8);
        SweptSlices<Object> s = new SweptSlices<>();
        host.store.loadSlices(s);
        firing.emitSwept(s, 1, 5, (e, w, c) -> {});
        firing.writeBack(b, s, 0, 5);
        b.lastFired = 5;
        assertThat(firedIncrementally(firing, b, 6, 9, 1))
                .containsExactly(expected(4, 6), expected(5, 7), expected(6, 8), expected(7, 8));
        h.close();
    }

    @Test
    void cumulativeWindowsGrowWithinTheirPeriod() throws Exception {
        // periods of 3 slices, a window every slice
        Host host = new Host(SliceAssigner.cumulative(300, 100), null);
        var h = harness(host);
        WindowFiring<Object> firing = WindowFiring.of(host.slices, host.store);
        SliceBookkeeping b = fill(host.store, 6);
        List<Long> expected = new ArrayList<>();
        for (long e = 1; e <= 6; e++) {
            expected.add(expected(host.slices.firstSlice(e), e));
        }
        assertThat(firedIncrementally(firing, b, 1, 6, 1)).isEqualTo(expected);
        List<Long> nonEmpty = new ArrayList<>(expected);
        nonEmpty.remove(Long.valueOf(0)); // swept: windows without events are not emitted
        assertThat(swept(host.store, firing, 1, 6)).isEqualTo(nonEmpty);
        h.close();
    }

    @Test
    void schedulerKeepsOneTimerPerKeyAtTheNextWindowOrCleanup() throws Exception {
        Host host = new Host(SliceAssigner.tumbling(100), null);
        var h = harness(host);
        SliceTimerScheduler scheduler = host.scheduler;
        SliceBookkeeping b = SliceBookkeeping.fresh(0);
        assertThat(scheduler.nextTimer(b)).isEqualTo(SliceBookkeeping.NO_TIMER);
        b.include(3); // window [200, 300): fires at 299, cleaned up at 299 + lateness 20
        assertThat(scheduler.cleanupTime(3)).isEqualTo(319);
        assertThat(scheduler.nextTimer(b)).isEqualTo(299);
        scheduler.schedule(b);
        assertThat(b.timer).isEqualTo(299);
        b.lastFired = 3; // fired: next is the cleanup
        scheduler.schedule(b);
        assertThat(b.timer).isEqualTo(319);
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        scheduler.cancel(b);
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(b.timer).isEqualTo(SliceBookkeeping.NO_TIMER);
        h.close();
    }

    @Test
    void lateRecordsAreSideOutputOrDroppedAndCounted() throws Exception {
        OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> tag =
                new OutputTag<>("late", LateEvent.typeInfo(WindowTestSupport.EVENT));
        Host withTag = new Host(SliceAssigner.tumbling(100), tag);
        var h = harness(withTag);
        withTag.late.late(Tuple3.of(1, 5L, 7L), 5, 500, 0, 100, withTag.out());
        withTag.late.accepted();
        withTag.late.corrected();
        withTag.late.corrected();
        assertThat(withTag.late.counts()).containsExactly(0, 1, 1, 2);
        assertThat(h.getSideOutput(tag)).hasSize(1);
        LateEvent<Tuple3<Integer, Long, Long>> event = h.getSideOutput(tag).peek().getValue();
        assertThat(event).isEqualTo(new LateEvent<>(Tuple3.of(1, 5L, 7L), 5, 500, 0, 100));
        h.close();

        Host dropping = new Host(SliceAssigner.tumbling(100), null);
        var d = harness(dropping);
        dropping.late.late(Tuple3.of(1, 5L, 7L), 5, 500, 0, 100, dropping.out());
        assertThat(dropping.late.counts()).containsExactly(1, 0, 0, 0);
        d.close();
    }
}
