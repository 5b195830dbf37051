package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.BadEvents;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.PatternRunner;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records that parse but break the adapter contract, straight into the operators of both engines
 * (TESTING.md section 7): seeded random streams of valid events with injected null and unreadable
 * keys, null and unknown kinds, unreadable event times, NaN, infinite and extreme amounts, missing
 * and broken locations and far-future timestamps, on every pattern, engine and state backend. No
 * exception escapes; the invalid-record side output and {@code numInvalidRecords} hold exactly the
 * records this test classifies as invalid (by its own rules, below, not the library's); late events
 * are exactly those of a run without them; and the alerts of every engine equal what flink-cep
 * emits for the valid records alone, so the invalid records change nothing and the fast paths still
 * agree with flink-cep.
 */
class BadInputFuzzTest {
    private static final OutputTag<TestEvent> LATE = new OutputTag<>("late", TestEvent.TYPE);
    private static final OutputTag<TestEvent> INVALID = new OutputTag<>("invalid", TestEvent.TYPE);

    /** The patterns that read {@code amount} of transactions (so reject non-finite ones). */
    private static final Set<String> READ_AMOUNTS =
            new HashSet<>(
                    Arrays.asList(
                            "velocity-amount",
                            "card-testing",
                            "dormant-reactivation",
                            "credential-change-transfer"));

    private static final double[] EXTREME_AMOUNTS = {
        Double.MAX_VALUE, -Double.MAX_VALUE, 1e300, Double.MIN_VALUE, -0.0, -5, 0
    };

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (CatalogTestCases.Case c : CatalogTestCases.all(BadEvents.ADAPTER)) {
            args.add(Arguments.of(c, Backend.HASHMAP, 12));
            args.add(Arguments.of(c, Backend.ROCKSDB, 2));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void invalidRecordsAreCountedRoutedAndChangeNothingElse(
            CatalogTestCases.Case c, Backend backend, int seeds) throws Exception {
        FraudPattern<TestEvent> pattern = c.pattern.lateRecordsTo(LATE).invalidRecordsTo(INVALID);
        List<EngineVariant> engines = new ArrayList<>();
        engines.add(EngineVariant.CEP);
        if (pattern.hasFastPath()) {
            engines.add(EngineVariant.FAST);
            engines.add(EngineVariant.FAST_SPILLING);
        }
        int totalInvalid = 0;
        int totalAlerts = 0;
        for (long seed = 0; seed < seeds; seed++) {
            List<Step> steps = stepsWithBadRecords(seed);
            List<TestEvent> expectedInvalid = new ArrayList<>();
            List<Step> validSteps = new ArrayList<>();
            for (Step step : steps) {
                if (step.isEvent() && isInvalid(pattern.id(), step.event())) {
                    expectedInvalid.add(step.event());
                } else {
                    validSteps.add(step);
                }
            }
            // flink-cep on the valid records alone is the oracle
            PatternRunner.Result oracle =
                    PatternRunner.run(pattern, EngineVariant.CEP, Backend.HASHMAP, validSteps);
            assertThat(oracle.invalidCount).as("seed %s: oracle input is clean", seed).isZero();
            for (EngineVariant engine : engines) {
                String run =
                        String.format("%s on %s/%s, seed %d", pattern.id(), engine, backend, seed);
                PatternRunner.Result result = PatternRunner.run(pattern, engine, backend, steps);
                assertThat(bySeq(result.invalid))
                        .as("invalid side output of %s", run)
                        .containsExactlyElementsOf(bySeq(expectedInvalid));
                assertThat(result.invalidCount)
                        .as("numInvalidRecords of %s", run)
                        .isEqualTo(expectedInvalid.size());
                assertThat(result.late)
                        .as("late events of %s", run)
                        .containsExactlyElementsOf(oracle.late);
                // accounted once: an invalid record is never also routed as late
                Set<Integer> invalidSeqs =
                        result.invalid.stream().map(e -> e.seq).collect(Collectors.toSet());
                assertThat(result.late)
                        .as("late events of %s", run)
                        .noneMatch(e -> invalidSeqs.contains(e.seq));
                assertThat(PatternRunner.sorted(result.alerts))
                        .as("alerts of %s", run)
                        .containsExactlyElementsOf(PatternRunner.sorted(oracle.alerts));
            }
            totalInvalid += expectedInvalid.size();
            totalAlerts += oracle.alerts.size();
        }
        System.out.printf(
                "%s on %s: %d invalid records, %d alerts over %d seeds%n",
                pattern.id(), backend, totalInvalid, totalAlerts, seeds);
        assertThat(totalInvalid).as("invalid records injected").isGreaterThan(10 * seeds);
        assertThat(totalAlerts).as("alerts over all seeds (not vacuous)").isPositive();
    }

    /**
     * The test's own reading of the input contract (README "Bad input"): a record is invalid when
     * its key or kind is null or unreadable, its event time unreadable, or a value the pattern
     * reads is unusable.
     */
    private static boolean isInvalid(String patternId, TestEvent e) {
        if (e.key == null || e.kind == null || e.seq <= BadEvents.BROKEN_TIME) {
            return true;
        }
        if (READ_AMOUNTS.contains(patternId)
                && e.kind == EventKind.TRANSACTION
                && (Double.isNaN(e.amount) || Double.isInfinite(e.amount))) {
            return true;
        }
        if (patternId.equals("impossible-travel") && !Double.isNaN(e.lat)) {
            boolean latOk = e.lat >= -90 && e.lat <= 90;
            boolean lonOk = !Double.isNaN(e.lon) && e.lon >= -180 && e.lon <= 180;
            return !(latOk && lonOk);
        }
        return false;
    }

    /** A random stream with about one mutated copy of a valid event per three valid ones. */
    static List<Step> stepsWithBadRecords(long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        int keys = 1 + (int) (seed % 4);
        List<TestEvent> valid = RandomStreams.events(seed, 300, keys, 3_000);
        List<Step> steps =
                new ArrayList<>(
                        RandomStreams.arrival(valid, seed, seed % 3 == 0 ? 0 : 4_000, true));
        int injections = 100;
        int seq = 2_000_000;
        for (int i = 0; i < injections; i++) {
            TestEvent from = valid.get(random.nextInt(valid.size()));
            TestEvent bad = mutate(from, random, ++seq);
            // anywhere before the end-of-input watermark
            steps.add(random.nextInt(steps.size()), Step.event(bad));
        }
        return steps;
    }

    private static TestEvent mutate(TestEvent from, SplittableRandom random, int seq) {
        TestEvent e = new TestEvent(from.key, from.time, from.kind, from.amount);
        e.lat = from.lat;
        e.lon = from.lon;
        e.seq = seq;
        switch (random.nextInt(13)) {
            case 0: // field missing in the JSON
                e.key = null;
                break;
            case 1: // the extractor throws on it
                e.key = null;
                e.seq = -seq;
                break;
            case 2:
                e.kind = null;
                break;
            case 3: // unknown kind string
                e.kind = null;
                e.seq = -seq;
                break;
            case 4:
                e.seq = BadEvents.BROKEN_TIME - seq;
                break;
            case 5:
                e.kind = EventKind.TRANSACTION;
                e.amount = Double.NaN;
                break;
            case 6:
                e.kind = EventKind.TRANSACTION;
                e.amount =
                        random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                break;
            case 7: // valid, but extreme
                e.kind = EventKind.TRANSACTION;
                e.amount = EXTREME_AMOUNTS[random.nextInt(EXTREME_AMOUNTS.length)];
                break;
            case 8: // no location (valid): never compared, never taken for (0, 0)
                e.lat = Double.NaN;
                e.lon = random.nextBoolean() ? Double.NaN : 0.0;
                break;
            case 9: // a latitude without a longitude
                e.lat = random.nextBoolean() ? 0.0 : 48.85;
                e.lon = Double.NaN;
                break;
            case 10: // out of range
                e.lat = random.nextBoolean() ? 91 : Double.NEGATIVE_INFINITY;
                e.lon = random.nextBoolean() ? 2.35 : 181;
                break;
            case 11: // far future (valid): matched only at the end-of-input watermark
                e.time = Long.MAX_VALUE - 1 - random.nextLong(20_000);
                break;
            default: // far future (valid), further apart than every window
                e.time = 4_000_000_000_000_000_000L + random.nextLong(1_000_000_000L);
                break;
        }
        return e;
    }

    private static List<TestEvent> bySeq(List<TestEvent> events) {
        List<TestEvent> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparingInt((TestEvent e) -> e.seq));
        return copy;
    }
}
