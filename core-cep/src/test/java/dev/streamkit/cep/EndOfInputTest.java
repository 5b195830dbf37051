package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.internal.FraudPatternInternals;
import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alerts a fast path emits at the end-of-input watermark ({@code Long.MAX_VALUE}: bounded input,
 * {@code stop --drain}) carry a timestamp at or after their last evidence event, never {@code
 * Long.MIN_VALUE} ({@code watermark + 1} used to wrap around), and are exactly flink-cep's alerts;
 * also when the evidence itself is at the very end of time.
 */
class EndOfInputTest {

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (CatalogTestCases.Case c : CatalogTestCases.all()) {
            if (c.pattern.hasFastPath()) {
                for (EngineVariant engine :
                        new EngineVariant[] {EngineVariant.FAST, EngineVariant.FAST_SPILLING}) {
                    args.add(Arguments.of(c, engine, 0L));
                    // the youngest event at Long.MAX_VALUE itself
                    args.add(Arguments.of(c, engine, Long.MAX_VALUE));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} on {1}, last event at {2}")
    @MethodSource("cases")
    void alertsAtTheFinalWatermarkAreStampedAtOrAfterTheirEvidence(
            CatalogTestCases.Case c, EngineVariant engine, long lastEventAt) throws Exception {
        List<TestEvent> events = RandomStreams.events(7, 600, 1, 1_000);
        if (lastEventAt != 0) {
            long shift = lastEventAt - events.get(events.size() - 1).time;
            events.forEach(e -> e.time += shift);
        }
        // no watermark until the end: every alert is emitted at Long.MAX_VALUE
        List<Step> steps = new ArrayList<>();
        events.forEach(e -> steps.add(Step.event(e)));
        steps.add(Step.watermark(Long.MAX_VALUE));

        List<StreamRecord<? extends FraudAlert<TestEvent>>> records = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<String, TestEvent, FraudAlert<TestEvent>> h =
                PatternRunner.harness(c.pattern, engine, new InterceptingOperatorMetricGroup())) {
            h.open();
            for (Step step : steps) {
                if (step.isEvent()) {
                    if (FraudPatternInternals.definition(c.pattern)
                            .inputFilter()
                            .filter(step.event())) {
                        h.processElement(new StreamRecord<>(step.event(), step.event().time));
                    }
                } else {
                    h.processWatermark(step.watermark());
                }
            }
            records.addAll(h.extractOutputStreamRecords());
        }
        assertThat(records).as("alerts (not vacuous)").isNotEmpty();
        for (StreamRecord<? extends FraudAlert<TestEvent>> r : records) {
            assertThat(r.getTimestamp())
                    .as("timestamp of %s", r.getValue())
                    .isNotEqualTo(Long.MIN_VALUE)
                    .isGreaterThanOrEqualTo(r.getValue().lastEventTime());
        }
        List<FraudAlert<TestEvent>> alerts = new ArrayList<>();
        records.forEach(r -> alerts.add(r.getValue()));
        PatternRunner.Result cep =
                PatternRunner.run(c.pattern, EngineVariant.CEP, Backend.HASHMAP, steps);
        assertThat(BadInputFuzzTest.sorted(alerts))
                .containsExactlyElementsOf(BadInputFuzzTest.sorted(cep.alerts));
    }
}
