package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.EVENT;
import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.FlinkLineTesting;
import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.windows.LateEventRouter;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The late-event metrics are a public contract (CloudWatch alarms on MSF): each operator counts
 * late events under the documented name, checked here by name rather than through the operator.
 */
class LateMetricNamesTest {

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();

    private MockEnvironment environment() {
        return FlinkLineTesting.environmentWithOperatorMetrics(metrics);
    }

    private long count(String name) {
        Metric metric = metrics.get(name);
        assertThat(metric).as("metric %s", name).isInstanceOf(Counter.class);
        return ((Counter) metric).getCount();
    }

    private static StreamRecord<Tuple3<Integer, Long, Long>> at(long ts) {
        return new StreamRecord<>(Tuple3.of(1, ts, 1L), ts);
    }

    /** Runs the window operator {@code windows} builds on: 5, wm 100, 120, wm 200, 50, 150, 10. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void run(OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object> op)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object>
                h =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                op, KEY, Types.INT, environment())) {
            TestConfigs.disableGenericTypes(h.getExecutionConfig());
            h.setup(
                    (TypeSerializer)
                            WindowTestSupport.OUTPUT.createSerializer(
                                    h.getExecutionConfig().getSerializerConfig()));
            h.open();
            h.processElement(at(5));
            h.processWatermark(new Watermark(100));
            h.processElement(at(120));
            h.processWatermark(new Watermark(200));
            h.processElement(at(150)); // behind the watermark: within 100 ms lateness of [100,200)
            h.processElement(at(50)); // beyond any lateness
            h.processElement(at(10)); // beyond any lateness
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object> operatorOf(
            WindowAggregation<Tuple3<Integer, Long, Long>, ?> aggregation) {
        if (WindowTestSupport.plan(aggregation) instanceof SlicingWindowAggregation) {
            return ((SlicingWindowAggregation) WindowTestSupport.plan(aggregation))
                    .createOperator();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var keyed = env.fromData(EVENT, Tuple3.of(1, 1L, 1L)).keyBy(KEY, Types.INT);
        return (OneInputStreamOperator)
                ((OneInputTransformation) aggregation.apply(keyed).getTransformation())
                        .getOperator();
    }

    private static WindowAggregation<Tuple3<Integer, Long, Long>, ?> build(
            Windows.Shape spec, LatePolicy<Tuple3<Integer, Long, Long>> policy) {
        return spec.aggregate(WindowTestSupport.aggregation()).lateRecords(policy).build();
    }

    @Test
    void slicingWindowsCountDropsUnderFlinksOwnName() throws Exception {
        run(operatorOf(build(Windows.tumbling(Duration.ofMillis(100)), LatePolicy.drop())));
        assertThat(count("numLateRecordsDropped")).isEqualTo(3);
        assertThat(count("numLateRecordsSideOutput")).isZero();
    }

    @Test
    void slicingWindowsCountAcceptedSideOutputAndCorrections() throws Exception {
        run(
                operatorOf(
                        build(
                                Windows.tumbling(Duration.ofMillis(100)),
                                LatePolicy.sideOutputWithLateness(
                                        "late", EVENT, Duration.ofMillis(100)))));
        assertThat(count("numLateRecordsAccepted")).isEqualTo(1);
        assertThat(count("numLateRecordsSideOutput")).isEqualTo(2);
        assertThat(count("numLateRecordsDropped")).isZero();
        assertThat(count("numCorrectionsEmitted")).isEqualTo(1);
    }

    @Test
    void sessionWindowsCountDropsInTheWindowOperatorsOwnCounter() throws Exception {
        run(operatorOf(build(Windows.session(Duration.ofMillis(10)), LatePolicy.drop())));
        // 150 is late too: sessions have no lateness here, and 150 < watermark 200
        assertThat(count("numLateRecordsDropped")).isEqualTo(3);
    }

    @Test
    void sessionWindowsCountSideOutput() throws Exception {
        run(
                operatorOf(
                        build(
                                Windows.session(Duration.ofMillis(10)),
                                LatePolicy.sideOutput("late", EVENT))));
        assertThat(count("numLateRecordsSideOutput")).isEqualTo(3);
        assertThat(count("numLateRecordsDropped")).isZero();
    }

    @Test
    void routerCountsEveryLateEvent() throws Exception {
        LateEventRouter<Tuple3<Integer, Long, Long>> router =
                LateEventRouter.builder(EVENT).allowedLateness(Duration.ofMillis(100)).build();
        try (OneInputStreamOperatorTestHarness<
                        Tuple3<Integer, Long, Long>, Tuple3<Integer, Long, Long>>
                h =
                        new OneInputStreamOperatorTestHarness<>(
                                new ProcessOperator<>(router.function()), environment())) {
            h.open();
            List<Long> times = Arrays.asList(5L, 120L, 150L, 50L, 10L);
            h.processElement(at(times.get(0)));
            h.processWatermark(new Watermark(200));
            for (long t : times.subList(1, times.size())) {
                h.processElement(at(t));
            }
        }
        // late exactly when timestamp <= watermark - lateness = 100: 50 and 10
        assertThat(count("numLateRecords")).isEqualTo(2);
    }
}
