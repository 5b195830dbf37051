package dev.streamkit.cep.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.BruteForceConfig;
import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.VelocityConfig;
import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strongest evidence for the fast paths: on randomized streams (out of order within the
 * watermark bound, equal timestamps, late events, several keys) each fast path emits exactly the
 * alerts flink-cep emits for the same pattern, evidence included, and routes the same late events.
 */
class FastPathDifferentialTest {
    private static final int SEEDS = 150;
    private static final OutputTag<TestEvent> LATE = new OutputTag<>("late", TestEvent.TYPE);

    static Stream<Arguments> patterns() {
        Duration t = Duration.ofSeconds(10);
        return Stream.of(
                Arguments.of(
                        FraudPatterns.velocity(
                                VelocityConfig.builder().maxCount(3).window(t).build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE)),
                Arguments.of(
                        FraudPatterns.velocity(
                                VelocityConfig.builder().maxAmount(700).window(t).build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE)),
                Arguments.of(
                        FraudPatterns.bruteForce(
                                BruteForceConfig.builder().failures(3).window(t).build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE)),
                Arguments.of(
                        FraudPatterns.bruteForce(
                                BruteForceConfig.builder()
                                        .failures(2)
                                        .window(t)
                                        .requireSuccess(true)
                                        .build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE)),
                Arguments.of(
                        FraudPatterns.cardTesting(
                                CardTestingConfig.builder()
                                        .minSmallCount(2)
                                        .smallAmountMax(5)
                                        .largeAmountMin(500)
                                        .window(Duration.ofSeconds(30))
                                        .build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void fastPathEmitsExactlyTheFlinkCepAlerts(FraudPattern<TestEvent> base) throws Exception {
        FraudPattern<TestEvent> pattern = base.lateRecordsTo(LATE);
        int totalAlerts = 0;
        int totalLate = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            long disorder = seed % 3 == 0 ? 0 : 4_000;
            List<TestEvent> events = RandomStreams.events(seed, 250, 1 + (int) (seed % 4), 3_000);
            List<Step> steps = RandomStreams.arrival(events, seed, disorder, true);

            PatternRunner.Result cep =
                    PatternRunner.run(pattern, EngineVariant.CEP, Backend.HASHMAP, steps);
            for (EngineVariant engine :
                    new EngineVariant[] {EngineVariant.FAST, EngineVariant.FAST_SPILLING}) {
                PatternRunner.Result fast =
                        PatternRunner.run(pattern, engine, Backend.HASHMAP, steps);
                // with their record timestamps: what a downstream event-time operator sees
                assertThat(PatternRunner.stamped(fast))
                        .as("alerts of %s on %s, seed %s", pattern.id(), engine, seed)
                        .containsExactlyElementsOf(PatternRunner.stamped(cep));
                assertThat(fast.late)
                        .as("late events of %s on %s, seed %s", pattern.id(), engine, seed)
                        .containsExactlyElementsOf(cep.late);
            }
            totalAlerts += cep.alerts.size();
            totalLate += cep.late.size();
        }
        System.out.printf(
                "%s: %d alerts, %d late events over %d seeds%n",
                pattern.id(), totalAlerts, totalLate, SEEDS);
        // the comparison is not vacuous
        assertThat(totalAlerts).as("alerts over all seeds").isGreaterThan(SEEDS);
        assertThat(totalLate).as("late events over all seeds").isGreaterThan(SEEDS / 4);
    }
}
