package dev.streamkit.cep;

import dev.streamkit.cep.internal.AlertFactory;
import dev.streamkit.cep.internal.Conditions;
import dev.streamkit.cep.internal.EventPredicate;
import dev.streamkit.cep.internal.InputCheck;
import dev.streamkit.cep.internal.PatternDefinition;
import dev.streamkit.cep.internal.PatternFactory;
import dev.streamkit.cep.internal.PredicateCondition;
import dev.streamkit.cep.internal.RingRule;
import dev.streamkit.cep.internal.Rules;
import dev.streamkit.cep.internal.Scorer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;

/**
 * The catalog of fraud patterns. Each factory takes an immutable config, an {@link EventAdapter}
 * for the user's event type and that type's {@link TypeInformation}, and returns a {@link
 * FraudPattern} that runs on flink-cep and, for the counting patterns, on a keyed-state fast path
 * with identical alerts (the default where available, see {@link FraudPattern#engine(Engine)}).
 *
 * <pre>{@code
 * DataStream<Txn> txns = env.fromSource(source, FraudPatterns.watermarks(adapter, Duration.ofSeconds(5)), "txns");
 * FraudPattern<Txn> cardTesting = FraudPatterns.cardTesting(
 *         CardTestingConfig.fromProperties(groups.get("card-testing")), adapter, TXN_TYPE);
 * DataStream<FraudAlert<Txn>> alerts = cardTesting.apply(txns);
 * }</pre>
 *
 * <p>Semantics shared by all patterns: event time; "within T" means the first and the last evidence
 * event are less than T apart (a span of exactly T does not match); events of one key are matched
 * in timestamp order, ties in arrival order. Every pattern documents its after-match skip strategy
 * (how overlapping matches are deduplicated).
 */
@PublicEvolving
public final class FraudPatterns {
    private FraudPatterns() {}

    /**
     * A watermark strategy whose record timestamps come from {@link EventAdapter#eventTimeMillis},
     * bounded by {@code maxOutOfOrderness}: what every pattern expects (the fast paths check that
     * timestamps and adapter agree).
     *
     * @param <T> the user's event type
     * @param adapter reads the event time
     * @param maxOutOfOrderness how far behind the newest timestamp the watermark stays
     * @return the watermark strategy
     */
    public static <T> WatermarkStrategy<T> watermarks(
            EventAdapter<T> adapter, Duration maxOutOfOrderness) {
        Objects.requireNonNull(adapter, "adapter");
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((event, previous) -> adapter.eventTimeMillis(event));
    }

    /**
     * Velocity: more than {@code maxCount} transactions (or more than {@code maxAmount} in total)
     * within the window, per key. Looks at {@link EventKind#TRANSACTION} events.
     *
     * <p>Count: the alert carries the {@code maxCount + 1} transactions, score {@code (maxCount +
     * 1) / maxCount}. flink-cep: {@code begin("txns", skipPastLastEvent).times(maxCount +
     * 1).consecutive().within(window)}.
     *
     * <p>Amount (transactions with a negative amount are ignored): the alert carries at least two
     * consecutive transactions, from the earliest one still within the window to the one that takes
     * the sum above {@code maxAmount}; score {@code sum / maxAmount}. A single transaction above
     * the limit is not a velocity alert. flink-cep: {@code begin("txns",
     * skipPastLastEvent).oneOrMore().consecutive().next("crossing").where(sum >
     * maxAmount).within(window)}.
     *
     * <p>Skip strategy: skip past last event, so the transactions of one alert never appear in
     * another; a sustained burst yields one alert per {@code maxCount + 1} transactions. Fast path:
     * yes.
     *
     * @param <T> the user's event type
     * @param config the validated parameters
     * @param adapter reads the event
     * @param eventType type information of the event (the alerts' serializer uses it)
     * @return the pattern, to configure further or {@link FraudPattern#apply apply}
     */
    public static <T> FraudPattern<T> velocity(
            VelocityConfig config, EventAdapter<T> adapter, TypeInformation<T> eventType) {
        Objects.requireNonNull(config, "config");
        long window = config.window().toMillis();
        Duration within = config.window();
        if (!config.byAmount()) {
            int n = config.maxCount() + 1;
            int maxCount = config.maxCount();
            EventPredicate<T> relevant = e -> adapter.kind(e) == EventKind.TRANSACTION;
            return pattern(
                    config,
                    adapter,
                    eventType,
                    () ->
                            Pattern.<T>begin("txns", AfterMatchSkipStrategy.skipPastLastEvent())
                                    .times(n)
                                    .consecutive()
                                    .within(within),
                    new String[] {"txns"},
                    relevant,
                    evidence -> Scorer.ratio(evidence.size(), maxCount),
                    new Rules.CountWithin<>(adapter, window, n),
                    Reads.NOTHING);
        }
        double maxAmount = config.maxAmount();
        EventPredicate<T> relevant =
                e -> adapter.kind(e) == EventKind.TRANSACTION && adapter.amount(e) >= 0;
        return pattern(
                config,
                adapter,
                eventType,
                () ->
                        Pattern.<T>begin("txns", AfterMatchSkipStrategy.skipPastLastEvent())
                                .oneOrMore()
                                .consecutive()
                                .next("crossing")
                                .where(new Conditions.AmountCrossing<>(adapter, "txns", maxAmount))
                                .within(within),
                new String[] {"txns", "crossing"},
                relevant,
                evidence -> Scorer.ratio(Conditions.total(evidence, adapter), maxAmount),
                new Rules.AmountWithin<>(adapter, window, maxAmount),
                Reads.AMOUNT);
    }

    /**
     * Brute-force login: {@code failures} consecutive {@link EventKind#LOGIN_FAILURE}s within the
     * window (a {@link EventKind#LOGIN_SUCCESS} in between resets the count). With {@code
     * requireSuccess} (account takeover) the alert waits for the success that directly follows the
     * failures; it then carries the last {@code failures} failures and the success, first failure
     * to success within the window. Score: failures / configured failures (1.0).
     *
     * <p>flink-cep: {@code begin("failures", skipPastLastEvent).where(failure).times(k)
     * .consecutive()[.next("success").where(success)].within(window)}. Skip strategy: skip past
     * last event (an attack of 2k failures gives two alerts). Fast path: yes.
     *
     * @param <T> the user's event type
     * @param config the validated parameters
     * @param adapter reads the event
     * @param eventType type information of the event (the alerts' serializer uses it)
     * @return the pattern, to configure further or {@link FraudPattern#apply apply}
     */
    public static <T> FraudPattern<T> bruteForce(
            BruteForceConfig config, EventAdapter<T> adapter, TypeInformation<T> eventType) {
        Objects.requireNonNull(config, "config");
        int k = config.failures();
        boolean takeover = config.requireSuccess();
        Duration within = config.window();
        EventPredicate<T> failure = e -> adapter.kind(e) == EventKind.LOGIN_FAILURE;
        EventPredicate<T> success = e -> adapter.kind(e) == EventKind.LOGIN_SUCCESS;
        EventPredicate<T> relevant =
                e -> {
                    EventKind kind = adapter.kind(e);
                    return kind == EventKind.LOGIN_FAILURE || kind == EventKind.LOGIN_SUCCESS;
                };
        return pattern(
                config,
                adapter,
                eventType,
                () -> {
                    Pattern<T, T> failures =
                            Pattern.<T>begin("failures", AfterMatchSkipStrategy.skipPastLastEvent())
                                    .where(new PredicateCondition<>(failure))
                                    .times(k)
                                    .consecutive();
                    if (takeover) {
                        failures =
                                failures.next("success").where(new PredicateCondition<>(success));
                    }
                    return failures.within(within);
                },
                new String[] {"failures", "success"},
                relevant,
                evidence -> Scorer.ratio(countFailures(evidence, adapter), k),
                new Rules.ConsecutiveFailures<>(adapter, within.toMillis(), k, takeover),
                Reads.NOTHING);
    }

    private static <T> int countFailures(Iterable<T> events, EventAdapter<T> adapter) {
        int n = 0;
        for (T e : events) {
            if (adapter.kind(e) == EventKind.LOGIN_FAILURE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Card testing: at least {@code minSmallCount} consecutive small transactions ({@code amount <=
     * smallAmountMax}) followed directly by a large one ({@code amount >= largeAmountMin}), the
     * first small one less than the window before the large one. A medium transaction resets the
     * run. The alert carries every small transaction of the run still within the window and the
     * large one; score: small count / {@code minSmallCount}.
     *
     * <p>flink-cep: {@code begin("small", skipPastLastEvent).where(small).timesOrMore(n)
     * .consecutive().next("large").where(large).within(window)}. Skip strategy: skip past last
     * event (the longest run wins, one alert per large transaction). Fast path: yes.
     *
     * @param <T> the user's event type
     * @param config the validated parameters
     * @param adapter reads the event
     * @param eventType type information of the event (the alerts' serializer uses it)
     * @return the pattern, to configure further or {@link FraudPattern#apply apply}
     */
    public static <T> FraudPattern<T> cardTesting(
            CardTestingConfig config, EventAdapter<T> adapter, TypeInformation<T> eventType) {
        Objects.requireNonNull(config, "config");
        int n = config.minSmallCount();
        double smallMax = config.smallAmountMax();
        double largeMin = config.largeAmountMin();
        Duration within = config.window();
        EventPredicate<T> small = e -> adapter.amount(e) <= smallMax;
        EventPredicate<T> large = e -> adapter.amount(e) >= largeMin;
        return pattern(
                config,
                adapter,
                eventType,
                () ->
                        Pattern.<T>begin("small", AfterMatchSkipStrategy.skipPastLastEvent())
                                .where(new PredicateCondition<>(small))
                                .timesOrMore(n)
                                .consecutive()
                                .next("large")
                                .where(new PredicateCondition<>(large))
                                .within(within),
                new String[] {"small", "large"},
                e -> adapter.kind(e) == EventKind.TRANSACTION,
                evidence -> Scorer.ratio(evidence.size() - 1, n),
                new Rules.SmallThenLarge<>(adapter, within.toMillis(), n, smallMax, largeMin),
                Reads.AMOUNT);
    }

    /**
     * Impossible travel: two consecutive located events of a key (any kind) whose implied speed is
     * strictly above {@code maxSpeedKmh}; events {@code maxGap} or more apart are not compared. The
     * alert carries both events; score: speed / {@code maxSpeedKmh} (infinite for a distance
     * covered in no time).
     *
     * <p>flink-cep: {@code begin("from").next("to").where(speed > max).within(maxGap)}. Skip
     * strategy: no skip (every consecutive pair is judged on its own, so a jump away and back gives
     * two alerts). Fast path: no.
     *
     * @param <T> the user's event type
     * @param config the validated parameters
     * @param adapter reads the event
     * @param eventType type information of the event (the alerts' serializer uses it)
     * @return the pattern, to configure further or {@link FraudPattern#apply apply}
     */
    public static <T> FraudPattern<T> impossibleTravel(
            ImpossibleTravelConfig config, EventAdapter<T> adapter, TypeInformation<T> eventType) {
        Objects.requireNonNull(config, "config");
        double maxSpeed = config.maxSpeedKmh();
        Duration within = config.maxGap();
        return pattern(
                config,
                adapter,
                eventType,
                () ->
                        Pattern.<T>begin("from", AfterMatchSkipStrategy.noSkip())
                                .next("to")
                                .where(new Conditions.ImpossibleSpeed<>(adapter, "from", maxSpeed))
                                .within(within),
                new String[] {"from", "to"},
                adapter::hasLocation,
                evidence ->
                        Conditions.speedKmh(adapter, evidence.get(0), evidence.get(1)) / maxSpeed,
                null,
                Reads.LOCATION);
    }

    /**
     * Dormant account reactivation: a transaction of at least {@code minAmount} whose key had no
     * event (of any kind) for {@code dormancy} or longer, but less than {@code retention}. The
     * alert carries the previous event and the transaction; score: gap / {@code dormancy}.
     *
     * <p>flink-cep: {@code begin("last").next("reactivation").where(large && gap >=
     * dormancy).within(retention)}. Skip strategy: no skip (at most one alert per transaction).
     * Fast path: no.
     *
     * @param <T> the user's event type
     * @param config the validated parameters
     * @param adapter reads the event
     * @param eventType type information of the event (the alerts' serializer uses it)
     * @return the pattern, to configure further or {@link FraudPattern#apply apply}
     */
    public static <T> FraudPattern<T> dormantAccount(
            DormantAccountConfig config, EventAdapter<T> adapter, TypeInformation<T> eventType) {
        Objects.requireNonNull(config, "config");
        long dormancy = config.dormancy().toMillis();
        double minAmount = config.minAmount();
        Duration within = config.retention();
        return pattern(
                config,
                adapter,
                eventType,
                () ->
                        Pattern.<T>begin("last", AfterMatchSkipStrategy.noSkip())
                                .next("reactivation")
                                .where(
                                        new Conditions.Reactivation<>(
                                                adapter, "last", dormancy, minAmount))
                                .within(within),
                new String[] {"last", "reactivation"},
                e -> true,
                evidence ->
                        Scorer.ratio(
                                Conditions.elapsedMillis(
                                        adapter.eventTimeMillis(evidence.get(0)),
                                        adapter.eventTimeMillis(evidence.get(1))),
                                dormancy),
                null,
                Reads.AMOUNT);
    }

    /**
     * Credential change followed by a large transfer: a {@link EventKind#CREDENTIAL_CHANGE}
     * followed, with any events in between, by a transaction of at least {@code minAmount} less
     * than the window later. The alert carries the earliest pending change and the transaction;
     * score: amount / {@code minAmount}.
     *
     * <p>flink-cep: {@code begin("change", skipPastLastEvent).where(change).followedBy("transfer")
     * .where(large).within(window)}. Skip strategy: skip past last event (one alert per transfer;
     * changes before it are consumed). Fast path: no.
     *
     * @param <T> the user's event type
     * @param config the validated parameters
     * @param adapter reads the event
     * @param eventType type information of the event (the alerts' serializer uses it)
     * @return the pattern, to configure further or {@link FraudPattern#apply apply}
     */
    public static <T> FraudPattern<T> credentialChange(
            CredentialChangeConfig config, EventAdapter<T> adapter, TypeInformation<T> eventType) {
        Objects.requireNonNull(config, "config");
        double minAmount = config.minAmount();
        Duration within = config.window();
        EventPredicate<T> change = e -> adapter.kind(e) == EventKind.CREDENTIAL_CHANGE;
        EventPredicate<T> transfer =
                e -> adapter.kind(e) == EventKind.TRANSACTION && adapter.amount(e) >= minAmount;
        return pattern(
                config,
                adapter,
                eventType,
                () ->
                        Pattern.<T>begin("change", AfterMatchSkipStrategy.skipPastLastEvent())
                                .where(new PredicateCondition<>(change))
                                .followedBy("transfer")
                                .where(new PredicateCondition<>(transfer))
                                .within(within),
                new String[] {"change", "transfer"},
                e -> {
                    EventKind kind = adapter.kind(e);
                    return kind == EventKind.CREDENTIAL_CHANGE || kind == EventKind.TRANSACTION;
                },
                evidence ->
                        Scorer.ratio(adapter.amount(evidence.get(evidence.size() - 1)), minAmount),
                null,
                Reads.AMOUNT);
    }

    /**
     * A catalog pattern with the id and severity of {@code config}; its alerts carry the evidence
     * and the score {@code scorer} gives it. No side outputs (see {@link
     * FraudPattern#lateRecordsTo}).
     */
    private static <T> FraudPattern<T> pattern(
            PatternConfig config,
            EventAdapter<T> adapter,
            TypeInformation<T> eventType,
            PatternFactory<T> cep,
            String[] stages,
            EventPredicate<T> relevance,
            Scorer<T> scorer,
            @Nullable RingRule<T> fastRule,
            Reads reads) {
        return new FraudPattern<>(
                new PatternDefinition<>(
                        config.patternId(),
                        config.severity(),
                        adapter,
                        eventType,
                        cep,
                        stages,
                        relevance,
                        new InputCheck<>(adapter, reads == Reads.AMOUNT, reads == Reads.LOCATION),
                        new AlertFactory<>(config.patternId(), config.severity(), adapter, scorer),
                        fastRule,
                        config.hasCatalogPatternId() ? digest(config.toString()) : null));
    }

    /** Which optional adapter values a pattern reads (and therefore checks, see InputCheck). */
    private enum Reads {
        NOTHING,
        AMOUNT,
        LOCATION
    }

    /**
     * 8 hex digits of the SHA-256 of {@code text}: the same in every JVM and run, so a default uid
     * built from it restores savepoints of a job with an equal config.
     */
    static String digest(String text) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(8);
            for (int i = 0; i < 4; i++) {
                hex.append(Character.forDigit((hash[i] >> 4) & 0xF, 16))
                        .append(Character.forDigit(hash[i] & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
