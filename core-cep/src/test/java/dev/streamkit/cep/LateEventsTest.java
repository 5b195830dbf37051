package dev.streamkit.cep;

import static dev.streamkit.cep.testing.TestEvent.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.cep.internal.FraudPatternInternals;
import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Late events are never matched, go to the side output and are counted; bad time fails loudly. */
class LateEventsTest {
    private static final OutputTag<TestEvent> LATE = new OutputTag<>("late", TestEvent.TYPE);

    private static FraudPattern<TestEvent> pairs() {
        return FraudPatterns.velocity(
                VelocityConfig.builder().maxCount(1).window(Duration.ofSeconds(10)).build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void eventsAtOrBehindTheWatermarkGoToTheSideOutputAndNeverMatch(EngineVariant engine)
            throws Exception {
        TestEvent first = txn("k", 1_000, 1).seq(1);
        TestEvent atWatermark = txn("k", 5_000, 1).seq(2);
        TestEvent behind = txn("k", 4_000, 1).seq(3);
        TestEvent onTime = txn("k", 6_000, 1).seq(4);
        PatternRunner.Result result =
                PatternRunner.run(
                        pairs().lateRecordsTo(LATE),
                        engine,
                        Backend.HASHMAP,
                        Arrays.asList(
                                Step.event(first),
                                Step.watermark(5_000),
                                Step.event(atWatermark),
                                Step.event(behind),
                                Step.event(onTime),
                                Step.watermark(Long.MAX_VALUE)));
        assertThat(result.late).containsExactly(atWatermark, behind);
        assertThat(result.alerts)
                .extracting(FraudAlert::evidence)
                .containsExactly(Arrays.asList(first, onTime));
    }

    @Test
    void fastPathCountsEveryLateEventInItsMetricGroup() throws Exception {
        InterceptingOperatorMetricGroup operatorMetrics = new InterceptingOperatorMetricGroup();
        MockEnvironment environment = PatternRunner.environmentWithMetrics(operatorMetrics);
        FraudPattern<TestEvent> pattern = pairs();
        try (KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
                harness =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                FraudPatternInternals.fastPathOperator(pattern),
                                FraudPatternInternals.definition(pattern).keySelector(),
                                Types.STRING,
                                environment)) {
            harness.setup(pattern.alertType().createSerializer(harness.getExecutionConfig()));
            harness.open();
            harness.processWatermark(10_000);
            harness.processElement(new StreamRecord<>(txn("k", 10_000, 1), 10_000));
            harness.processElement(new StreamRecord<>(txn("k", 3_000, 1), 3_000));
            harness.processElement(new StreamRecord<>(txn("k", 10_001, 1), 10_001));

            Counter late = (Counter) operatorMetrics.get("numLateRecords");
            assertThat(late.getCount()).isEqualTo(2);
        }
    }

    @Test
    void fastPathRejectsTimestampsThatDisagreeWithTheAdapter() throws Exception {
        FraudPattern<TestEvent> pattern = pairs();
        try (KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>>
                harness =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                FraudPatternInternals.fastPathOperator(pattern),
                                FraudPatternInternals.definition(pattern).keySelector(),
                                Types.STRING)) {
            harness.setup(pattern.alertType().createSerializer(harness.getExecutionConfig()));
            harness.open();
            assertThatThrownBy(
                            () ->
                                    harness.processElement(
                                            new StreamRecord<>(txn("k", 1_000, 1), 2_000)))
                    .hasMessageContaining("eventTimeMillis")
                    .hasMessageContaining("velocity-count");
            assertThatThrownBy(() -> harness.processElement(new StreamRecord<>(txn("k", 1, 1))))
                    .hasMessageContaining("assignTimestampsAndWatermarks");
        }
    }

    @Test
    void patternsWithoutFastPathSaySo() {
        FraudPattern<TestEvent> travel =
                FraudPatterns.impossibleTravel(
                        ImpossibleTravelConfig.builder().build(),
                        TestEvent.ADAPTER,
                        TestEvent.TYPE);
        assertThat(travel.hasFastPath()).isFalse();
        assertThatThrownBy(() -> FraudPatternInternals.fastPathOperator(travel))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("impossible-travel");
    }
}
