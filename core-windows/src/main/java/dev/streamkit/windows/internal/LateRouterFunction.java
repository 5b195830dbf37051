package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LateEventRouter;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** The function behind {@link LateEventRouter}: on-time records pass, late ones go to the tag. */
@Internal
public final class LateRouterFunction<T> extends ProcessFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final long lateness;
    private final OutputTag<LateEvent<T>> tag;
    private final String name;
    private transient Counter lateEvents;

    /**
     * The function.
     *
     * @param lateness allowed lateness in milliseconds
     * @param tag the side output of late records
     * @param name the operator name, for error messages
     */
    public LateRouterFunction(long lateness, OutputTag<LateEvent<T>> tag, String name) {
        this.lateness = lateness;
        this.tag = tag;
        this.name = name;
    }

    @Override
    public void open(OpenContext openContext) {
        lateEvents = getRuntimeContext().getMetricGroup().counter(LateEventRouter.LATE_METRIC);
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        Long ts = ctx.timestamp();
        if (ts == null || ts == Long.MIN_VALUE) {
            throw RecordTime.missing(name, null);
        }
        long wm = ctx.timerService().currentWatermark();
        if (isLate(ts, wm, lateness)) {
            lateEvents.inc();
            ctx.output(tag, new LateEvent<>(value, ts, wm, Long.MIN_VALUE, Long.MIN_VALUE));
        } else {
            out.collect(value);
        }
    }

    /**
     * {@code timestamp <= watermark - lateness}, without overflow.
     *
     * @param timestamp the timestamp
     * @param watermark the watermark
     * @param lateness the lateness
     * @return the result
     */
    public static boolean isLate(long timestamp, long watermark, long lateness) {
        // saturates at Long.MIN_VALUE while the watermark is still near it: nothing is late then
        long bound = lateness == 0 ? watermark : TimeMath.subtract(watermark, lateness);
        return bound != Long.MIN_VALUE && timestamp <= bound;
    }
}
