package dev.streamkit.cep;

import dev.streamkit.cep.internal.AlertFactory;
import dev.streamkit.cep.internal.CepAlertFunction;
import dev.streamkit.cep.internal.EventPredicate;
import dev.streamkit.cep.internal.FastPathOperator;
import dev.streamkit.cep.internal.KeyOf;
import dev.streamkit.cep.internal.RelevanceFilter;
import dev.streamkit.cep.internal.RingRule;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
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
    private final String id;
    private final Severity severity;
    private final EventAdapter<T> adapter;
    private final TypeInformation<T> eventType;
    private final Supplier<Pattern<T, T>> pattern;
    private final String[] stages;
    private final EventPredicate<T> relevance;
    private final AlertFactory<T> alerts;
    @Nullable private final RingRule<T> fastRule;
    @Nullable private final OutputTag<T> lateEvents;

    FraudPattern(
            String id,
            Severity severity,
            EventAdapter<T> adapter,
            TypeInformation<T> eventType,
            Supplier<Pattern<T, T>> pattern,
            String[] stages,
            EventPredicate<T> relevance,
            AlertFactory<T> alerts,
            @Nullable RingRule<T> fastRule,
            @Nullable OutputTag<T> lateEvents) {
        this.id = id;
        this.severity = severity;
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.pattern = pattern;
        this.stages = stages;
        this.relevance = relevance;
        this.alerts = alerts;
        this.fastRule = fastRule;
        this.lateEvents = lateEvents;
    }

    /** A copy that routes late events to {@code tag} (on both engines). */
    public FraudPattern<T> withLateEvents(OutputTag<T> tag) {
        return new FraudPattern<>(
                id,
                severity,
                adapter,
                eventType,
                pattern,
                stages,
                relevance,
                alerts,
                fastRule,
                Objects.requireNonNull(tag, "tag"));
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

    /** Whether {@link #detectFast} is available (velocity, brute force, card testing). */
    public boolean hasFastPath() {
        return fastRule != null;
    }

    /** Whether the pattern looks at {@code event} at all (others are filtered out first). */
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
     * Runs the pattern on flink-cep. Operator uids: {@code streamkit-cep-<id>-filter} and {@code
     * streamkit-cep-<id>}.
     */
    public SingleOutputStreamOperator<FraudAlert<T>> detect(DataStream<T> events) {
        KeyedStream<T, String> keyed = keyed(events, "streamkit-cep-" + id);
        PatternStream<T> matches = CEP.pattern(keyed, cepPattern()).inEventTime();
        if (lateEvents != null) {
            matches = matches.sideOutputLateData(lateEvents);
        }
        return matches.process(cepFunction(), alertType())
                .name("cep-" + id)
                .uid("streamkit-cep-" + id);
    }

    /**
     * Runs the pattern's keyed-state fast path, which emits exactly the alerts of {@link #detect}
     * on the same input. Operator uids: {@code streamkit-cep-fast-<id>-filter} and {@code
     * streamkit-cep-fast-<id>}.
     *
     * @throws UnsupportedOperationException if the pattern has no fast path ({@link #hasFastPath})
     */
    public SingleOutputStreamOperator<FraudAlert<T>> detectFast(DataStream<T> events) {
        OneInputStreamOperator<T, FraudAlert<T>> operator = fastPathOperator();
        return keyed(events, "streamkit-cep-fast-" + id)
                .transform("cep-fast-" + id, alertType(), operator)
                .uid("streamkit-cep-fast-" + id);
    }

    private KeyedStream<T, String> keyed(DataStream<T> events, String uid) {
        // same parallelism as the input: the filter chains to it instead of rebalancing, which
        // would reorder events (and flink-cep orders events with equal timestamps by arrival)
        return events.filter(new RelevanceFilter<>(relevance))
                .setParallelism(events.getParallelism())
                .name(id + "-relevant")
                .uid(uid + "-filter")
                .keyBy(keySelector(), Types.STRING);
    }

    @Override
    public String toString() {
        return "FraudPattern{" + id + (fastRule != null ? ", fast path" : "") + '}';
    }

    @Internal
    public KeySelector<T, String> keySelector() {
        return new KeyOf<>(adapter);
    }

    @Internal
    public TypeInformation<T> eventType() {
        return eventType;
    }

    @Internal
    public PatternProcessFunction<T, FraudAlert<T>> cepFunction() {
        return new CepAlertFunction<>(stages, alerts);
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
                id, fastRule, alerts, adapter, eventType, lateEvents, maxBufferedEvents);
    }
}
