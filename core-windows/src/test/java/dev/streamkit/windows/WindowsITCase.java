package dev.streamkit.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions (our merging session operator) and slicing windows on a MiniCluster at parallelism 2
 * with checkpointing: the late policy, corrections, and a late event bridging two sessions.
 */
class WindowsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** (key, event time, value); key "WM" carries a watermark in its value. */
    static final TypeInformation<Tuple3<String, Long, Long>> EVENT =
            Types.TUPLE(Types.STRING, Types.LONG, Types.LONG);

    static final Fields.LongField<Tuple3<String, Long, Long>> VALUE = ev -> ev.f2;

    /** The windows' count and sum of {@link #VALUE}, read back with these parts. */
    static final TypedAggregations<Tuple3<String, Long, Long>> EVENTS = Aggregations.forType(EVENT);

    static final Aggregator<Tuple3<String, Long, Long>, ?, Long> COUNT = EVENTS.count();
    static final Aggregator<Tuple3<String, Long, Long>, ?, Long> SUM = EVENTS.sumLong(VALUE);

    static Tuple3<String, Long, Long> e(String key, long ts, long value) {
        return Tuple3.of(key, ts, value);
    }

    static Tuple3<String, Long, Long> wm(long watermark) {
        return Tuple3.of("WM", watermark, watermark);
    }

    /** Emits exactly the scripted watermarks, in order with the events. */
    static final class Scripted implements WatermarkGenerator<Tuple3<String, Long, Long>> {
        @Override
        public void onEvent(Tuple3<String, Long, Long> event, long ts, WatermarkOutput output) {
            if ("WM".equals(event.f0)) {
                output.emitWatermark(new Watermark(event.f2));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        TestConfigs.disableGenericTypes(env.getConfig());
        return env;
    }

    static KeyedStream<Tuple3<String, Long, Long>, String> keyed(
            StreamExecutionEnvironment env, List<Tuple3<String, Long, Long>> script) {
        return env.fromData(script, EVENT)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Tuple3<String, Long, Long>>forGenerator(
                                        ctx -> new Scripted())
                                .withTimestampAssigner((ev, ts) -> ev.f1))
                .setParallelism(1)
                .filter(ev -> !"WM".equals(ev.f0))
                .setParallelism(1)
                .keyBy(ev -> ev.f0, Types.STRING);
    }

    static <R> List<String> run(
            StreamExecutionEnvironment env,
            WindowAggregation<Tuple3<String, Long, Long>, Results> agg,
            KeyedStream<Tuple3<String, Long, Long>, String> keyed)
            throws Exception {
        SingleOutputStreamOperator<WindowResult<String, Results>> results = agg.apply(keyed);
        DataStream<String> out =
                results.map(
                                r ->
                                        r.key
                                                + " ["
                                                + r.windowStart
                                                + ","
                                                + r.windowEnd
                                                + ") n="
                                                + r.result.get(COUNT)
                                                + " sum="
                                                + r.result.get(SUM)
                                                + (r.correction ? " correction" : ""))
                        .returns(Types.STRING);
        if (agg.latePolicy().hasSideOutput()) {
            out =
                    out.union(
                            results.getSideOutput(agg.lateRecordsTag())
                                    .map(
                                            l ->
                                                    "late "
                                                            + l.event.f0
                                                            + "@"
                                                            + l.timestamp
                                                            + " by "
                                                            + l.latenessMillis
                                                            + " missed ["
                                                            + l.windowStart
                                                            + ","
                                                            + l.windowEnd
                                                            + ")")
                                    .returns(Types.STRING));
        }
        List<String> collected = new ArrayList<>();
        out.executeAndCollect().forEachRemaining(collected::add);
        collected.sort(String::compareTo);
        return collected;
    }

    @Test
    void lateEventBridgingTwoSessionsReEmitsTheMergedSessionAsCorrection() throws Exception {
        StreamExecutionEnvironment env = env();
        List<Tuple3<String, Long, Long>> script =
                Arrays.asList(
                        e("a", 0, 1),
                        e("a", 5, 2),
                        e("a", 22, 4),
                        e("b", 50, 8),
                        wm(33), // fires a [0,15) and a [22,32); both kept 20 ms for lateness
                        e("a", 13, 16), // late, bridges both sessions -> a [0,32) correction
                        wm(100), // fires b [50,60); a's session expires at 51
                        e("a", 1, 32), // beyond lateness: side output
                        e("b", 95, 64)); // behind the watermark, but its session ends at 105
        WindowAggregation<Tuple3<String, Long, Long>, Results> agg =
                Windows.session(Duration.ofMillis(10))
                        .aggregate(EVENTS.of(COUNT, SUM))
                        .lateRecords(
                                LatePolicy.sideOutputWithLateness(
                                        "late", EVENT, Duration.ofMillis(20)))
                        .build();
        assertThat(run(env, agg, keyed(env, script)))
                .containsExactly(
                        "a [0,15) n=2 sum=3",
                        "a [0,32) n=4 sum=23 correction",
                        "a [22,32) n=1 sum=4",
                        "b [50,60) n=1 sum=8",
                        "b [95,105) n=1 sum=64",
                        "late a@1 by 99 missed [1,11)");
    }

    @Test
    void sessionMaxLengthSplitsLongSessions() throws Exception {
        StreamExecutionEnvironment env = env();
        List<Tuple3<String, Long, Long>> script =
                Arrays.asList(e("a", 0, 1), e("a", 8, 1), e("a", 16, 1), e("a", 24, 1), wm(1000));
        WindowAggregation<Tuple3<String, Long, Long>, Results> agg =
                Windows.session(Duration.ofMillis(10))
                        .maxLength(Duration.ofMillis(20))
                        .aggregate(EVENTS.of(COUNT, SUM))
                        .build();
        assertThat(run(env, agg, keyed(env, script)))
                .containsExactly("a [0,18) n=2 sum=2", "a [16,34) n=2 sum=2");
    }

    @Test
    void slicingWindowsRunOnTheClusterWithTheSameLatePolicy() throws Exception {
        StreamExecutionEnvironment env = env();
        List<Tuple3<String, Long, Long>> script =
                Arrays.asList(
                        e("a", 1, 1),
                        e("b", 2, 2),
                        e("a", 12, 4),
                        wm(20), // fires [-10,10) and [0,20) for a and b
                        e("a", 3, 8), // too late: lateness 0
                        wm(1000));
        WindowAggregation<Tuple3<String, Long, Long>, Results> agg =
                Windows.sliding(Duration.ofMillis(20), Duration.ofMillis(10))
                        .aggregate(EVENTS.of(COUNT, SUM))
                        .lateRecords(LatePolicy.sideOutput("late", EVENT))
                        .build();
        assertThat(run(env, agg, keyed(env, script)))
                .containsExactly(
                        "a [-10,10) n=1 sum=1",
                        "a [0,20) n=2 sum=5",
                        "a [10,30) n=1 sum=4",
                        "b [-10,10) n=1 sum=2",
                        "b [0,20) n=1 sum=2",
                        "late a@3 by 17 missed [0,20)");
    }
}
