package dev.streamkit.cep;

import static dev.streamkit.cep.testing.Scenarios.alerts;
import static dev.streamkit.cep.testing.TestEvent.change;
import static dev.streamkit.cep.testing.TestEvent.failure;
import static dev.streamkit.cep.testing.TestEvent.other;
import static dev.streamkit.cep.testing.TestEvent.success;
import static dev.streamkit.cep.testing.TestEvent.txn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.testing.EngineVariant;
import dev.streamkit.cep.testing.TestEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Positive and negative scenarios at the boundaries of every pattern (exactly N, exactly T, exactly
 * the limit), on flink-cep and, where one exists, on the fast path.
 */
class FraudPatternsBoundaryTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final long TMS = T.toMillis();

    private static FraudPattern<TestEvent> velocityCount() {
        return FraudPatterns.velocity(
                VelocityConfig.builder().maxCount(3).window(T).build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    private static FraudPattern<TestEvent> velocityAmount() {
        return FraudPatterns.velocity(
                VelocityConfig.builder().maxAmount(100).window(T).build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    private static FraudPattern<TestEvent> bruteForce(boolean takeover) {
        return FraudPatterns.bruteForce(
                BruteForceConfig.builder().failures(3).window(T).requireSuccess(takeover).build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    private static FraudPattern<TestEvent> cardTesting() {
        return FraudPatterns.cardTesting(
                CardTestingConfig.builder()
                        .minSmallCount(3)
                        .smallAmountMax(5)
                        .largeAmountMin(500)
                        .window(T)
                        .build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    // ---------------------------------------------------------------- velocity (count)

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocityAlertsOnMaxCountPlusOneWithinWindow(EngineVariant engine) throws Exception {
        TestEvent a = txn("k", 1_000, 1), b = txn("k", 2_000, 1), c = txn("k", 3_000, 1);
        TestEvent d = txn("k", 1_000 + TMS - 1, 1);
        List<FraudAlert<TestEvent>> alerts = alerts(velocityCount(), engine, a, b, c, d);
        assertThat(alerts)
                .containsExactly(
                        new FraudAlert<>(
                                "velocity-count",
                                "k",
                                Severity.HIGH,
                                4.0 / 3,
                                1_000,
                                1_000 + TMS - 1,
                                Arrays.asList(a, b, c, d)));
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocityIgnoresExactlyMaxCount(EngineVariant engine) throws Exception {
        assertThat(
                        alerts(
                                velocityCount(),
                                engine,
                                txn("k", 1_000, 1),
                                txn("k", 2_000, 1),
                                txn("k", 3_000, 1),
                                txn("other", 3_500, 1)))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocitySpanOfExactlyTheWindowDoesNotMatch(EngineVariant engine) throws Exception {
        TestEvent a = txn("k", 1_000, 1), b = txn("k", 2_000, 1), c = txn("k", 3_000, 1);
        TestEvent d = txn("k", 1_000 + TMS, 1);
        TestEvent e = txn("k", 1_000 + TMS + 1, 1);
        // a..d spans exactly T: no match; b..e spans T - 1000 + 1: match
        assertThat(alerts(velocityCount(), engine, a, b, c, d, e))
                .extracting(FraudAlert::evidence)
                .containsExactly(Arrays.asList(b, c, d, e));
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocitySkipsPastTheLastEventOfAMatch(EngineVariant engine) throws Exception {
        TestEvent[] burst = new TestEvent[9];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = txn("k", 1_000 + i, 1);
        }
        // 9 transactions: matches 0-3 and 4-7, the 9th starts a new partial match
        assertThat(alerts(velocityCount(), engine, burst))
                .extracting(FraudAlert::evidence)
                .containsExactly(
                        Arrays.asList(burst[0], burst[1], burst[2], burst[3]),
                        Arrays.asList(burst[4], burst[5], burst[6], burst[7]));
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocityCountsOnlyTransactions(EngineVariant engine) throws Exception {
        assertThat(
                        alerts(
                                velocityCount(),
                                engine,
                                txn("k", 1_000, 1),
                                failure("k", 1_100),
                                change("k", 1_200),
                                txn("k", 2_000, 1),
                                txn("k", 3_000, 1)))
                .isEmpty();
    }

    // ---------------------------------------------------------------- velocity (amount)

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocityAmountAlertsWhenTheSumExceedsTheLimit(EngineVariant engine) throws Exception {
        TestEvent a = txn("k", 1_000, 60), b = txn("k", 1_000 + TMS - 1, 41);
        assertThat(alerts(velocityAmount(), engine, a, b))
                .containsExactly(
                        new FraudAlert<>(
                                "velocity-amount",
                                "k",
                                Severity.HIGH,
                                1.01,
                                1_000,
                                1_000 + TMS - 1,
                                Arrays.asList(a, b)));
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocityAmountExactlyAtTheLimitOrWindowDoesNotMatch(EngineVariant engine)
            throws Exception {
        assertThat(alerts(velocityAmount(), engine, txn("k", 1_000, 60), txn("k", 2_000, 40)))
                .isEmpty();
        assertThat(alerts(velocityAmount(), engine, txn("k", 1_000, 60), txn("k", 1_000 + TMS, 41)))
                .isEmpty();
        // a single transaction above the limit is not velocity
        assertThat(alerts(velocityAmount(), engine, txn("k", 1_000, 500))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void velocityAmountEvidenceStartsAtTheEarliestTransactionInTheWindow(EngineVariant engine)
            throws Exception {
        TestEvent a = txn("k", 1_000, 50), b = txn("k", 5_000, 30), c = txn("k", 9_000, 10);
        TestEvent d = txn("k", 12_000, 70);
        // at d, a has left the window (11 s); b + c + d = 110 > 100
        assertThat(alerts(velocityAmount(), engine, a, b, c, d))
                .extracting(FraudAlert::evidence)
                .containsExactly(Arrays.asList(b, c, d));
    }

    // ---------------------------------------------------------------- brute force

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void bruteForceAlertsOnExactlyKConsecutiveFailures(EngineVariant engine) throws Exception {
        TestEvent a = failure("u", 1_000), b = failure("u", 2_000);
        TestEvent c = failure("u", 1_000 + TMS - 1);
        assertThat(alerts(bruteForce(false), engine, a, b, c))
                .containsExactly(
                        new FraudAlert<>(
                                "brute-force-login",
                                "u",
                                Severity.HIGH,
                                1.0,
                                1_000,
                                1_000 + TMS - 1,
                                Arrays.asList(a, b, c)));
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void bruteForceNeedsKFailuresInARowWithinTheWindow(EngineVariant engine) throws Exception {
        assertThat(alerts(bruteForce(false), engine, failure("u", 1_000), failure("u", 2_000)))
                .isEmpty();
        assertThat(
                        alerts(
                                bruteForce(false),
                                engine,
                                failure("u", 1_000),
                                failure("u", 2_000),
                                success("u", 2_500),
                                failure("u", 3_000)))
                .isEmpty();
        assertThat(
                        alerts(
                                bruteForce(false),
                                engine,
                                failure("u", 1_000),
                                failure("u", 2_000),
                                failure("u", 1_000 + TMS)))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void accountTakeoverNeedsTheSuccessRightAfterKFailures(EngineVariant engine) throws Exception {
        TestEvent f0 = failure("u", 500), f1 = failure("u", 1_000), f2 = failure("u", 2_000);
        TestEvent f3 = failure("u", 3_000), ok = success("u", 500 + TMS);
        // f0..ok spans exactly T, but the evidence is the last 3 failures f1..f3 and ok
        assertThat(alerts(bruteForce(true), engine, f0, f1, f2, f3, ok))
                .containsExactly(
                        new FraudAlert<>(
                                "account-takeover",
                                "u",
                                Severity.CRITICAL,
                                1.0,
                                1_000,
                                500 + TMS,
                                Arrays.asList(f1, f2, f3, ok)));
        assertThat(alerts(bruteForce(true), engine, f1, f2, f3)).isEmpty();
        assertThat(alerts(bruteForce(true), engine, f1, f2, success("u", 2_500))).isEmpty();
        assertThat(alerts(bruteForce(true), engine, f1, f2, f3, success("u", 1_000 + TMS)))
                .isEmpty();
    }

    // ---------------------------------------------------------------- card testing

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void cardTestingAlertsOnNSmallThenLargeAtTheThresholds(EngineVariant engine) throws Exception {
        TestEvent s1 = txn("c", 1_000, 5), s2 = txn("c", 2_000, 0.5), s3 = txn("c", 3_000, 5);
        TestEvent big = txn("c", 1_000 + TMS - 1, 500);
        assertThat(alerts(cardTesting(), engine, s1, s2, s3, big))
                .containsExactly(
                        new FraudAlert<>(
                                "card-testing",
                                "c",
                                Severity.HIGH,
                                1.0,
                                1_000,
                                1_000 + TMS - 1,
                                Arrays.asList(s1, s2, s3, big)));
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void cardTestingNegativeBoundaries(EngineVariant engine) throws Exception {
        // N - 1 small
        assertThat(
                        alerts(
                                cardTesting(),
                                engine,
                                txn("c", 1_000, 1),
                                txn("c", 2_000, 1),
                                txn("c", 3_000, 600)))
                .isEmpty();
        // just below large
        assertThat(
                        alerts(
                                cardTesting(),
                                engine,
                                txn("c", 1_000, 1),
                                txn("c", 2_000, 1),
                                txn("c", 2_500, 1),
                                txn("c", 3_000, 499.99)))
                .isEmpty();
        // just above small breaks the run
        assertThat(
                        alerts(
                                cardTesting(),
                                engine,
                                txn("c", 1_000, 1),
                                txn("c", 2_000, 5.01),
                                txn("c", 2_500, 1),
                                txn("c", 2_600, 1),
                                txn("c", 3_000, 900)))
                .isEmpty();
        // first small to large spans exactly T
        assertThat(
                        alerts(
                                cardTesting(),
                                engine,
                                txn("c", 1_000, 1),
                                txn("c", 2_000, 1),
                                txn("c", 2_500, 1),
                                txn("c", 1_000 + TMS, 900)))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void cardTestingEvidenceIsTheWholeRunStillInTheWindow(EngineVariant engine) throws Exception {
        TestEvent s0 = txn("c", 0, 1), s1 = txn("c", 2_000, 1), s2 = txn("c", 3_000, 1);
        TestEvent s3 = txn("c", 4_000, 1), s4 = txn("c", 5_000, 1), big = txn("c", 10_500, 700);
        // s0 is 10.5 s before the large one: out of the window
        assertThat(alerts(cardTesting(), engine, s0, s1, s2, s3, s4, big))
                .extracting(FraudAlert::evidence, FraudAlert::score)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Arrays.asList(s1, s2, s3, s4, big), 4.0 / 3));
    }

    // ---------------------------------------------------------------- impossible travel

    private static FraudPattern<TestEvent> travel(double maxSpeed) {
        return FraudPatterns.impossibleTravel(
                ImpossibleTravelConfig.builder().maxSpeedKmh(maxSpeed).maxGap(T).build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    /** One degree of longitude on the equator, computed independently of the library. */
    private static final double DEGREE_KM = 6371.0 * Math.PI / 180;

    @org.junit.jupiter.api.Test
    void impossibleTravelAtTheSpeedLimit() throws Exception {
        TestEvent a = txn("p", 0, 1).at(0, 0), b = txn("p", 3_600, 1).at(0, 1);
        double speed = DEGREE_KM / 0.001; // km per 3.6 s, in km/h
        // just below the speed limit: alert; just above (and at, up to rounding): none
        assertThat(alerts(travel(speed * (1 - 1e-9)), EngineVariant.CEP, a, b))
                .singleElement()
                .satisfies(
                        alert -> {
                            assertThat(alert.evidence()).containsExactly(a, b);
                            assertThat(alert.score()).isCloseTo(1.0, within(1e-6));
                        });
        assertThat(alerts(travel(speed * (1 + 1e-9)), EngineVariant.CEP, a, b)).isEmpty();
    }

    private static org.assertj.core.data.Offset<Double> within(double v) {
        return org.assertj.core.data.Offset.offset(v);
    }

    @org.junit.jupiter.api.Test
    void impossibleTravelComparesConsecutiveLocatedEventsWithinTheGap() throws Exception {
        TestEvent a = txn("p", 0, 1).at(48.85, 2.35); // Paris
        TestEvent unlocated = txn("p", 1_000, 1);
        TestEvent b = txn("p", 2_000, 1).at(40.71, -74.0); // New York, 2 s later
        TestEvent c = txn("p", 2_000 + TMS, 1).at(48.85, 2.35); // back, exactly maxGap later
        TestEvent d = txn("p", 2_000 + TMS + 1, 1).at(48.85, 2.35); // same place
        assertThat(alerts(travel(900), EngineVariant.CEP, a, unlocated, b, c, d))
                .extracting(FraudAlert::evidence)
                .containsExactly(Arrays.asList(a, b));
    }

    // ---------------------------------------------------------------- dormant account

    private static FraudPattern<TestEvent> dormant() {
        return FraudPatterns.dormantAccount(
                DormantAccountConfig.builder()
                        .dormancy(Duration.ofDays(30))
                        .minAmount(1_000)
                        .retention(Duration.ofDays(60))
                        .build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    private static final long DAY = Duration.ofDays(1).toMillis();

    @org.junit.jupiter.api.Test
    void dormantAccountAtExactlyTheDormancyAndAmount() throws Exception {
        TestEvent last = other("a", 5 * DAY), big = txn("a", 35 * DAY, 1_000);
        assertThat(alerts(dormant(), EngineVariant.CEP, last, big))
                .containsExactly(
                        new FraudAlert<>(
                                "dormant-reactivation",
                                "a",
                                Severity.MEDIUM,
                                1.0,
                                5 * DAY,
                                35 * DAY,
                                Arrays.asList(last, big)));
    }

    @org.junit.jupiter.api.Test
    void dormantAccountNegativeBoundaries() throws Exception {
        assertThat(
                        alerts(
                                dormant(),
                                EngineVariant.CEP,
                                other("a", 0),
                                txn("a", 30 * DAY - 1, 5_000)))
                .isEmpty();
        assertThat(alerts(dormant(), EngineVariant.CEP, other("a", 0), txn("a", 31 * DAY, 999.99)))
                .isEmpty();
        // retention reached: the key looks new
        assertThat(alerts(dormant(), EngineVariant.CEP, other("a", 0), txn("a", 60 * DAY, 5_000)))
                .isEmpty();
        // a key's first event is not a reactivation
        assertThat(alerts(dormant(), EngineVariant.CEP, txn("a", 60 * DAY, 5_000))).isEmpty();
    }

    // ---------------------------------------------------------------- credential change

    private static FraudPattern<TestEvent> credential() {
        return FraudPatterns.credentialChange(
                CredentialChangeConfig.builder().minAmount(1_000).window(T).build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    @org.junit.jupiter.api.Test
    void credentialChangeThenLargeTransferWithinTheWindow() throws Exception {
        TestEvent c1 = change("a", 1_000), c2 = change("a", 2_000);
        TestEvent small = txn("a", 3_000, 999.99), login = success("a", 3_500);
        TestEvent big = txn("a", 1_000 + TMS - 1, 1_000);
        assertThat(alerts(credential(), EngineVariant.CEP, c1, c2, small, login, big))
                .containsExactly(
                        new FraudAlert<>(
                                "credential-change-transfer",
                                "a",
                                Severity.HIGH,
                                1.0,
                                1_000,
                                1_000 + TMS - 1,
                                Arrays.asList(c1, big)));
    }

    @org.junit.jupiter.api.Test
    void credentialChangeNegativeBoundaries() throws Exception {
        assertThat(
                        alerts(
                                credential(),
                                EngineVariant.CEP,
                                change("a", 1_000),
                                txn("a", 1_000 + TMS, 5e3)))
                .isEmpty();
        assertThat(
                        alerts(
                                credential(),
                                EngineVariant.CEP,
                                txn("a", 1_000, 5e3),
                                change("a", 2_000)))
                .isEmpty();
        // one change, two transfers: only the first is reported
        assertThat(
                        alerts(
                                credential(),
                                EngineVariant.CEP,
                                change("a", 1_000),
                                txn("a", 2_000, 5e3),
                                txn("a", 3_000, 5e3)))
                .hasSize(1);
    }
}
