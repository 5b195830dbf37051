package dev.streamkit.windows;

import dev.streamkit.windows.internal.DefaultUids;
import dev.streamkit.windows.internal.LateRouterFunction;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * Splits a stream into on-time and late records for pipelines without windows (in front of a sink,
 * a join, a lookup): a record is late when {@code timestamp <= watermark - allowedLateness}.
 * On-time records pass through unchanged; late ones go to {@link #lateRecordsTag()} as {@link
 * LateEvent} (with how late they were) and are counted in the {@value #LATE_METRIC} metric.
 *
 * <pre>{@code
 * LateEventRouter<Txn> router = LateEventRouter.builder(txnType)
 *     .allowedLateness(Duration.ofSeconds(30))
 *     .build();
 * SingleOutputStreamOperator<Txn> onTime = router.apply(txns);
 * DataStream<LateEvent<Txn>> late = onTime.getSideOutput(router.lateRecordsTag());
 * }</pre>
 *
 * <p>Defaults: allowed lateness zero, side output id {@code "late-events"}, name {@code Streamkit
 * late-event router}, uid {@code streamkit-late-router-<8 hex digits of the configuration>}. Before
 * the first watermark nothing is late. Stateless: no keyed state, works on keyed and non-keyed
 * streams (it does not key).
 *
 * <p>A record without a timestamp, or with {@code Long.MIN_VALUE} (a source without a watermark
 * strategy), fails the job with a message naming the router: without event time nothing can be
 * judged late. At a {@code Long.MAX_VALUE} watermark (end of input) every record is late.
 *
 * @param <T> the element type
 * @serial exclude
 */
@PublicEvolving
public final class LateEventRouter<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Counter (operator metric group) of every late record routed to the side output. */
    public static final String LATE_METRIC = "numLateRecords";

    private final long lateness;
    private final OutputTag<LateEvent<T>> tag;
    private final String name;
    private final String uid;
    private final boolean defaultUid;

    private LateEventRouter(
            long lateness,
            OutputTag<LateEvent<T>> tag,
            String name,
            String uid,
            boolean defaultUid) {
        this.lateness = lateness;
        this.tag = tag;
        this.name = name;
        this.uid = uid;
        this.defaultUid = defaultUid;
    }

    /**
     * A builder with every default set.
     *
     * @param eventType the element type (for the default side output's type)
     * @param <T> the element type
     * @return the builder
     */
    public static <T> Builder<T> builder(TypeInformation<T> eventType) {
        Preconditions.checkArgument(eventType != null, "eventType must not be null");
        return new Builder<>(eventType, Duration.ZERO, null, null, null);
    }

    /**
     * Adds the router after {@code stream}, with its name and uid set.
     *
     * @param stream the input
     * @return the on-time records; late ones are its side output {@link #lateRecordsTag()}
     * @throws IllegalStateException if the job already has an operator with this uid (two routers
     *     with the same configuration: give one its own {@code name(...)} or {@code uid(...)})
     */
    public SingleOutputStreamOperator<T> apply(DataStream<T> stream) {
        Preconditions.checkArgument(stream != null, "stream must not be null");
        DefaultUids.checkUnused(stream.getExecutionEnvironment(), uid, defaultUid, "late routers");
        return stream.process(function(), stream.getType()).name(name).uid(uid);
    }

    /**
     * The function itself, for custom wiring ({@code stream.process(router.function())}); prefer
     * {@link #apply(DataStream)}, which also sets the name and uid.
     *
     * @return a new function instance
     */
    public org.apache.flink.streaming.api.functions.ProcessFunction<T, T> function() {
        return new LateRouterFunction<>(lateness, tag, name);
    }

    /**
     * The side output carrying late records (always configured for the router).
     *
     * @return the tag
     */
    public OutputTag<LateEvent<T>> lateRecordsTag() {
        return tag;
    }

    /**
     * The operator name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The operator uid.
     *
     * @return the uid
     */
    public String uid() {
        return uid;
    }

    /**
     * Builder of {@link LateEventRouter}; immutable: every setter returns a new builder. {@link
     * #build()} validates.
     *
     * @param <T> the element type
     */
    @PublicEvolving
    public static final class Builder<T> {
        private final TypeInformation<T> eventType;
        private final Duration lateness;
        private final OutputTag<LateEvent<T>> tag;
        private final String name;
        private final String uid;

        private Builder(
                TypeInformation<T> eventType,
                Duration lateness,
                OutputTag<LateEvent<T>> tag,
                String name,
                String uid) {
            this.eventType = eventType;
            this.lateness = lateness;
            this.tag = tag;
            this.name = name;
            this.uid = uid;
        }

        /**
         * How far behind the watermark a record may be and still count as on time (default zero).
         *
         * @param lateness the allowed lateness (>= 0)
         * @return a new builder
         */
        public Builder<T> allowedLateness(Duration lateness) {
            return new Builder<>(eventType, lateness, tag, name, uid);
        }

        /**
         * The side output of late records (default: id {@code "late-events"}).
         *
         * @param tag the side output
         * @return a new builder
         */
        public Builder<T> lateRecordsTo(OutputTag<LateEvent<T>> tag) {
            Preconditions.checkArgument(tag != null, "lateRecordsTo: tag must not be null");
            return new Builder<>(eventType, lateness, tag, name, uid);
        }

        /**
         * The operator name (default {@code Streamkit late-event router}).
         *
         * @param name a non-empty name
         * @return a new builder
         */
        public Builder<T> name(String name) {
            Preconditions.checkArgument(
                    name != null && !name.isEmpty(), "name must be a non-empty string");
            return new Builder<>(eventType, lateness, tag, name, uid);
        }

        /**
         * The operator uid (default {@code streamkit-late-router-<8 hex digits of the SHA-256 of
         * the lateness, side output id and name>}).
         *
         * @param uid a non-empty uid
         * @return a new builder
         */
        public Builder<T> uid(String uid) {
            Preconditions.checkArgument(
                    uid != null && !uid.isEmpty(), "uid must be a non-empty string");
            return new Builder<>(eventType, lateness, tag, name, uid);
        }

        /**
         * Validates and returns the router.
         *
         * @return the router
         * @throws IllegalArgumentException naming the parameter
         */
        public LateEventRouter<T> build() {
            Preconditions.checkArgument(lateness != null, "allowedLateness must not be null");
            Preconditions.checkArgument(
                    !lateness.isNegative(), "allowedLateness must be >= 0, got %s", lateness);
            OutputTag<LateEvent<T>> t =
                    tag != null
                            ? tag
                            : new OutputTag<>("late-events", LateEvent.typeInfo(eventType));
            String n = name != null ? name : "Streamkit late-event router";
            String u =
                    uid != null
                            ? uid
                            : DefaultUids.uid(
                                    "late-router",
                                    "lateness=" + lateness + ";tag=" + t.getId() + ";name=" + n);
            return new LateEventRouter<>(lateness.toMillis(), t, n, u, uid == null);
        }
    }
}
