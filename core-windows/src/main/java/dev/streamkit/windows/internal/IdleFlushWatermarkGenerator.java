package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.TimeMath;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.Clock;

/**
 * Bounded out-of-orderness with idleness and an idle flush: after {@code idleness} of silence the
 * output is marked idle; after {@code flushAfter} of silence the watermark advances with the wall
 * clock ({@code maxTimestamp - outOfOrderness - 1 + silence}) so the last windows close.
 */
@Internal
public final class IdleFlushWatermarkGenerator<T> implements WatermarkGenerator<T> {
    private final long outOfOrderness;
    private final long idleness;
    private final long flushAfter;
    private final Clock clock;

    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventAt;
    private long lastEmitted = Long.MIN_VALUE;
    private boolean idle;

    /**
     * Creates the generator (see {@code WatermarkPresets.kinesisWithIdleFlush}).
     *
     * @param outOfOrderness how far behind the latest timestamp records may arrive
     * @param idleness silence after which a source split is idle
     * @param flushAfter silence after which the watermark follows the clock
     * @param clock the wall clock
     */
    public IdleFlushWatermarkGenerator(
            long outOfOrderness, long idleness, long flushAfter, Clock clock) {
        this.outOfOrderness = outOfOrderness;
        this.idleness = idleness;
        this.flushAfter = flushAfter;
        this.clock = clock;
        this.lastEventAt = clock.relativeTimeMillis();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastEventAt = clock.relativeTimeMillis();
        if (idle) {
            idle = false;
            output.markActive();
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long silence = clock.relativeTimeMillis() - lastEventAt;
        if (maxTimestamp == Long.MIN_VALUE) {
            markIdle(silence, output);
            return;
        }
        // saturating: an event stamped near Long.MIN_VALUE must not wrap the watermark to the end
        // of time (making every later record late), nor a far-future one wrap it to the start
        long watermark = TimeMath.subtract(TimeMath.subtract(maxTimestamp, outOfOrderness), 1);
        if (silence >= flushAfter) {
            watermark = Math.max(watermark, TimeMath.add(watermark, silence));
        } else if (markIdle(silence, output)) {
            return;
        }
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            idle = false;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    private boolean markIdle(long silence, WatermarkOutput output) {
        if (silence >= idleness) {
            if (!idle) {
                idle = true;
                output.markIdle();
            }
            return true;
        }
        return false;
    }
}
