package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.FastPathOperator;
import dev.streamkit.cep.internal.FraudPatternInternals;
import dev.streamkit.cep.internal.PatternDefinition;
import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * One configured fraud pattern of the {@link FraudPatterns} catalog, ready to run on a stream of
 * the user's events: an immutable, {@link Serializable} builder whose setters return a changed copy
 * and leave the receiver unchanged.
 *
 * <pre>{@code
 * FraudPattern<Txn> velocity =
 *         FraudPatterns.velocity(config, adapter, txnType).lateRecordsTo(LATE_TXNS);
 * SingleOutputStreamOperator<FraudAlert<Txn>> alerts = velocity.apply(txns); // keys txns itself
 * DataStream<Txn> late = alerts.getSideOutput(velocity.lateRecordsTag());
 * }</pre>
 *
 * <p>{@link #apply} keeps the events the pattern looks at, keys them by {@link EventAdapter#key}
 * and runs the pattern in event time on the {@link #engine() engine} (by default the keyed-state
 * fast path where the pattern has one, else flink-cep; both emit the same alerts). An event whose
 * timestamp is at or behind the watermark is late: never matched, routed to {@link #lateRecordsTo}
 * when set. Records a pattern cannot use (no key, no kind, a NaN amount, a broken location: see
 * {@link #invalidRecordsTo}) never fail the job: they are counted in {@code numInvalidRecords} and
 * routed to {@link #invalidRecordsTo} when set. A record without event time (a source without a
 * watermark strategy) fails the job with a message naming the pattern.
 *
 * @serial exclude
 */
@PublicEvolving
public final class FraudPattern<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final String CEP_UID_PREFIX = "streamkit-cep-";
    private static final String FAST_UID_PREFIX = "streamkit-cep-fast-";

    static {
        FraudPatternInternals.bind(new InternalsAccess());
    }

    private final PatternDefinition<T> definition;
    @Nullable private final Engine engine;
    @Nullable private final String name;
    @Nullable private final String uid;
    @Nullable private final OutputTag<T> lateRecords;
    @Nullable private final OutputTag<T> invalidRecords;

    FraudPattern(PatternDefinition<T> definition) {
        this(Objects.requireNonNull(definition, "definition"), null, null, null, null, null);
    }

    private FraudPattern(
            PatternDefinition<T> definition,
            @Nullable Engine engine,
            @Nullable String name,
            @Nullable String uid,
            @Nullable OutputTag<T> lateRecords,
            @Nullable OutputTag<T> invalidRecords) {
        this.definition = definition;
        this.engine = engine;
        this.name = name;
        this.uid = uid;
        this.lateRecords = lateRecords;
        this.invalidRecords = invalidRecords;
    }

    // ---------------------------------------------------------------- settings (copies)

    /**
     * A copy that runs on {@code engine}.
     *
     * @throws IllegalArgumentException if {@code engine} is {@link Engine#FAST_PATH} and the
     *     pattern has none ({@link #hasFastPath()})
     * @param engine the engine
     * @return a copy of this pattern with the change (this pattern is unchanged)
     */
    public FraudPattern<T> engine(Engine engine) {
        Objects.requireNonNull(engine, "engine");
        checkArgument(
                engine != Engine.FAST_PATH || definition.hasFastPath(),
                "FraudPattern '%s': engine(Engine.FAST_PATH) is not available, the pattern has no"
                        + " fast path (velocity, brute force and card testing have one); use"
                        + " Engine.FLINK_CEP",
                definition.id());
        return new FraudPattern<>(definition, engine, name, uid, lateRecords, invalidRecords);
    }

    /**
     * A copy whose keyed operator is named {@code name} (its input filter: {@code name + "
     * input"}), instead of the default {@code Streamkit fraud pattern <id> (<engine>)}. The name
     * appears in the Flink UI and in metric identifiers.
     *
     * @throws IllegalArgumentException if {@code name} is null or blank
     * @param name the operator name
     * @return a copy of this pattern with the change (this pattern is unchanged)
     */
    public FraudPattern<T> name(String name) {
        checkArgument(
                name != null && !name.trim().isEmpty(),
                "FraudPattern '%s': name must not be blank",
                definition.id());
        return new FraudPattern<>(definition, engine, name, uid, lateRecords, invalidRecords);
    }

    /**
     * A copy whose keyed operator has the uid {@code uid} (and its input filter {@code uid-input}),
     * on whichever engine runs it, instead of the default (see {@link #uid()}). Pin the uid to keep
     * restoring savepoints after changing the pattern's parameters.
     *
     * @throws IllegalArgumentException if {@code uid} is null or blank
     * @param uid the operator uid
     * @return a copy of this pattern with the change (this pattern is unchanged)
     */
    public FraudPattern<T> uid(String uid) {
        checkArgument(
                uid != null && !uid.trim().isEmpty(),
                "FraudPattern '%s': uid must not be blank",
                definition.id());
        return new FraudPattern<>(definition, engine, name, uid, lateRecords, invalidRecords);
    }

    /**
     * A copy that routes late events (timestamp at or behind the watermark, never matched) to
     * {@code tag}, on both engines. Read them with {@code getSideOutput(tag)} on the stream {@link
     * #apply} returns. Without a tag late events are dropped and counted (see the module README).
     *
     * @param tag the side output of late events
     * @return a copy of this pattern with the change (this pattern is unchanged)
     */
    public FraudPattern<T> lateRecordsTo(OutputTag<T> tag) {
        Objects.requireNonNull(tag, "tag");
        return new FraudPattern<>(definition, engine, name, uid, tag, invalidRecords);
    }

    /**
     * A copy that routes invalid records to {@code tag}, on both engines: records whose key or kind
     * cannot be read (null, or the adapter throws), whose event time cannot be read, and, for a
     * pattern that reads them, transactions without a finite amount and events with an unusable
     * location. Read them with {@code getSideOutput(tag)} on the stream {@link #apply} returns.
     * They are counted in {@code numInvalidRecords} whether or not a tag is set.
     *
     * @param tag the side output of invalid records
     * @return a copy of this pattern with the change (this pattern is unchanged)
     */
    public FraudPattern<T> invalidRecordsTo(OutputTag<T> tag) {
        Objects.requireNonNull(tag, "tag");
        return new FraudPattern<>(definition, engine, name, uid, lateRecords, tag);
    }

    // ---------------------------------------------------------------- accessors

    /**
     * The pattern id carried by every alert, for example {@code card-testing}.
     *
     * @return the pattern id
     */
    public String id() {
        return definition.id();
    }

    /**
     * The severity carried by every alert of this pattern.
     *
     * @return the severity
     */
    public Severity severity() {
        return definition.severity();
    }

    /**
     * Whether the pattern has a keyed-state fast path (velocity, brute force, card testing).
     *
     * @return whether {@link Engine#FAST_PATH} is available
     */
    public boolean hasFastPath() {
        return definition.hasFastPath();
    }

    /**
     * The engine {@link #apply} runs: the one set with {@link #engine(Engine)}, else {@link
     * Engine#FAST_PATH} if the pattern has one, else {@link Engine#FLINK_CEP}.
     *
     * @return the engine
     */
    public Engine engine() {
        if (engine != null) {
            return engine;
        }
        return definition.hasFastPath() ? Engine.FAST_PATH : Engine.FLINK_CEP;
    }

    /**
     * The name of the keyed operator {@link #apply} adds: the one set with {@link #name(String)},
     * else {@code Streamkit fraud pattern <id> (fast path)} or {@code (flink-cep)}.
     *
     * @return the operator name
     */
    public String name() {
        if (name != null) {
            return name;
        }
        return "Streamkit fraud pattern "
                + definition.id()
                + (engine() == Engine.FAST_PATH ? " (fast path)" : " (flink-cep)");
    }

    /**
     * The uid of the keyed operator {@link #apply} adds (its input filter: this plus {@code
     * -input}): the one set with {@link #uid(String)}, else a default that depends on the engine
     * and the configuration:
     *
     * <ul>
     *   <li>{@code streamkit-cep-fast-<id>} (fast path) or {@code streamkit-cep-<id>} (flink-cep)
     *       for a pattern whose config sets its own {@code patternId}: retuning keeps the uid;
     *   <li>the same plus {@code -<digest>} for a pattern with the catalog's default id, where the
     *       digest (8 hex digits of the SHA-256 of the config's {@code toString()}) tells apart two
     *       instances with different parameters and is the same in every run for equal configs.
     * </ul>
     *
     * @return the operator uid
     */
    public String uid() {
        if (uid != null) {
            return uid;
        }
        return definition.defaultUid(
                engine() == Engine.FAST_PATH ? FAST_UID_PREFIX : CEP_UID_PREFIX);
    }

    /**
     * The late-events side output set with {@link #lateRecordsTo}.
     *
     * @throws IllegalStateException if none is set
     * @return the tag
     */
    public OutputTag<T> lateRecordsTag() {
        if (lateRecords == null) {
            throw new IllegalStateException(
                    String.format(
                            "FraudPattern '%s': late records are dropped (and counted); configure"
                                    + " lateRecordsTo(tag) to read them",
                            definition.id()));
        }
        return lateRecords;
    }

    /**
     * The invalid-records side output set with {@link #invalidRecordsTo}.
     *
     * @throws IllegalStateException if none is set
     * @return the tag
     */
    public OutputTag<T> invalidRecordsTag() {
        if (invalidRecords == null) {
            throw new IllegalStateException(
                    String.format(
                            "FraudPattern '%s': invalid records are dropped (and counted in"
                                    + " numInvalidRecords); configure invalidRecordsTo(tag) to"
                                    + " read them",
                            definition.id()));
        }
        return invalidRecords;
    }

    /**
     * The type of the alerts {@link #apply} emits: pass it to operators downstream that need it
     * (for example core-state's {@code AlertSuppression}) so alerts never fall back to Kryo.
     *
     * @return type information of {@code FraudAlert<T>}
     */
    public FraudAlertTypeInfo<T> alertType() {
        return FraudAlertTypeInfo.of(definition.eventType());
    }

    /**
     * The pattern's flink-cep definition (a fresh instance per call), for users composing their own
     * {@code CEP.pattern(...)} job; {@link #apply} runs it on {@link Engine#FLINK_CEP}.
     *
     * @return a new flink-cep pattern
     */
    public Pattern<T, T> cepPattern() {
        return definition.cepPattern();
    }

    // ---------------------------------------------------------------- wiring

    /**
     * Runs the pattern on {@code events}: a filter keeping the events the pattern looks at (and
     * invalid records, to count and route them), keyBy {@link EventAdapter#key}, and the keyed
     * operator of the {@link #engine() engine}, named {@link #name()} with uid {@link #uid()} (the
     * filter: {@code uid() + "-input"}, at the input's parallelism so that it chains and keeps the
     * arrival order). The returned stream carries the side outputs {@link #lateRecordsTag()} and
     * {@link #invalidRecordsTag()} when set.
     *
     * @throws IllegalArgumentException if the job already has an operator with one of these uids
     *     (the same pattern applied twice: give one its own {@link #uid(String)})
     * @param events the user's events, with timestamps and watermarks (see {@link
     *     FraudPatterns#watermarks})
     * @return the alerts, with the configured side outputs
     */
    public SingleOutputStreamOperator<FraudAlert<T>> apply(DataStream<T> events) {
        Objects.requireNonNull(events, "events");
        String uid = uid();
        OneInputStreamOperator<T, FraudAlert<T>> operator =
                engine() == Engine.FAST_PATH
                        ? definition.fastPathOperator(
                                lateRecords, invalidRecords, FastPathOperator.MAX_BUFFERED)
                        : definition.cepOperator(
                                events.getExecutionConfig(), lateRecords, invalidRecords);
        return keyed(events, uid).transform(name(), alertType(), operator).uid(uid);
    }

    private KeyedStream<T, String> keyed(DataStream<T> events, String uid) {
        String inputUid = uid + "-input";
        for (Transformation<?> t : events.getExecutionEnvironment().getTransformations()) {
            checkArgument(
                    !uid.equals(t.getUid()) && !inputUid.equals(t.getUid()),
                    "FraudPattern '%s': operator uid '%s' is already used in this job; give each"
                            + " instance of a pattern its own patternId in its config, or its own"
                            + " uid(...)",
                    definition.id(),
                    t.getUid());
        }
        // same parallelism as the input: the filter chains to it instead of rebalancing, which
        // would reorder events (and flink-cep orders events with equal timestamps by arrival)
        return events.filter(definition.inputFilter())
                .setParallelism(events.getParallelism())
                .name(name() + " input")
                .uid(inputUid)
                .keyBy(definition.keySelector(), Types.STRING);
    }

    /** The pattern id, engine and uid, for logs. */
    @Override
    public String toString() {
        return "FraudPattern{" + definition.id() + ", " + engine() + ", uid=" + uid() + '}';
    }

    /** Gives {@link FraudPatternInternals} (tests, benchmarks) the non-public parts. */
    private static final class InternalsAccess implements FraudPatternInternals.Access {
        @Override
        public <E> PatternDefinition<E> definition(FraudPattern<E> pattern) {
            return pattern.definition;
        }

        @Override
        @Nullable
        public <E> OutputTag<E> lateRecords(FraudPattern<E> pattern) {
            return pattern.lateRecords;
        }

        @Override
        @Nullable
        public <E> OutputTag<E> invalidRecords(FraudPattern<E> pattern) {
            return pattern.invalidRecords;
        }
    }
}
