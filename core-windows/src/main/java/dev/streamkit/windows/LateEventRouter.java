package dev.streamkit.windows;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * Splits a stream into on-time and late events for pipelines without windows (in front of a sink, a
 * join, a lookup): an event is late when {@code timestamp <= watermark - allowedLateness}. On-time
 * events pass through unchanged; late ones go to {@link #lateOutputTag()} as {@link LateEvent}
 * (with how late they were) and are counted in the {@code lateEvents} metric.
 *
 * <pre>{@code
 * LateEventRouter<Txn> router = LateEventRouter.builder(txnType)
 *     .allowedLateness(Duration.ofSeconds(30))
 *     .build();
 * SingleOutputStreamOperator<Txn> onTime = txns.process(router).uid("late-router");
 * DataStream<LateEvent<Txn>> late = onTime.getSideOutput(router.lateOutputTag());
 * }</pre>
 *
 * <p>Defaults: allowed lateness zero, side output id {@code "late-events"}. Before the first
 * watermark nothing is late. Stateless: no keyed state, works on keyed and non-keyed streams.
 *
 * <p>An event without a timestamp, or with {@code Long.MIN_VALUE} (a source without a watermark
 * strategy), fails the job with a message naming the router: without event time nothing can be
 * judged late. At a {@code Long.MAX_VALUE} watermark (end of input) every event is late.
 */
@PublicEvolving
public final class LateEventRouter<T> extends ProcessFunction<T, T> {
    private static final long serialVersionUID = 1L;

    /** Counter (operator metric group) of every late event routed to the side output. */
    public static final String LATE_METRIC = "numLateRecords";

    private final long lateness;
    private final OutputTag<LateEvent<T>> tag;
    private transient Counter lateEvents;

    private LateEventRouter(long lateness, OutputTag<LateEvent<T>> tag) {
        this.lateness = lateness;
        this.tag = tag;
    }

    public static <T> Builder<T> builder(TypeInformation<T> eventType) {
        return new Builder<>(eventType);
    }

    /** The side output carrying late events. */
    public OutputTag<LateEvent<T>> lateOutputTag() {
        return tag;
    }

    @Override
    public void open(OpenContext openContext) {
        lateEvents = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        Long ts = ctx.timestamp();
        if (ts == null || ts == Long.MIN_VALUE) {
            throw RecordTime.missing("Streamkit LateEventRouter", null);
        }
        long wm = ctx.timerService().currentWatermark();
        if (isLate(ts, wm, lateness)) {
            lateEvents.inc();
            ctx.output(tag, new LateEvent<>(value, ts, wm, Long.MIN_VALUE, Long.MIN_VALUE));
        } else {
            out.collect(value);
        }
    }

    /** {@code timestamp <= watermark - lateness}, without overflow. */
    static boolean isLate(long timestamp, long watermark, long lateness) {
        // saturates at Long.MIN_VALUE while the watermark is still near it: nothing is late then
        long bound = lateness == 0 ? watermark : TimeMath.subtract(watermark, lateness);
        return bound != Long.MIN_VALUE && timestamp <= bound;
    }

    /** Builder; {@link #build()} validates. */
    @PublicEvolving
    public static final class Builder<T> {
        private final TypeInformation<T> eventType;
        private Duration lateness = Duration.ZERO;
        private String tagId = "late-events";

        private Builder(TypeInformation<T> eventType) {
            this.eventType = eventType;
        }

        /** How far behind the watermark an event may be and still count as on time. */
        public Builder<T> allowedLateness(Duration lateness) {
            this.lateness = lateness;
            return this;
        }

        /** The id of the late side output (default {@code "late-events"}). */
        public Builder<T> sideOutput(String tagId) {
            this.tagId = tagId;
            return this;
        }

        public LateEventRouter<T> build() {
            Preconditions.checkArgument(eventType != null, "eventType must not be null");
            Preconditions.checkArgument(lateness != null, "allowedLateness must not be null");
            Preconditions.checkArgument(
                    !lateness.isNegative(), "allowedLateness must be >= 0, got %s", lateness);
            Preconditions.checkArgument(
                    tagId != null && !tagId.isEmpty(), "tagId must be a non-empty string");
            return new LateEventRouter<>(
                    lateness.toMillis(), new OutputTag<>(tagId, LateEvent.typeInfo(eventType)));
        }
    }
}
