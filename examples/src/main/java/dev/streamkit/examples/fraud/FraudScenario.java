package dev.streamkit.examples.fraud;

import dev.streamkit.examples.local.RecordMix;
import dev.streamkit.examples.local.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Synthetic account activity with injected fraud and its ground truth.
 *
 * <p>Clean accounts stay in their home city, spend 10 to 400 per transaction at most every few
 * minutes, log in successfully (sometimes after one typo, sometimes from an app that sends no
 * location) and are never quiet for {@link #DORMANCY}: by construction they match none of the
 * patterns the fraud job runs. Each injected scenario uses an account of its own: card testing,
 * velocity, brute force (with and without a following success), impossible travel, dormant
 * reactivation and credential change followed by a large transfer. Events arrive up to {@link
 * #MAX_DELAY} out of order; about 2% arrive twice, a few clean ones arrive hours late, and some
 * records are malformed.
 *
 * <p>The job's parameters must match the constants here ({@code conf/fraud-local.json} sets them).
 */
public final class FraudScenario implements Scenario {
    private static final long serialVersionUID = 1L;

    /** 2026-01-01T00:00:00Z. */
    public static final long START = 1_767_225_600_000L;

    public static final Duration LENGTH = Duration.ofHours(12);
    public static final Duration MAX_DELAY = Duration.ofSeconds(5);
    public static final Duration DORMANCY = Duration.ofHours(6);

    /** Pattern ids as the fraud job reports them. */
    public static final String CARD_TESTING = "card-testing";

    public static final String VELOCITY = "velocity-count";
    public static final String BRUTE_FORCE = "brute-force-login";
    public static final String ACCOUNT_TAKEOVER = "account-takeover";
    public static final String IMPOSSIBLE_TRAVEL = "impossible-travel";
    public static final String DORMANT = "dormant-reactivation";
    public static final String CREDENTIAL_CHANGE = "credential-change-transfer";

    private static final double[][] CITIES = {
        {51.5074, -0.1278}, // London
        {48.8566, 2.3522}, // Paris
        {52.5200, 13.4050}, // Berlin
        {40.7128, -74.0060}, // New York
        {35.6762, 139.6503}, // Tokyo
        {-33.8688, 151.2093} // Sydney
    };
    private static final long LATE_BY = Duration.ofHours(3).toMillis();

    private final long seed;
    private final int cleanAccounts;
    private final int scenariosPerKind;
    private final boolean lateRecords;

    private FraudScenario(long seed, int cleanAccounts, int scenariosPerKind, boolean lateRecords) {
        this.seed = seed;
        this.cleanAccounts = cleanAccounts;
        this.scenariosPerKind = scenariosPerKind;
        this.lateRecords = lateRecords;
    }

    public static FraudScenario of(long seed, int cleanAccounts, int scenariosPerKind) {
        if (cleanAccounts < 1 || scenariosPerKind < 1) {
            throw new IllegalArgumentException(
                    "cleanAccounts and scenariosPerKind must be >= 1, got "
                            + cleanAccounts
                            + ", "
                            + scenariosPerKind);
        }
        return new FraudScenario(seed, cleanAccounts, scenariosPerKind, true);
    }

    /** The same scenario without the hours-late events (for multi-shard replays). */
    @Override
    public FraudScenario withoutLateRecords() {
        return new FraudScenario(seed, cleanAccounts, scenariosPerKind, false);
    }

    @Override
    public List<String> records() {
        return plan().records;
    }

    public Plan plan() {
        Builder b = new Builder(new SplittableRandom(seed));
        for (int a = 0; a < cleanAccounts; a++) {
            b.clean("clean-" + a);
        }
        for (int i = 0; i < scenariosPerKind; i++) {
            b.cardTesting("fraud-card-testing-" + i);
            b.velocity("fraud-velocity-" + i);
            b.bruteForce("fraud-brute-force-" + i, false);
            b.bruteForce("fraud-takeover-" + i, true);
            b.impossibleTravel("fraud-travel-" + i);
            b.dormant("fraud-dormant-" + i);
            b.credentialChange("fraud-credential-" + i);
        }
        if (lateRecords) {
            b.lateEvents();
        }
        return new Plan(
                b.mix.records(), b.expected, b.events, b.duplicates, b.late, b.mix.malformed());
    }

    /** A scenario's records and its ground truth. */
    public static final class Plan {
        public final List<String> records;

        /** Per injected account, the pattern ids that must alert; clean accounts never alert. */
        public final Map<String, TreeSet<String>> expectedAlerts;

        /** Every valid, on-time event once. */
        public final List<AccountEvent> events;

        public final int duplicates;
        public final int late;
        public final int malformed;

        Plan(
                List<String> records,
                Map<String, TreeSet<String>> expectedAlerts,
                List<AccountEvent> events,
                int duplicates,
                int late,
                int malformed) {
            this.records = records;
            this.expectedAlerts = expectedAlerts;
            this.events = events;
            this.duplicates = duplicates;
            this.late = late;
            this.malformed = malformed;
        }
    }

    private static final class Builder {
        final SplittableRandom random;
        final RecordMix mix;
        final Map<String, TreeSet<String>> expected = new LinkedHashMap<>();
        final List<AccountEvent> events = new ArrayList<>();
        final List<AccountEvent> cleanEvents = new ArrayList<>();
        int duplicates;
        int late;

        Builder(SplittableRandom random) {
            this.random = random;
            this.mix = new RecordMix(random);
        }

        void clean(String account) {
            double[] home = CITIES[random.nextInt(CITIES.length)];
            long t = START + random.nextLong(Duration.ofMinutes(30).toMillis());
            long end = START + LENGTH.toMillis();
            emit(account, AccountEvent.LOGIN_SUCCESS, t, 0, home, true);
            while (t < end) {
                // never quiet for the dormancy: at most 2 h between events
                t +=
                        Duration.ofMinutes(3).toMillis()
                                + random.nextLong(Duration.ofMinutes(117).toMillis());
                if (t >= end) {
                    break;
                }
                int what = random.nextInt(10);
                if (what == 0) {
                    emit(account, AccountEvent.LOGIN_FAILURE, t, 0, home, true);
                    t += Duration.ofSeconds(20).toMillis();
                    emit(account, AccountEvent.LOGIN_SUCCESS, t, 0, home, true);
                } else if (what == 1) {
                    emit(account, AccountEvent.LOGIN_SUCCESS, t, 0, home, true);
                } else if (what == 2) {
                    // a login without a location (an app that sends none): no travel check
                    emit(account, AccountEvent.LOGIN_SUCCESS, t, 0, null, true);
                } else {
                    double amount = 10 + random.nextInt(391);
                    emit(account, AccountEvent.TRANSACTION, t, amount, home, true);
                }
            }
        }

        void cardTesting(String account) {
            double[] home = city();
            long t = injectionTime();
            int small = 3 + random.nextInt(2);
            for (int i = 0; i < small; i++) {
                emit(account, AccountEvent.TRANSACTION, t, 1 + random.nextInt(5), home, false);
                t += Duration.ofSeconds(20 + random.nextInt(40)).toMillis();
            }
            emit(account, AccountEvent.TRANSACTION, t, 600 + random.nextInt(300), home, false);
            expect(account, CARD_TESTING);
        }

        void velocity(String account) {
            double[] home = city();
            long t = injectionTime();
            for (int i = 0; i < 12; i++) {
                emit(account, AccountEvent.TRANSACTION, t, 20 + random.nextInt(30), home, false);
                t += Duration.ofSeconds(4).toMillis();
            }
            expect(account, VELOCITY);
        }

        void bruteForce(String account, boolean thenSuccess) {
            double[] home = city();
            long t = injectionTime();
            for (int i = 0; i < 6; i++) {
                emit(account, AccountEvent.LOGIN_FAILURE, t, 0, home, false);
                t += Duration.ofSeconds(15).toMillis();
            }
            expect(account, BRUTE_FORCE);
            if (thenSuccess) {
                emit(account, AccountEvent.LOGIN_SUCCESS, t, 0, home, false);
                expect(account, ACCOUNT_TAKEOVER);
            }
        }

        void impossibleTravel(String account) {
            long t = injectionTime();
            emit(account, AccountEvent.TRANSACTION, t, 50, CITIES[0], false);
            emit(
                    account,
                    AccountEvent.TRANSACTION,
                    t + Duration.ofMinutes(30).toMillis(),
                    80,
                    CITIES[4],
                    false);
            expect(account, IMPOSSIBLE_TRAVEL);
        }

        void dormant(String account) {
            double[] home = city();
            long t = START + random.nextLong(Duration.ofHours(1).toMillis());
            emit(account, AccountEvent.TRANSACTION, t, 40, home, false);
            t += DORMANCY.toMillis() + Duration.ofHours(1).toMillis();
            emit(account, AccountEvent.TRANSACTION, t, 1500, home, false);
            expect(account, DORMANT);
        }

        void credentialChange(String account) {
            double[] home = city();
            long t = injectionTime();
            emit(account, AccountEvent.CREDENTIAL_CHANGE, t, 0, home, false);
            emit(
                    account,
                    AccountEvent.TRANSACTION,
                    t + Duration.ofMinutes(20).toMillis(),
                    2500,
                    home,
                    false);
            expect(account, CREDENTIAL_CHANGE);
        }

        /** Clean events that arrive hours late: never part of any pattern. */
        void lateEvents() {
            long lastTime = START + LENGTH.toMillis() - LATE_BY - Duration.ofMinutes(30).toMillis();
            for (AccountEvent e : new ArrayList<>(cleanEvents)) {
                if (e.timestamp < lastTime && random.nextInt(150) == 0) {
                    AccountEvent copy =
                            new AccountEvent(
                                    e.eventId + "-late",
                                    e.accountId,
                                    AccountEvent.LOGIN_SUCCESS,
                                    e.timestamp + 1,
                                    0.0,
                                    e.latitude,
                                    e.longitude);
                    mix.add(copy, copy.timestamp + LATE_BY);
                    late++;
                }
            }
        }

        private void emit(
                String account, String type, long t, double amount, double[] at, boolean clean) {
            AccountEvent e =
                    new AccountEvent(
                            account + "-" + events.size(),
                            account,
                            type,
                            t,
                            amount,
                            at == null ? null : at[0],
                            at == null ? null : at[1]);
            events.add(e);
            if (clean) {
                cleanEvents.add(e);
            }
            long arrival = t + random.nextLong(MAX_DELAY.toMillis() + 1);
            String json = mix.add(e, arrival);
            if (random.nextInt(50) == 0) {
                mix.addRaw(json, arrival + random.nextLong(2_000));
                duplicates++;
            }
            if (random.nextInt(200) == 0) {
                mix.addMalformed(json, "timestamp", arrival);
            }
        }

        private void expect(String account, String patternId) {
            expected.computeIfAbsent(account, k -> new TreeSet<>()).add(patternId);
        }

        private double[] city() {
            return CITIES[random.nextInt(CITIES.length)];
        }

        /** Somewhere in the middle of the scenario, so every window around it is complete. */
        private long injectionTime() {
            return START
                    + Duration.ofHours(1).toMillis()
                    + random.nextLong(LENGTH.toMillis() - Duration.ofHours(2).toMillis());
        }
    }
}
