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

    /** The pattern id carried by every alert. */
    public String id() {
        return id;
    }

    /** The severity carried by every alert. */
    public Severity severity() {
        return severity;
    }

    /** The user's event type. */
    public TypeInformation<T> eventType() {
        return eventType;
    }

    /** Whether the pattern has a keyed-state fast path. */
    public boolean hasFastPath() {
        return fastRule != null;
    }

    /**
     * The default uid for an operator whose uid prefix is {@code prefix}: {@code <prefix><id>},
     * plus {@code -<digest>} for a pattern with the catalog's default id.
     */
    public String defaultUid(String prefix) {
        return prefix + id + (uidDigest != null ? "-" + uidDigest : "");
    }

    /**
     * Whether the pattern looks at {@code event} at all. Only meaningful for a valid record; may
     * throw for an invalid one.
     */
    public boolean isRelevant(T event) {
        return relevance.test(event);
    }

    /** Why {@code event} is an invalid record for this pattern, or null if it is valid. */
    @Nullable
    public String invalidReason(T event) {
        return check.problem(event);
    }

    /** A fresh instance of the flink-cep pattern. */
    public Pattern<T, T> cepPattern() {
        return pattern.create();
    }

    /** The flink-cep process function that turns matches into alerts. */
    public PatternProcessFunction<T, FraudAlert<T>> cepFunction() {
        return new CepAlertFunction<>(stages, alerts);
    }

    /**
     * The key selector of both engines: {@link EventAdapter#key}, with a placeholder key for
     * invalid records, which the keyed operators check again and never process.
     */
    public KeySelector<T, String> keySelector() {
        return new NullSafeKeySelector<>(new KeyOf<>(adapter), INVALID_KEY);
    }

    /** The filter before keyBy: relevant events and invalid records pass. */
    public FilterFunction<T> inputFilter() {
        return new RelevanceFilter<>(relevance, check);
    }

    /** The keyed flink-cep operator, behind the input check. */
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
