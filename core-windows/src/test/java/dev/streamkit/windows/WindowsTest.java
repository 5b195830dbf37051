package dev.streamkit.windows;

import static dev.streamkit.windows.Aggregations.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** Misconfiguration fails at build() with a message naming the parameter. */
class WindowsTest {

    private static WindowAggregation<String, Long> build(Windows.Shape spec) {
        return spec.<String, Long>aggregate(count()).build();
    }

    @Test
    void slideLargerThanSizeFails() {
        assertThatThrownBy(
                        () -> build(Windows.sliding(Duration.ofSeconds(1), Duration.ofSeconds(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slide must be <= size");
    }

    @Test
    void zeroOrNegativeSizesAndGapsFail() {
        assertThatThrownBy(() -> build(Windows.tumbling(Duration.ZERO)))
                .hasMessageContaining("size must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.sliding(Duration.ofSeconds(1), Duration.ZERO)))
                .hasMessageContaining("slide must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.session(Duration.ZERO)))
                .hasMessageContaining("gap must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.session(Duration.ofSeconds(-1))))
                .hasMessageContaining("gap must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.tumbling(null)))
                .hasMessageContaining("size must not be null");
    }

    @Test
    void cumulativeNeedsMaxSizeMultipleOfStep() {
        assertThatThrownBy(
                        () ->
                                build(
                                        Windows.cumulative(
                                                Duration.ofSeconds(10), Duration.ofSeconds(3))))
                .hasMessageContaining("maxSize must be a multiple of step");
    }

    @Test
    void negativeLatenessFailsForWindowsAndRouter() {
        assertThatThrownBy(
                        () ->
                                Windows.tumbling(Duration.ofSeconds(1))
                                        .<String, Long>aggregate(count())
                                        .lateRecords(
                                                LatePolicy.allowedLateness(Duration.ofMillis(-1)))
                                        .build())
                .hasMessageContaining("allowedLateness must be >= 0");
        assertThatThrownBy(
                        () ->
                                LateEventRouter.builder(Types.STRING)
                                        .allowedLateness(Duration.ofSeconds(-5))
                                        .build())
                .hasMessageContaining("allowedLateness must be >= 0");
    }

    @Test
    void missingAggregationFails() {
        assertThatThrownBy(() -> Windows.tumbling(Duration.ofSeconds(1)).aggregate(null).build())
                .hasMessageContaining("aggregation must not be null");
    }

    @Test
    void sessionMaxLengthIsValidated() {
        assertThatThrownBy(
                        () ->
                                build(
                                        Windows.session(Duration.ofMinutes(5))
                                                .maxLength(Duration.ofMinutes(1))))
                .hasMessageContaining("maxLength must be >= gap");
        assertThatThrownBy(
                        () ->
                                build(
                                        Windows.tumbling(Duration.ofMinutes(5))
                                                .maxLength(Duration.ofMinutes(10))))
                .hasMessageContaining("maxLength applies to session windows only");
    }

    @Test
    void processingTimeRejectsLateness() {
        assertThatThrownBy(
                        () ->
                                Windows.tumbling(Duration.ofSeconds(1))
                                        .<String, Long>aggregate(count())
                                        .inProcessingTime()
                                        .lateRecords(
                                                LatePolicy.allowedLateness(Duration.ofSeconds(1)))
                                        .build())
                .hasMessageContaining("allowedLateness must be zero for processing-time");
    }

    @Test
    void validSpecsBuildAndExposeTheLateTag() {
        OutputTag<LateEvent<String>> late =
                new OutputTag<>("late", LateEvent.typeInfo(Types.STRING));
        WindowAggregation<String, Long> agg =
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .<String, Long>aggregate(count())
                        .lateRecordsTo(late)
                        .build();
        assertThat(agg.lateRecordsTag()).isSameAs(late);
        assertThat(
                        Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                                .<String, Long>aggregate(count())
                                .lateRecords(LatePolicy.sideOutput("late", Types.STRING))
                                .build()
                                .lateRecordsTag()
                                .getId())
                .isEqualTo("late");
    }

    @Test
    void lateRecordsToKeepsTheAllowedLateness() {
        OutputTag<LateEvent<String>> late =
                new OutputTag<>("late", LateEvent.typeInfo(Types.STRING));
        WindowAggregation<String, Long> agg =
                Windows.tumbling(Duration.ofMinutes(1))
                        .<String, Long>aggregate(count())
                        .lateRecords(LatePolicy.allowedLateness(Duration.ofMinutes(5)))
                        .lateRecordsTo(late)
                        .build();
        assertThat(agg.latePolicy().lateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(agg.lateRecordsTag()).isSameAs(late);
    }

    @Test
    void tagAccessorsNameThePolicyWhenNotConfigured() {
        WindowAggregation<String, Long> dropping = build(Windows.session(Duration.ofMinutes(1)));
        assertThatThrownBy(dropping::lateRecordsTag)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "late records are dropped (LatePolicy.drop()); configure"
                                + " lateRecordsTo(tag) to read them");
        assertThatThrownBy(dropping::invalidRecordsTag)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalidRecordsTo(tag)");
        WindowAggregation<String, Long> lateness =
                Windows.tumbling(Duration.ofMinutes(1))
                        .<String, Long>aggregate(count())
                        .lateRecords(LatePolicy.allowedLateness(Duration.ofMinutes(5)))
                        .build();
        assertThatThrownBy(lateness::lateRecordsTag)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowed lateness of PT5M")
                .hasMessageContaining("lateRecordsTo(tag)");
    }

    @Test
    void processingTimeRejectsLateSideOutputAndCumulative() {
        assertThatThrownBy(
                        () ->
                                Windows.tumbling(Duration.ofSeconds(1))
                                        .<String, Long>aggregate(count())
                                        .lateRecords(LatePolicy.sideOutput("late", Types.STRING))
                                        .inProcessingTime()
                                        .build())
                .hasMessageContaining("lateRecordsTo applies to event-time windows only");
        assertThatThrownBy(
                        () ->
                                Windows.cumulative(Duration.ofHours(1), Duration.ofMinutes(1))
                                        .<String, Long>aggregate(count())
                                        .inProcessingTime()
                                        .build())
                .hasMessageContaining("cumulative windows support event time only");
    }

    @Test
    void builderSettersLeaveTheReceiverUnchanged() {
        Windows.Builder<String, Long> base =
                Windows.tumbling(Duration.ofMinutes(1)).<String, Long>aggregate(count());
        WindowAggregation<String, Long> before = base.build();
        // every setter, result discarded: the receiver must build exactly what it built before
        base.name("other");
        base.uid("other-uid");
        base.inProcessingTime();
        base.miniBatchKeys(0); // would fail build() if it had changed the receiver
        base.lateRecords(LatePolicy.allowedLateness(Duration.ofMinutes(5)));
        base.lateRecordsTo(new OutputTag<>("late", LateEvent.typeInfo(Types.STRING)));
        base.invalidRecordsTo(new OutputTag<>("invalid", Types.STRING));
        WindowAggregation<String, Long> after = base.build();
        assertThat(after.name())
                .isEqualTo(before.name())
                .isEqualTo("Streamkit tumbling 1min window");
        assertThat(after.uid()).isEqualTo(before.uid());
        assertThat(after.latePolicy().lateness()).isZero();
        assertThat(after.latePolicy().hasSideOutput()).isFalse();
        assertThatThrownBy(after::invalidRecordsTag).isInstanceOf(IllegalStateException.class);

        Windows.Shape shape = Windows.session(Duration.ofMinutes(5));
        shape.maxLength(Duration.ofMinutes(1)); // invalid if it had changed the receiver
        assertThat(build(shape).name()).isEqualTo("Streamkit session 5min gap window");
    }

    @Test
    void everySetterKeepsWhatTheOthersSet() {
        OutputTag<LateEvent<String>> late =
                new OutputTag<>("late", LateEvent.typeInfo(Types.STRING));
        OutputTag<String> invalid = new OutputTag<>("invalid", Types.STRING);
        Windows.Builder<String, Long> b =
                Windows.tumbling(Duration.ofMinutes(1))
                        .<String, Long>aggregate(count())
                        .name("n")
                        .uid("u")
                        .lateRecords(LatePolicy.allowedLateness(Duration.ofMinutes(5)))
                        .lateRecordsTo(late)
                        .invalidRecordsTo(invalid)
                        .miniBatchKeys(7);
        java.util.List<Windows.Builder<String, Long>> lastSetter =
                java.util.Arrays.asList(
                        b,
                        b.name("n"),
                        b.uid("u"),
                        b.miniBatchKeys(7),
                        b.lateRecordsTo(late),
                        b.invalidRecordsTo(invalid));
        for (Windows.Builder<String, Long> variant : lastSetter) {
            WindowAggregation<String, Long> spec = variant.build();
            assertThat(spec.name()).isEqualTo("n");
            assertThat(spec.uid()).isEqualTo("u");
            assertThat(spec.latePolicy().lateness()).isEqualTo(Duration.ofMinutes(5));
            assertThat(spec.lateRecordsTag()).isSameAs(late);
            assertThat(spec.invalidRecordsTag()).isSameAs(invalid);
        }
    }

    @Test
    void routerBuilderSettersLeaveTheReceiverUnchanged() {
        LateEventRouter.Builder<String> base = LateEventRouter.builder(Types.STRING);
        LateEventRouter<String> before = base.build();
        base.allowedLateness(Duration.ofSeconds(-1)); // would fail build()
        base.lateRecordsTo(new OutputTag<>("other", LateEvent.typeInfo(Types.STRING)));
        base.name("other");
        base.uid("other");
        LateEventRouter<String> after = base.build();
        assertThat(after.lateRecordsTag().getId()).isEqualTo("late-events");
        assertThat(after.name()).isEqualTo(before.name()).isEqualTo("Streamkit late-event router");
        assertThat(after.uid()).isEqualTo(before.uid()).startsWith("streamkit-late-router-");
    }

    @Test
    void routerApplySetsNameAndUidAndRejectsASecondRouterWithTheSameUid() {
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                        .getExecutionEnvironment();
        org.apache.flink.streaming.api.datastream.DataStream<String> in = env.fromData("a");
        LateEventRouter<String> router = LateEventRouter.builder(Types.STRING).build();
        org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<String> out =
                router.apply(in);
        assertThat(out.getName()).isEqualTo("Streamkit late-event router");
        assertThat(out.getTransformation().getUid()).isEqualTo(router.uid());
        assertThatThrownBy(() -> LateEventRouter.builder(Types.STRING).build().apply(in))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(router.uid())
                .hasMessageContaining("set name(...) or uid(...)");
        assertThat(
                        LateEventRouter.builder(Types.STRING)
                                .allowedLateness(Duration.ofSeconds(1))
                                .build()
                                .apply(in)
                                .getTransformation()
                                .getUid())
                .isNotEqualTo(router.uid());
    }

    @Test
    void defaultNamesAndUidsFollowTheContract() {
        WindowAggregation<String, Long> sliding =
                build(Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1)));
        assertThat(sliding.name()).isEqualTo("Streamkit sliding 1h/1min window");
        assertThat(sliding.uid()).matches("streamkit-window-[0-9a-f]{8}");
        // stable: the same configuration built again (as in another JVM) gives the same uid
        assertThat(build(Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))).uid())
                .isEqualTo(sliding.uid());
        // different shapes, aggregations, time domains and names give different uids
        java.util.Set<String> uids = new java.util.HashSet<>();
        uids.add(sliding.uid());
        uids.add(build(Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(5))).uid());
        uids.add(build(Windows.tumbling(Duration.ofHours(1))).uid());
        uids.add(
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .<String, Long>aggregate(Aggregations.sumLong(String::length))
                        .build()
                        .uid());
        uids.add(
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .<String, Double>aggregate(Aggregations.quantile(String::length, 0.5))
                        .build()
                        .uid());
        uids.add(
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .<String, Double>aggregate(Aggregations.quantile(String::length, 0.9))
                        .build()
                        .uid());
        uids.add(
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .<String, Long>aggregate(count())
                        .inProcessingTime()
                        .build()
                        .uid());
        uids.add(
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .<String, Long>aggregate(count())
                        .name("per-card")
                        .build()
                        .uid());
        assertThat(uids).hasSize(8);
        assertThat(
                        Windows.tumbling(Duration.ofHours(1))
                                .<String, Long>aggregate(count())
                                .uid("mine")
                                .build()
                                .uid())
                .isEqualTo("mine");
    }

    @Test
    void applySetsNameAndUidAndRejectsASecondWindowWithTheSameUid() {
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                        .getExecutionEnvironment();
        org.apache.flink.streaming.api.datastream.KeyedStream<String, String> keyed =
                env.fromData("a", "b").keyBy(s -> s, Types.STRING);
        WindowAggregation<String, Long> spec = build(Windows.tumbling(Duration.ofMinutes(1)));
        org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<
                        WindowResult<String, Long>>
                out = spec.apply(keyed);
        assertThat(out.getName()).isEqualTo("Streamkit tumbling 1min window");
        assertThat(out.getTransformation().getUid()).isEqualTo(spec.uid());
        assertThatThrownBy(() -> spec.apply(keyed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(spec.uid())
                .hasMessageContaining("set name(...) or uid(...)");
        // with its own name the second one gets its own default uid
        assertThat(
                        Windows.tumbling(Duration.ofMinutes(1))
                                .<String, Long>aggregate(count())
                                .name("second")
                                .build()
                                .apply(keyed)
                                .getTransformation()
                                .getUid())
                .isNotEqualTo(spec.uid());
    }
}
