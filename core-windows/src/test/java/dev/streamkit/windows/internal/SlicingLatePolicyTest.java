package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.EVENT;
import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static dev.streamkit.windows.internal.WindowTestSupport.harness;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.Results;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The late policy on the slicing operator: drop, side output, lateness with corrections. */
class SlicingLatePolicyTest {

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyedOneInputStreamOperatorTestHarness<
                    Integer, Tuple3<Integer, Long, Long>, Object>
            open(Windows.Shape spec, LatePolicy<Tuple3<Integer, Long, Long>> policy, Backend b)
                    throws Exception {
        SlicingWindowAggregation agg =
                (SlicingWindowAggregation)
                        WindowTestSupport.plan(
                                spec.aggregate(WindowTestSupport.aggregation())
                                        .lateRecords(policy)
                                        .build());
        var h = harness(agg.createOperator(), KEY, Types.INT, b, 128, 1, 0);
        h.open();
        return (KeyedOneInputStreamOperatorTestHarness) h;
    }

    private static void event(
            KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object> h,
            long ts,
            long value)
            throws Exception {
        h.processElement(new StreamRecord<>(Tuple3.of(1, ts, value), ts));
    }

    @SuppressWarnings("unchecked")
    private static List<WindowResult<Integer, Results>> results(
            KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object>
                    h) {
        List<WindowResult<Integer, Results>> out = new ArrayList<>();
        for (Object o : h.extractOutputValues()) {
            out.add((WindowResult<Integer, Results>) o);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sideOutputWithLatenessFlagsCorrectionsAndRoutesTheRest(Backend backend) throws Exception {
        LatePolicy<Tuple3<Integer, Long, Long>> policy =
                LatePolicy.sideOutputWithLateness("late", EVENT, Duration.ofMillis(100));
        var h =
                open(
                        Windows.sliding(Duration.ofMillis(100), Duration.ofMillis(50)),
                        policy,
                        backend);
        event(h, 10, 5);
        event(h, 60, 7);
        h.processWatermark(new Watermark(149)); // fires [0,100) and [50,150)
        event(h, 70, 1); // behind the watermark, within lateness of both windows
        h.processWatermark(new Watermark(250)); // [0,100) cleaned up at 199, [50,150) at 249
        event(h, 80, 100); // too late for both windows
        h.processWatermark(Watermark.MAX_WATERMARK);

        List<String> got = new ArrayList<>();
        for (var r : results(h)) {
            got.add(
                    r.windowStart
                            + "-"
                            + r.windowEnd
                            + " n="
                            + r.result.get(0)
                            + " c="
                            + r.correction);
        }
        assertThat(got)
                .containsExactly(
                        "-50-50 n=1 c=false",
                        "0-100 n=2 c=false",
                        "50-150 n=1 c=false",
                        "0-100 n=3 c=true",
                        "50-150 n=2 c=true");
        var late = new ArrayList<>(h.getSideOutput(policy.lateRecordsTag()));
        assertThat(late).hasSize(1);
        LateEvent<Tuple3<Integer, Long, Long>> missed = late.get(0).getValue();
        assertThat(missed.event).isEqualTo(Tuple3.of(1, 80L, 100L));
        assertThat(missed.watermark).isEqualTo(250);
        assertThat(missed.latenessMillis).isEqualTo(170);
        assertThat(missed.windowStart).isEqualTo(50);
        assertThat(missed.windowEnd).isEqualTo(150);
        SlicingWindowOperator<?, ?, ?, ?> op =
                (SlicingWindowOperator<?, ?, ?, ?>) (Object) h.getOperator();
        assertThat(op.lateCounts()).containsExactly(0, 1, 1, 2);
        assertThat(WindowTestSupport.stateEntries(h)).isZero();
        assertThat(WindowTestSupport.timers(h)).isZero();
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dropCountsLateEventsAndEmitsNothingForThem(Backend backend) throws Exception {
        var h = open(Windows.tumbling(Duration.ofMillis(10)), LatePolicy.drop(), backend);
        event(h, 1, 1);
        h.processWatermark(new Watermark(20));
        event(h, 5, 1);
        event(h, 19, 1);
        event(h, 21, 1);
        h.processWatermark(Watermark.MAX_WATERMARK);
        List<String> got = new ArrayList<>();
        for (var r : results(h)) {
            got.add(r.windowStart + "-" + r.windowEnd + " n=" + r.result.get(0));
        }
        assertThat(got).containsExactly("0-10 n=1", "20-30 n=1");
        SlicingWindowOperator<?, ?, ?, ?> op =
                (SlicingWindowOperator<?, ?, ?, ?>) (Object) h.getOperator();
        assertThat(op.lateCounts()).containsExactly(2, 0, 0, 0);
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cumulativeWindowsReEmitEveryAffectedWindowAsCorrection(Backend backend) throws Exception {
        var h =
                open(
                        Windows.cumulative(Duration.ofMillis(30), Duration.ofMillis(10)),
                        LatePolicy.allowedLateness(Duration.ofMillis(50)),
                        backend);
        event(h, 3, 1);
        event(h, 25, 1);
        h.processWatermark(new Watermark(40)); // fires [0,10) [0,20) [0,30)
        event(h, 12, 1); // joins [0,20) and [0,30)
        h.processWatermark(Watermark.MAX_WATERMARK);
        List<String> got = new ArrayList<>();
        for (var r : results(h)) {
            got.add(
                    r.windowStart
                            + "-"
                            + r.windowEnd
                            + " n="
                            + r.result.get(0)
                            + " c="
                            + r.correction);
        }
        assertThat(got)
                .containsExactly(
                        "0-10 n=1 c=false",
                        "0-20 n=1 c=false",
                        "0-30 n=2 c=false",
                        "0-20 n=2 c=true",
                        "0-30 n=3 c=true");
        assertThat(WindowTestSupport.stateEntries(h)).isZero();
        h.close();
    }
}
