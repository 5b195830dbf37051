package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.TimeMath;

/**
 * The one event-time timer per key of the slicing operator, and the cleanup times: a key's timer is
 * at its next window end that has data, or at the next cleanup time of its oldest slice, whichever
 * comes first; a window is cleaned up at its fire time plus the allowed lateness. The timers are
 * {@link KeyTimers}: Flink's timer service, or {@link BucketedTimers} on the heap backend.
 */
final class SliceTimerScheduler {
    private final KeyTimers timers;
    private final SliceAssigner slices;
    private final long lateness;

    SliceTimerScheduler(KeyTimers timers, SliceAssigner slices, long lateness) {
        this.timers = timers;
        this.slices = slices;
        this.lateness = lateness;
    }

    long currentWatermark() {
        return timers.currentWatermark();
    }

    /** When the window ending at slice {@code windowEnd} is cleaned up (saturating). */
    long cleanupTime(long windowEnd) {
        return TimeMath.add(slices.fireTime(windowEnd), lateness);
    }

    /** When slice {@code j} can be removed: the cleanup time of its last window. */
    long sliceCleanupTime(long j) {
        return cleanupTime(slices.lastWindowEnd(j));
    }

    /** The time of the key's next timer per {@code b}, or {@link SliceBookkeeping#NO_TIMER}. */
    long nextTimer(SliceBookkeeping b) {
        if (!b.hasSlices()) {
            return SliceBookkeeping.NO_TIMER;
        }
        long e = Math.max(b.lastFired + slices.slicesPerStep(), slices.firstWindowEnd(b.minSlice));
        long next = sliceCleanupTime(b.minSlice);
        if (e <= slices.lastWindowEnd(b.maxSlice)) {
            next = Math.min(next, slices.fireTime(e));
        }
        return next;
    }

    /** (Re-)registers the current key's timer per {@code b}, recording it in {@code b}. */
    void schedule(SliceBookkeeping b) {
        long next = nextTimer(b);
        if (next != b.timer) {
            cancel(b);
            if (next != SliceBookkeeping.NO_TIMER) {
                timers.register(next);
            }
            b.timer = next;
        }
    }

    /** Deletes the current key's timer, if any. */
    void cancel(SliceBookkeeping b) {
        if (b.timer != SliceBookkeeping.NO_TIMER) {
            timers.delete(b.timer);
            b.timer = SliceBookkeeping.NO_TIMER;
        }
    }
}
