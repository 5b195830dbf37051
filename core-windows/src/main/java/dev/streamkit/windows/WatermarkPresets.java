package dev.streamkit.windows;

import dev.streamkit.windows.internal.IdleFlushWatermarkGenerator;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.Preconditions;
import org.apache.flink.util.clock.SystemClock;

/**
 * Watermark strategies for Kinesis-style sources (many shards, some of them quiet).
 *
 * <ul>
 *   <li>{@link #kinesis(Duration, Duration)}: bounded out-of-orderness, and shards silent for
 *       {@code idleness} are marked idle so they do not hold the watermark back.
 *   <li>{@link #kinesisWithIdleFlush(Duration, Duration, Duration)}: the same, and once a shard has
 *       been silent for {@code flushAfter} its watermark follows the wall clock ({@code
 *       maxTimestamp - maxOutOfOrderness - 1 + silence}), so when every shard goes quiet the last
 *       windows and sessions still close, about one window length after the traffic stopped. Events
 *       that arrive later with timestamps older than that watermark are late (and handled by the
 *       {@link LatePolicy}).
 * </ul>
 *
 * <p>Idleness only helps when some shards are active: when all are idle the watermark stops, which
 * is why the idle flush exists.
 *
 * <p><b>Choosing {@code idleness}.</b> Make it longer than the longest normal gap between two
 * records of one shard, poll interval included. A live but slow shard that is marked idle no longer
 * holds the watermark back, so its next records can arrive behind the watermark and become late
 * events (counted and routed by the {@link LatePolicy}, but no longer in their windows). In the
 * examples' local-services test, 2 s split sessions this way on a slow shard; 1 min was correct and
 * stable.
 */
@PublicEvolving
public final class WatermarkPresets {
    private WatermarkPresets() {}

    /**
     * Bounded out-of-orderness and idleness.
     *
     * @param maxOutOfOrderness how far behind the latest timestamp records may arrive
     * @param idleness a shard silent this long is marked idle
     * @param <T> the record type
     * @return the strategy (add a timestamp assigner)
     */
    public static <T> WatermarkStrategy<T> kinesis(Duration maxOutOfOrderness, Duration idleness) {
        check(maxOutOfOrderness, idleness);
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withIdleness(idleness);
    }

    /**
     * {@link #kinesis(Duration, Duration)}, and a shard silent for {@code flushAfter} has its
     * watermark follow the wall clock.
     *
     * @param maxOutOfOrderness how far behind the latest timestamp records may arrive
     * @param idleness a shard silent this long is marked idle
     * @param flushAfter silence after which the watermark follows the clock
     * @param <T> the record type
     * @return the strategy (add a timestamp assigner)
     */
    public static <T> WatermarkStrategy<T> kinesisWithIdleFlush(
            Duration maxOutOfOrderness, Duration idleness, Duration flushAfter) {
        check(maxOutOfOrderness, idleness);
        Preconditions.checkArgument(flushAfter != null, "flushAfter must not be null");
        Preconditions.checkArgument(
                flushAfter.toMillis() > 0, "flushAfter must be >= 1 ms, got %s", flushAfter);
        long ooo = maxOutOfOrderness.toMillis();
        long idle = idleness.toMillis();
        long flush = flushAfter.toMillis();
        return WatermarkStrategy.forGenerator(
                ctx ->
                        new IdleFlushWatermarkGenerator<>(
                                ooo, idle, flush, SystemClock.getInstance()));
    }

    private static void check(Duration maxOutOfOrderness, Duration idleness) {
        Preconditions.checkArgument(
                maxOutOfOrderness != null, "maxOutOfOrderness must not be null");
        Preconditions.checkArgument(
                !maxOutOfOrderness.isNegative(),
                "maxOutOfOrderness must be >= 0, got %s",
                maxOutOfOrderness);
        Preconditions.checkArgument(idleness != null, "idleness must not be null");
        Preconditions.checkArgument(
                idleness.toMillis() > 0, "idleness must be >= 1 ms, got %s", idleness);
    }
}
