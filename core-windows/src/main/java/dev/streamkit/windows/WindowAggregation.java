package dev.streamkit.windows;

import dev.streamkit.windows.internal.DefaultUids;
import dev.streamkit.windows.internal.WindowPlan;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * A validated, immutable window aggregation, ready to apply to the keyed stream of your choice.
 * Built by {@link Windows}:
 *
 * <pre>{@code
 * OutputTag<LateEvent<Txn>> lateTxns =
 *     new OutputTag<>("late-txns", LateEvent.typeInfo(Types.POJO(Txn.class)));
 * WindowAggregation<Txn, Results> perHour =
 *     Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
 *         .aggregate(stats)
 *         .lateRecordsTo(lateTxns)
 *         .build();
 * SingleOutputStreamOperator<WindowResult<String, Results>> out =
 *     perHour.apply(txns.keyBy(t -> t.card));
 * DataStream<LateEvent<Txn>> late = out.getSideOutput(perHour.lateRecordsTag());
 * }</pre>
 *
 * @param <T> the element type
 * @param <R> the result type of the aggregation
 * @serial exclude
 */
@PublicEvolving
public final class WindowAggregation<T, R> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final WindowPlan<T, R> plan;
    private final String name;
    private final String uid;
    private final boolean defaultUid;
    private final LatePolicy<T> latePolicy;
    private final OutputTag<T> invalidTag;

    WindowAggregation(
            WindowPlan<T, R> plan,
            String name,
            String uid,
            boolean defaultUid,
            LatePolicy<T> latePolicy,
            OutputTag<T> invalidTag) {
        this.plan = plan;
        this.name = name;
        this.uid = uid;
        this.defaultUid = defaultUid;
        this.latePolicy = latePolicy;
        this.invalidTag = invalidTag;
    }

    /**
     * Adds the window operator after {@code keyedStream}, with {@link #name()} and {@link #uid()}
     * set. Late and invalid records are read with {@code getSideOutput(tag)} on the result.
     *
     * @param keyedStream the input, keyed as the windows should be
     * @param <K> the key type
     * @return the stream of window results
     * @throws IllegalStateException if the job already has an operator with this uid (two windows
     *     with the same configuration: give one its own {@code name(...)} or {@code uid(...)})
     */
    public <K> SingleOutputStreamOperator<WindowResult<K, R>> apply(KeyedStream<T, K> keyedStream) {
        Objects.requireNonNull(keyedStream, "keyedStream");
        DefaultUids.checkUnused(keyedStream.getExecutionEnvironment(), uid, defaultUid, "windows");
        SingleOutputStreamOperator<WindowResult<K, R>> out = plan.apply(keyedStream);
        return out.uid(uid);
    }

    /**
     * The operator name.
     *
     * @return the name set with {@code name(...)} or the default, e.g. {@code Streamkit sliding
     *     1h/1min window}
     */
    public String name() {
        return name;
    }

    /**
     * The operator uid.
     *
     * @return the uid set with {@code uid(...)} or the default {@code streamkit-window-<hash>}
     */
    public String uid() {
        return uid;
    }

    /**
     * The late policy.
     *
     * @return the policy ({@link LatePolicy#drop()} unless configured)
     */
    public LatePolicy<T> latePolicy() {
        return latePolicy;
    }

    /**
     * The side output of late records.
     *
     * @return the tag
     * @throws IllegalStateException naming the policy when late records are not routed to a side
     *     output (configure {@code lateRecordsTo(tag)})
     */
    public OutputTag<LateEvent<T>> lateRecordsTag() {
        return latePolicy.lateRecordsTag();
    }

    /**
     * The side output of invalid records.
     *
     * @return the tag
     * @throws IllegalStateException when none is configured (configure {@code
     *     invalidRecordsTo(tag)})
     */
    public OutputTag<T> invalidRecordsTag() {
        if (invalidTag == null) {
            throw new IllegalStateException(
                    "invalid records are dropped (counted in "
                            + LatePolicy.INVALID_METRIC
                            + "); configure invalidRecordsTo(tag) to read them");
        }
        return invalidTag;
    }

    /**
     * Describes the spec.
     *
     * @return name, uid and late policy
     */
    @Override
    public String toString() {
        return "WindowAggregation{name=" + name + ", uid=" + uid + ", " + latePolicy + '}';
    }
}
