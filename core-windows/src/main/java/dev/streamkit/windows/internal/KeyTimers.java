package dev.streamkit.windows.internal;

import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;

/**
 * The event-time timers of the current key, as {@link SliceTimerScheduler} uses them: Flink's timer
 * service ({@link #of}) or, on the heap backend, {@link BucketedTimers}.
 */
interface KeyTimers {
    /** Registers a timer of the current key at {@code time}. */
    void register(long time);

    /** Deletes the current key's timer at {@code time}. */
    void delete(long time);

    /** The event-time watermark the timers have fired up to. */
    long currentWatermark();

    /** Flink's timer service: the timers fire through the operator's {@code onEventTime}. */
    static KeyTimers of(InternalTimerService<VoidNamespace> timers) {
        return new KeyTimers() {
            @Override
            public void register(long time) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
            }

            @Override
            public void delete(long time) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, time);
            }

            @Override
            public long currentWatermark() {
                return timers.currentWatermark();
            }
        };
    }
}
