package dev.streamkit.cep;

import dev.streamkit.cep.testing.Backend;
import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.TestEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every catalog pattern, configured for the scale of {@code RandomStreams}, with its engines. */
final class CatalogTestCases {
    private CatalogTestCases() {}

    /** A pattern and how long after the last event its state may legitimately live. */
    static final class Case {
        final FraudPattern<TestEvent> pattern;
        final long horizonMillis;

        Case(FraudPattern<TestEvent> pattern, Duration horizon) {
            this.pattern = pattern;
            this.horizonMillis = horizon.toMillis();
        }

        @Override
        public String toString() {
            return pattern.id();
        }
    }

    static List<Case> all() {
        return all(TestEvent.ADAPTER);
    }

    /** The same patterns reading the events through {@code adapter}. */
    static List<Case> all(EventAdapter<TestEvent> adapter) {
        Duration t = Duration.ofSeconds(10);
        List<Case> cases = new ArrayList<>();
        cases.add(
                new Case(
                        FraudPatterns.velocity(
                                VelocityConfig.builder().maxCount(3).window(t).build(),
                                adapter,
                                TestEvent.TYPE),
                        t));
        cases.add(
                new Case(
                        FraudPatterns.velocity(
                                VelocityConfig.builder().maxAmount(700).window(t).build(),
                                adapter,
                                TestEvent.TYPE),
                        t));
        cases.add(
                new Case(
                        FraudPatterns.bruteForce(
                                BruteForceConfig.builder().failures(3).window(t).build(),
                                adapter,
                                TestEvent.TYPE),
                        t));
        cases.add(
                new Case(
                        FraudPatterns.bruteForce(
                                BruteForceConfig.builder()
                                        .failures(2)
                                        .window(t)
                                        .requireSuccess(true)
                                        .build(),
                                adapter,
                                TestEvent.TYPE),
                        t));
        Duration cardWindow = Duration.ofSeconds(30);
        cases.add(
                new Case(
                        FraudPatterns.cardTesting(
                                CardTestingConfig.builder()
                                        .minSmallCount(2)
                                        .smallAmountMax(5)
                                        .largeAmountMin(500)
                                        .window(cardWindow)
                                        .build(),
                                adapter,
                                TestEvent.TYPE),
                        cardWindow));
        cases.add(
                new Case(
                        FraudPatterns.impossibleTravel(
                                ImpossibleTravelConfig.builder().maxSpeedKmh(900).maxGap(t).build(),
                                adapter,
                                TestEvent.TYPE),
                        t));
        Duration retention = Duration.ofSeconds(20);
        cases.add(
                new Case(
                        FraudPatterns.dormantAccount(
                                DormantAccountConfig.builder()
                                        .dormancy(Duration.ofSeconds(8))
                                        .minAmount(100)
                                        .retention(retention)
                                        .build(),
                                adapter,
                                TestEvent.TYPE),
                        retention));
        cases.add(
                new Case(
                        FraudPatterns.credentialChange(
                                CredentialChangeConfig.builder().minAmount(500).window(t).build(),
                                adapter,
                                TestEvent.TYPE),
                        t));
        return cases;
    }

    /** (case, engine) for every pattern on flink-cep and every fast path. */
    static Stream<Arguments> withEngines() {
        List<Arguments> args = new ArrayList<>();
        for (Case c : all()) {
            args.add(Arguments.of(c, EngineVariant.CEP));
            if (c.pattern.hasFastPath()) {
                args.add(Arguments.of(c, EngineVariant.FAST));
                args.add(Arguments.of(c, EngineVariant.FAST_SPILLING));
            }
        }
        return args.stream();
    }

    /** (case, engine, backend). */
    static Stream<Arguments> withEnginesAndBackends() {
        return withEngines()
                .flatMap(
                        a ->
                                Stream.of(Backend.values())
                                        .map(b -> Arguments.of(a.get()[0], a.get()[1], b)));
    }
}
