package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.Severity;
import dev.streamkit.common.internal.NullSafeKeySelector;
import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * What the catalog defines for one pattern (its id, flink-cep pattern, relevance, input check,
 * alert factory and, for counting patterns, the fast-path rule), and the operators built from it.
 * The public {@code FraudPattern} adds the user's settings (name, uid, engine, side outputs) on
 * top; tests reach this class through {@link FraudPatternInternals}.
 *
 * @serial exclude
 */
@Internal
public final class PatternDefinition<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The key under which invalid records cross keyBy (never used to touch state). */
    private static final String INVALID_KEY = "\u0000streamkit-invalid-record";

    private final String id;
    private final Severity severity;
    private final EventAdapter<T> adapter;
    private final TypeInformation<T> eventType;
    private final PatternFactory<T> pattern;
    private final String[] stages;
    private final EventPredicate<T> relevance;
    private final InputCheck<T> check;
    private final AlertFactory<T> alerts;
    @Nullable private final RingRule<T> fastRule;
    @Nullable private final String uidDigest;

    /**
     * A definition; {@code fastRule} null for a pattern without fast path, {@code uidDigest} null
     * for a pattern whose config sets its own id (its default uids then carry no digest).
     *
     * @param id the pattern id
     * @param severity the alerts' severity
     * @param adapter reads the events
     * @param eventType type information of the events
     * @param pattern creates the flink-cep pattern
     * @param stages the flink-cep pattern's stage names, in order
     * @param relevance the events the pattern looks at
     * @param check finds invalid records
     * @param alerts creates the alerts
     * @param fastRule the fast-path rule, or null
     * @param uidDigest the digest of the config for default uids, or null
     */
    public PatternDefinition(
            String id,
            Severity severity,
            EventAdapter<T> adapter,
            TypeInformation<T> eventType,
            PatternFactory<T> pattern,
            String[] stages,
            EventPredicate<T> relevance,
            InputCheck<T> check,
            AlertFactory<T> alerts,
            @Nullable RingRule<T> fastRule,
            @Nullable String uidDigest) {
        this.id = Objects.requireNonNull(id, "id");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.stages = stages.clone();
        this.relevance = Objects.requireNonNull(relevance, "relevance");
        this.check = Objects.requireNonNull(check, "check");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.fastRule = fastRule;
        this.uidDigest = uidDigest;
    }

    /**
     * The pattern id carried by every alert.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The severity carried by every alert.
     *
     * @return the severity
     */
    public Severity severity() {
        return severity;
    }

    /**
     * The user's event type.
     *
     * @return the event type information
     */
    public TypeInformation<T> eventType() {
        return eventType;
    }

    /**
     * Whether the pattern has a keyed-state fast path.
     *
     * @return whether there is a fast path
     */
    public boolean hasFastPath() {
        return fastRule != null;
    }

    /**
     * The default uid for an operator whose uid prefix is {@code prefix}: {@code <prefix><id>},
     * plus {@code -<digest>} for a pattern with the catalog's default id.
     *
     * @param prefix the engine's uid prefix
     * @return the default uid
     */
    public String defaultUid(String prefix) {
        return prefix + id + (uidDigest != null ? "-" + uidDigest : "");
    }

    /**
     * Whether the pattern looks at {@code event} at all. Only meaningful for a valid record; may
     * throw for an invalid one.
     *
     * @param event a valid record
     * @return whether the pattern looks at it
     */
    public boolean isRelevant(T event) {
        return relevance.test(event);
    }

    /**
     * Why {@code event} is an invalid record for this pattern, or null if it is valid.
     *
     * @param event the record
     * @return the reason, or null
     */
    @Nullable
    public String invalidReason(T event) {
        return check.problem(event);
    }

    /**
     * A fresh instance of the flink-cep pattern.
     *
     * @return a new pattern
     */
    public Pattern<T, T> cepPattern() {
        return pattern.create();
    }

    /**
     * The flink-cep process function that turns matches into alerts.
     *
     * @return a new function
     */
    public PatternProcessFunction<T, FraudAlert<T>> cepFunction() {
        return new CepAlertFunction<>(stages, alerts);
    }

    /**
     * The key selector of both engines: {@link EventAdapter#key}, with a placeholder key for
     * invalid records, which the keyed operators check again and never process.
     *
     * @return a new key selector
     */
    public KeySelector<T, String> keySelector() {
        return new NullSafeKeySelector<>(new KeyOf<>(adapter), INVALID_KEY);
    }

    /**
     * The filter before keyBy: relevant events and invalid records pass.
     *
     * @return a new filter
     */
    public FilterFunction<T> inputFilter() {
        return new RelevanceFilter<>(relevance, check);
    }

    /**
     * The keyed flink-cep operator, behind the input check.
     *
     * @param config the job's execution config (for the event serializer)
     * @param lateRecords side output of late events, or null
     * @param invalidRecords side output of invalid records, or null
     * @return a new operator
     */
    public OneInputStreamOperator<T, FraudAlert<T>> cepOperator(
            ExecutionConfig config,
            @Nullable OutputTag<T> lateRecords,
            @Nullable OutputTag<T> invalidRecords) {
        return new CheckedCepOperator<>(
                id,
                eventType.createSerializer(config.getSerializerConfig()),
                cepPattern(),
                new CepAlertFunction<>(stages, alerts),
                lateRecords,
                check,
                invalidRecords);
    }

    /**
     * The fast-path operator, moving its in-memory events into keyed state whenever more than
     * {@code maxBufferedEvents} are held (tests use small values to exercise that path).
     *
     * @throws UnsupportedOperationException if the pattern has no fast path
     * @param lateRecords side output of late events, or null
     * @param invalidRecords side output of invalid records, or null
     * @param maxBufferedEvents in-memory events beyond which they move into keyed state
     * @return a new operator
     */
    public OneInputStreamOperator<T, FraudAlert<T>> fastPathOperator(
            @Nullable OutputTag<T> lateRecords,
            @Nullable OutputTag<T> invalidRecords,
            int maxBufferedEvents) {
        if (fastRule == null) {
            throw new UnsupportedOperationException(
                    String.format(
                            "Pattern '%s' has no fast path; use engine(Engine.FLINK_CEP). Fast"
                                    + " paths exist for velocity, brute force and card testing.",
                            id));
        }
        return new FastPathOperator<>(
                id,
                fastRule,
                alerts,
                adapter,
                eventType,
                lateRecords,
                check,
                invalidRecords,
                maxBufferedEvents);
    }
}
