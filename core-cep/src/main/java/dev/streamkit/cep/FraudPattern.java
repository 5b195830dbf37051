package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.AlertFactory;
import dev.streamkit.cep.internal.CepAlertFunction;
import dev.streamkit.cep.internal.CheckedCepOperator;
import dev.streamkit.cep.internal.EventPredicate;
import dev.streamkit.cep.internal.FastPathOperator;
import dev.streamkit.cep.internal.InputCheck;
import dev.streamkit.cep.internal.KeyOf;
import dev.streamkit.cep.internal.RelevanceFilter;
import dev.streamkit.cep.internal.RingRule;
import dev.streamkit.common.internal.NullSafeKeySelector;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * One configured fraud pattern of the {@link FraudPatterns} catalog, ready to run on a stream of
 * the user's events.
 *
 * <pre>{@code
 * FraudPattern<Txn> velocity = FraudPatterns.velocity(config, adapter, TypeInformation.of(Txn.class))
 *         .withLateEvents(LATE_TXNS);
 * SingleOutputStreamOperator<FraudAlert<Txn>> alerts = velocity.detect(txns);      // flink-cep
 * SingleOutputStreamOperator<FraudAlert<Txn>> same = velocity.detectFast(txns);    // keyed state
 * DataStream<Txn> late = alerts.getSideOutput(LATE_TXNS);
 * }</pre>
 *
 * <p>Records a pattern cannot use (no key, no kind, a NaN amount, a broken location: see {@link
 * #invalidRecordsTo}) never fail the job: both engines count them in {@code numInvalidRecords} and
 * route them to the side output set with {@link #invalidRecordsTo}. A record without event time (a
 * source without a watermark strategy) fails the job with a message naming the pattern.
 *
 * <p>Both engines first keep the events the pattern looks at ({@link #isRelevant}), key them by
 * {@link EventAdapter#key}, and run in event time: an event whose timestamp is at or behind the
 * watermark is late, never matched, and goes to the late-events side output when one is set. The
 * flink-cep engine counts late events in {@code numLateRecordsDropped} only when no side output is
 * set (flink-cep's behaviour); the fast path counts every late event in {@code numLateRecords}.
 *
 * <p>Immutable; {@code with...} methods return a copy.
 */
@PublicEvolving
public final class FraudPattern<T> {
    private static final String CEP_UID_PREFIX = "streamkit-cep-";
    private static final String FAST_UID_PREFIX = "streamkit-cep-fast-";

    /** The key under which invalid records cross keyBy (never used to touch state). */
    private static final String INVALID_KEY = "\u0000streamkit-invalid-record";

    private final String id;
    private final Severity severity;
    private final EventAdapter<T> adapter;
    private final TypeInformation<T> eventType;
    private final Supplier<Pattern<T, T>> pattern;
    private final String[] stages;
    private final EventPredicate<T> relevance;
    private final InputCheck<T> check;
    private final AlertFactory<T> alerts;
    @Nullable private final RingRule<T> fastRule;
    @Nullable private final String uidDigest;
    @Nullable private final OutputTag<T> lateEvents;
    @Nullable private final OutputTag<T> invalidRecords;
    @Nullable private final String uid;

    FraudPattern(
            String id,
            Severity severity,
            EventAdapter<T> adapter,
            TypeInformation<T> eventType,
            Supplier<Pattern<T, T>> pattern,
            String[] stages,
            EventPredicate<T> relevance,
            InputCheck<T> check,
            AlertFactory<T> alerts,
            @Nullable RingRule<T> fastRule,
            @Nullable String uidDigest) {
        this(
                id, severity, adapter, eventType, pattern, stages, relevance, check, alerts,
                fastRule, uidDigest, null, null, null);
    }

    private FraudPattern(
            String id,
            Severity severity,
            EventAdapter<T> adapter,
            TypeInformation<T> eventType,
            Supplier<Pattern<T, T>> pattern,
            String[] stages,
            EventPredicate<T> relevance,
            InputCheck<T> check,
            AlertFactory<T> alerts,
            @Nullable RingRule<T> fastRule,
            @Nullable String uidDigest,
            @Nullable OutputTag<T> lateEvents,
            @Nullable OutputTag<T> invalidRecords,
            @Nullable String uid) {
        this.id = id;
        this.severity = severity;
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.pattern = pattern;
        this.stages = stages;
        this.relevance = relevance;
        this.check = check;
        this.alerts = alerts;
        this.fastRule = fastRule;
        this.uidDigest = uidDigest;
        this.lateEvents = lateEvents;
        this.invalidRecords = invalidRecords;
        this.uid = uid;
    }

    private FraudPattern<T> copy(
            @Nullable OutputTag<T> lateEvents,
            @Nullable OutputTag<T> invalidRecords,
            @Nullable String uid) {
        return new FraudPattern<>(
                id,
                severity,
                adapter,
                eventType,
                pattern,
                stages,
                relevance,
                check,
                alerts,
                fastRule,
                uidDigest,
                lateEvents,
                invalidRecords,
                uid);
    }

    /** A copy that routes late events to {@code tag} (on both engines). */
    public FraudPattern<T> withLateEvents(OutputTag<T> tag) {
        return copy(Objects.requireNonNull(tag, "tag"), invalidRecords, uid);
    }

    /**
     * A copy that routes invalid records to {@code tag} (on both engines): records whose key or
     * kind cannot be read (null, or the adapter throws), whose event time cannot be read, and, for
     * a pattern that reads them, transactions without a finite amount and events with an unusable
     * location. Read them with {@code getSideOutput(tag)} on the stream {@link #detect} or {@link
     * #detectFast} returns. They are counted in {@code numInvalidRecords} whether or not a tag is
     * set. See the "Bad input" section of the module README.
     */
    public FraudPattern<T> invalidRecordsTo(OutputTag<T> tag) {
        return copy(lateEvents, Objects.requireNonNull(tag, "tag"), uid);
    }

    /**
     * A copy whose keyed operator has the uid {@code uid} (and its input filter {@code
     * uid-filter}), on whichever engine runs it, instead of the default ({@link #cepUid()}, {@link
     * #fastPathUid()}). Pin the uid to keep restoring savepoints after changing the pattern's
     * parameters.
     */
    public FraudPattern<T> withUid(String uid) {
        checkArgument(
                uid != null && !uid.trim().isEmpty(),
                "FraudPattern '%s': uid must not be blank",
                id);
        return copy(lateEvents, invalidRecords, uid);
    }

    /** The pattern id carried by every alert, for example {@code card-testing}. */
    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public Optional<OutputTag<T>> lateEvents() {
        return Optional.ofNullable(lateEvents);
    }

    public Optional<OutputTag<T>> invalidRecords() {
        return Optional.ofNullable(invalidRecords);
    }

    /**
     * The uid of the flink-cep operator {@link #detect} adds (its input filter: this plus {@code
     * -filter}): the {@link #withUid} one if set, else {@code streamkit-cep-<id>} for a pattern
     * whose config sets its own {@code patternId}, and {@code streamkit-cep-<id>-<digest>} for a
     * pattern with the catalog's default id, where the digest (8 hex digits of the SHA-256 of the
     * config's {@code toString()}) tells apart two instances with different parameters and is the
     * same in every run for equal configs.
     */
    public String cepUid() {
        return uid != null ? uid : defaultUid(CEP_UID_PREFIX);
    }

    /** The uid of the fast-path operator {@link #detectFast} adds; as {@link #cepUid()}. */
    public String fastPathUid() {
        return uid != null ? uid : defaultUid(FAST_UID_PREFIX);
    }

    private String defaultUid(String prefix) {
        return prefix + id + (uidDigest != null ? "-" + uidDigest : "");
    }

    /** Whether {@link #detectFast} is available (velocity, brute force, card testing). */
    public boolean hasFastPath() {
        return fastRule != null;
    }

    /**
     * Whether the pattern looks at {@code event} at all (others are filtered out first). Only
     * meaningful for a valid record (see {@link #invalidRecordsTo}); may throw for an invalid one.
     */
    public boolean isRelevant(T event) {
        return relevance.test(event);
    }

    /** The flink-cep pattern (a fresh instance per call), for use with {@code CEP.pattern}. */
    public Pattern<T, T> cepPattern() {
        return pattern.get();
    }

    public FraudAlertTypeInfo<T> alertType() {
        return FraudAlertTypeInfo.of(eventType);
    }

    /**
     * Runs the pattern on flink-cep: flink-cep's own operator, behind a check that counts and
     * routes invalid records and fails on records without event time. Operator uids: {@link
     * #cepUid()} and that plus {@code -filter}.
     *
     * @throws IllegalArgumentException if the job already has an operator with one of these uids
     */
    public SingleOutputStreamOperator<FraudAlert<T>> detect(DataStream<T> events) {
        String uid = cepUid();
        return keyed(events, uid)
                .transform("cep-" + id, alertType(), cepOperator(events.getExecutionConfig()))
                .uid(uid);
    }

    /**
     * Runs the pattern's keyed-state fast path, which emits exactly the alerts of {@link #detect}
     * on the same input. Operator uids: {@link #fastPathUid()} and that plus {@code -filter}.
     *
     * @throws UnsupportedOperationException if the pattern has no fast path ({@link #hasFastPath})
     * @throws IllegalArgumentException if the job already has an operator with one of these uids
     */
    public SingleOutputStreamOperator<FraudAlert<T>> detectFast(DataStream<T> events) {
        OneInputStreamOperator<T, FraudAlert<T>> operator = fastPathOperator();
        String uid = fastPathUid();
        return keyed(events, uid).transform("cep-fast-" + id, alertType(), operator).uid(uid);
    }

    private KeyedStream<T, String> keyed(DataStream<T> events, String uid) {
        String filterUid = uid + "-filter";
        for (Transformation<?> t : events.getExecutionEnvironment().getTransformations()) {
            checkArgument(
                    !uid.equals(t.getUid()) && !filterUid.equals(t.getUid()),
                    "FraudPattern '%s': operator uid '%s' is already used in this job; give each"
                            + " instance of a pattern its own patternId in its config, or its own"
                            + " withUid(...)",
                    id,
                    t.getUid());
        }
        // same parallelism as the input: the filter chains to it instead of rebalancing, which
        // would reorder events (and flink-cep orders events with equal timestamps by arrival)
        return events.filter(inputFilter())
                .setParallelism(events.getParallelism())
                .name(id + "-relevant")
                .uid(filterUid)
                .keyBy(keySelector(), Types.STRING);
    }

    @Override
    public String toString() {
        return "FraudPattern{" + id + (fastRule != null ? ", fast path" : "") + '}';
    }

    /**
     * The key selector of both engines: {@link EventAdapter#key}, with a placeholder key for
     * invalid records, which the keyed operators check again and never process.
     */
    @Internal
    public KeySelector<T, String> keySelector() {
        return new NullSafeKeySelector<>(new KeyOf<>(adapter), INVALID_KEY);
    }

    /** The filter before keyBy: relevant events and invalid records pass. */
    @Internal
    public FilterFunction<T> inputFilter() {
        return new RelevanceFilter<>(relevance, check);
    }

    /** Why {@code event} is an invalid record for this pattern, or null if it is valid. */
    @Internal
    @Nullable
    public String invalidReason(T event) {
        return check.problem(event);
    }

    @Internal
    public TypeInformation<T> eventType() {
        return eventType;
    }

    @Internal
    public PatternProcessFunction<T, FraudAlert<T>> cepFunction() {
        return new CepAlertFunction<>(stages, alerts);
    }

    /** The keyed operator of {@link #detect}. */
    @Internal
    public OneInputStreamOperator<T, FraudAlert<T>> cepOperator(ExecutionConfig config) {
        return new CheckedCepOperator<>(
                id,
                eventType.createSerializer(config.getSerializerConfig()),
                cepPattern(),
                new CepAlertFunction<>(stages, alerts),
                lateEvents,
                check,
                invalidRecords);
    }

    @Internal
    public OneInputStreamOperator<T, FraudAlert<T>> fastPathOperator() {
        return fastPathOperator(FastPathOperator.MAX_BUFFERED);
    }

    /**
     * The fast-path operator, moving its in-memory events into keyed state whenever more than
     * {@code maxBufferedEvents} are held (tests use small values to exercise that path).
     */
    @Internal
    public OneInputStreamOperator<T, FraudAlert<T>> fastPathOperator(int maxBufferedEvents) {
        if (fastRule == null) {
            throw new UnsupportedOperationException(
                    String.format(
                            "Pattern '%s' has no fast path; use detect(...) (flink-cep). Fast"
                                    + " paths exist for velocity, brute force and card testing.",
                            id));
        }
        return new FastPathOperator<>(
                id,
                fastRule,
                alerts,
                adapter,
                eventType,
                lateEvents,
                check,
                invalidRecords,
                maxBufferedEvents);
    }
}
