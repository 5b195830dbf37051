package dev.streamkit.cep;

import static dev.streamkit.cep.testing.TestEvent.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.cep.internal.FraudPatternInternals;
import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.BadEvents;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each kind of bad input, on the operators of both engines: invalid records are counted and routed,
 * never thrown on; values a pattern does not read are not checked; a missing location means no
 * travel check; a record without event time fails the job, naming the pattern.
 */
class BadInputTest {
    private static final OutputTag<TestEvent> INVALID = new OutputTag<>("invalid", TestEvent.TYPE);
    private static final Duration T = Duration.ofSeconds(10);

    private static FraudPattern<TestEvent> pairs() {
        return FraudPatterns.velocity(
                VelocityConfig.builder().maxCount(1).window(T).build(),
                BadEvents.ADAPTER,
                TestEvent.TYPE);
    }

    private static TestEvent seq(TestEvent e, int seq) {
        e.seq = seq;
        return e;
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void recordsWithoutKeyKindOrTimeAreCountedAndRoutedNeverThrown(EngineVariant engine)
            throws Exception {
        TestEvent first = txn("k", 1_000, 1).seq(1);
        TestEvent second = txn("k", 2_000, 1).seq(2);
        List<TestEvent> invalid =
                Arrays.asList(
                        txn(null, 1_500, 1).seq(3), // missing key
                        seq(txn(null, 1_500, 1), -4), // key extractor throws
                        new TestEvent("k", 1_500, null, 1).seq(5), // missing kind
                        seq(new TestEvent("k", 1_500, null, 1), -6), // unknown kind
                        seq(txn("k", 1_500, 1), BadEvents.BROKEN_TIME)); // unreadable time
        List<Step> steps = new ArrayList<>();
        steps.add(Step.event(first));
        invalid.forEach(e -> steps.add(Step.event(e)));
        steps.add(Step.event(second));
        steps.add(Step.watermark(Long.MAX_VALUE));

        PatternRunner.Result routed =
                PatternRunner.run(
                        pairs().invalidRecordsTo(INVALID), engine, Backend.HASHMAP, steps);
        assertThat(routed.invalid).containsExactlyElementsOf(invalid);
        assertThat(routed.invalidCount).isEqualTo(invalid.size());
        // the invalid records between the two did not break "consecutive"
        assertThat(routed.alerts)
                .extracting(FraudAlert::evidence)
                .containsExactly(Arrays.asList(first, second));

        PatternRunner.Result counted = PatternRunner.run(pairs(), engine, Backend.HASHMAP, steps);
        assertThat(counted.invalidCount).isEqualTo(invalid.size());
        assertThat(counted.invalid).isEmpty();
        assertThat(counted.alerts).isEqualTo(routed.alerts);
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void aNonFiniteAmountIsInvalidOnlyWherePatternsReadAmounts(EngineVariant engine)
            throws Exception {
        TestEvent a = txn("k", 1_000, 400).seq(1);
        TestEvent nan = txn("k", 1_500, Double.NaN).seq(2);
        TestEvent b = txn("k", 2_000, 400).seq(3);
        List<Step> steps =
                Arrays.asList(
                        Step.event(a),
                        Step.event(nan),
                        Step.event(b),
                        Step.watermark(Long.MAX_VALUE));

        // velocity by amount reads amounts: the NaN neither poisons the sum nor breaks the run
        FraudPattern<TestEvent> byAmount =
                FraudPatterns.velocity(
                                VelocityConfig.builder().maxAmount(700).window(T).build(),
                                BadEvents.ADAPTER,
                                TestEvent.TYPE)
                        .invalidRecordsTo(INVALID);
        PatternRunner.Result amount = PatternRunner.run(byAmount, engine, Backend.HASHMAP, steps);
        assertThat(amount.invalid).containsExactly(nan);
        assertThat(amount.alerts)
                .extracting(FraudAlert::evidence)
                .containsExactly(Arrays.asList(a, b));

        // velocity by count does not: a NaN-amount transaction is still a transaction
        FraudPattern<TestEvent> byCount =
                FraudPatterns.velocity(
                                VelocityConfig.builder().maxCount(2).window(T).build(),
                                BadEvents.ADAPTER,
                                TestEvent.TYPE)
                        .invalidRecordsTo(INVALID);
        PatternRunner.Result count = PatternRunner.run(byCount, engine, Backend.HASHMAP, steps);
        assertThat(count.invalidCount).isZero();
        assertThat(count.alerts)
                .extracting(FraudAlert::evidence)
                .containsExactly(Arrays.asList(a, nan, b));
    }

    @Test
    void aMissingLocationMeansNoTravelCheckAndABrokenOneIsInvalid() throws Exception {
        FraudPattern<TestEvent> travel =
                FraudPatterns.impossibleTravel(
                                ImpossibleTravelConfig.builder().build(),
                                BadEvents.ADAPTER,
                                TestEvent.TYPE)
                        .invalidRecordsTo(INVALID);
        TestEvent paris = txn("k", 0, 1).at(48.85, 2.35).seq(1);
        TestEvent unknown = txn("k", 60_000, 1).seq(2); // no location: not (0, 0)
        TestEvent noLongitude = txn("k", 90_000, 1).at(0, Double.NaN).seq(3);
        TestEvent outOfRange = txn("k", 100_000, 1).at(91, 2.35).seq(4);
        TestEvent parisAgain = txn("k", 120_000, 1).at(48.86, 2.36).seq(5);
        PatternRunner.Result result =
                PatternRunner.run(
                        travel,
                        EngineVariant.CEP,
                        Backend.HASHMAP,
                        Arrays.asList(
                                Step.event(paris),
                                Step.event(unknown),
                                Step.event(noLongitude),
                                Step.event(outOfRange),
                                Step.event(parisAgain),
                                Step.watermark(Long.MAX_VALUE)));
        // Paris -> (0, 0) in a minute would be an alert
        assertThat(result.alerts).isEmpty();
        assertThat(result.invalid).containsExactly(noLongitude, outOfRange);
    }

    /**
     * Why {@code apply} on flink-cep checks timestamps itself: flink-cep's own operator takes a
     * record stamped {@code Long.MIN_VALUE} for a late one (silently, when no late-data tag is
     * set). If this starts failing, flink-cep changed its behaviour and the README should say so.
     */
    @Test
    void flinkCepAloneCallsARecordWithoutEventTimeLate() throws Exception {
        OutputTag<TestEvent> late = new OutputTag<>("late", TestEvent.TYPE);
        FraudPattern<TestEvent> pattern = pairs();
        Pattern<TestEvent, TestEvent> cep = pattern.cepPattern();
        CepOperator<TestEvent, String, FraudAlert<TestEvent>> plain =
                new CepOperator<>(
                        TestEvent.TYPE.createSerializer(new SerializerConfigImpl()),
                        false,
                        NFACompiler.compileFactory(cep, false),
                        null,
                        cep.getAfterMatchSkipStrategy(),
                        FraudPatternInternals.definition(pattern).cepFunction(),
                        late);
        try (KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        plain,
                        FraudPatternInternals.definition(pattern).keySelector(),
                        Types.STRING)) {
            h.setup(
                    pattern.alertType()
                            .createSerializer(h.getExecutionConfig().getSerializerConfig()));
            h.open();
            TestEvent noTime = txn("k", 2_000, 1);
            h.processElement(new StreamRecord<>(noTime, Long.MIN_VALUE));
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.getSideOutput(late))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(noTime);
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void aRecordWithoutEventTimeFailsNamingThePattern(EngineVariant engine) throws Exception {
        String operator =
                engine == EngineVariant.CEP
                        ? "Streamkit fraud pattern 'velocity-count' (flink-cep)"
                        : "Streamkit fast path 'velocity-count'";
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        try (KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>> h =
                PatternRunner.harness(pairs().invalidRecordsTo(INVALID), engine, metrics)) {
            h.open();
            h.processElement(new StreamRecord<>(txn("k", 1_000, 1), 1_000));
            // what a FLIP-27 source without a watermark strategy stamps: flink-cep alone would
            // call it late and drop it, the fast path counted it late
            assertThatThrownBy(
                            () ->
                                    h.processElement(
                                            new StreamRecord<>(txn("k", 2_000, 1), Long.MIN_VALUE)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(operator)
                    .hasMessageContaining("Long.MIN_VALUE")
                    .hasMessageContaining("assignTimestampsAndWatermarks");
            assertThatThrownBy(() -> h.processElement(new StreamRecord<>(txn("k", 2_000, 1))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(operator);
            // even for a record that is invalid as well: the job, not the record, is broken
            assertThatThrownBy(() -> h.processElement(new StreamRecord<>(txn(null, 2_000, 1))))
                    .hasMessageStartingWith(operator);
            Counter invalid = (Counter) metrics.get("numInvalidRecords");
            assertThat(invalid.getCount()).isZero();
        }
    }
}
