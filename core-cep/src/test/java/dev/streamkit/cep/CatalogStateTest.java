package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every catalog pattern, on flink-cep and on its fast path: out-of-order input within the
 * watermark bound gives the in-order alerts, no keyed state or timer is left once the watermark has
 * passed, and a snapshot taken mid-pattern and restored gives the uninterrupted alerts (on the
 * HashMap and RocksDB backends).
 */
class CatalogStateTest {

    private static List<TestEvent> events(long seed) {
        return RandomStreams.events(seed, 200, 3, 3_000);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.streamkit.cep.CatalogTestCases#withEngines")
    void outOfOrderWithinTheBoundGivesTheInOrderAlerts(
            CatalogTestCases.Case c, EngineVariant engine) throws Exception {
        int total = 0;
        for (long seed = 0; seed < 12; seed++) {
            List<TestEvent> events = events(seed);
            List<Step> inOrder = RandomStreams.arrival(events, seed, 0, false);
            List<Step> disordered = RandomStreams.arrival(events, seed, 5_000, false);
            List<FraudAlert<TestEvent>> expected =
                    PatternRunner.sorted(
                            PatternRunner.run(c.pattern, engine, Backend.HASHMAP, inOrder).alerts);
            List<FraudAlert<TestEvent>> actual =
                    PatternRunner.sorted(
                            PatternRunner.run(c.pattern, engine, Backend.HASHMAP, disordered)
                                    .alerts);
            assertThat(actual).as("%s seed %s", c, seed).containsExactlyElementsOf(expected);
            total += expected.size();
        }
        assertThat(total).as("alerts over all seeds of %s", c).isGreaterThan(0);
    }

    @ParameterizedTest(name = "{0} on {1}, {2}")
    @MethodSource("dev.streamkit.cep.CatalogTestCases#withEnginesAndBackends")
    void noStateOrTimerLeftOnceTheWatermarkHasPassed(
            CatalogTestCases.Case c, EngineVariant engine, Backend backend) throws Exception {
        long seed = 7;
        List<TestEvent> events = events(seed);
        long lastTime = events.get(events.size() - 1).time;
        List<Step> steps =
                RandomStreams.arrival(
                        events,
                        seed,
                        2_000,
                        true,
                        // the fast paths clear quiet keys up to window / 16 late
                        lastTime + c.horizonMillis + c.horizonMillis / 16);

        PatternRunner.Result result = PatternRunner.run(c.pattern, engine, backend, steps);

        assertThat(result.alerts).as("the stream produced matches").isNotEmpty();
        assertThat(result.keysWithState).as("keys with keyed state").isZero();
        assertThat(result.eventTimeTimers).as("event-time timers").isZero();
        if (backend == Backend.HASHMAP) {
            assertThat(result.heapStateEntries).as("numKeyedStateEntries()").isZero();
        }
    }

    @ParameterizedTest(name = "{0} on {1}, {2}")
    @MethodSource("dev.streamkit.cep.CatalogTestCases#withEnginesAndBackends")
    void snapshotMidPatternAndRestoreGivesTheUninterruptedAlerts(
            CatalogTestCases.Case c, EngineVariant engine, Backend backend) throws Exception {
        int total = 0;
        for (long seed = 11; seed < 14; seed++) {
            List<Step> steps = RandomStreams.arrival(events(seed), seed, 3_000, true);

            PatternRunner.Result uninterrupted =
                    PatternRunner.run(c.pattern, engine, backend, steps);
            PatternRunner.Result restored =
                    PatternRunner.run(c.pattern, engine, backend, steps, steps.size() / 2);

            assertThat(restored.alerts)
                    .as("%s seed %s", c, seed)
                    .containsExactlyElementsOf(uninterrupted.alerts);
            assertThat(restored.late).containsExactlyElementsOf(uninterrupted.late);
            total += uninterrupted.alerts.size();
        }
        assertThat(total).as("alerts over all seeds of %s", c).isGreaterThan(0);
    }
}
