package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alerts a fast path emits at the end-of-input watermark ({@code Long.MAX_VALUE}: bounded input,
 * {@code stop --drain}) are exactly flink-cep's alerts, each stamped with its last evidence event's
 * time as flink-cep stamps it: never the end of time or {@code Long.MIN_VALUE} (what {@code
 * watermark + 1} once wrapped to), also when the evidence itself is at the very end of time.
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
    void alertsAtTheFinalWatermarkAreStampedWithTheirLastEvidenceEvent(
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

        PatternRunner.Result fast = PatternRunner.run(c.pattern, engine, Backend.HASHMAP, steps);
        PatternRunner.Result cep =
                PatternRunner.run(c.pattern, EngineVariant.CEP, Backend.HASHMAP, steps);
        assertThat(fast.alerts).as("alerts (not vacuous)").isNotEmpty();
        for (int i = 0; i < fast.alerts.size(); i++) {
            assertThat(fast.timestamps.get(i))
                    .as("timestamp of %s", fast.alerts.get(i))
                    .isEqualTo(fast.alerts.get(i).lastEventTime());
        }
        // the same alerts with the same record timestamps as flink-cep
        assertThat(PatternRunner.stamped(fast))
                .containsExactlyElementsOf(PatternRunner.stamped(cep));
    }
}
