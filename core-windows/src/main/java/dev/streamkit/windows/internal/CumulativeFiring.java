package dev.streamkit.windows.internal;

import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Cumulative windows: within a period (the largest window), each window is the previous one plus
 * the slices since; the period's running aggregate is kept in state ({@code running-aggregate}).
 */
final class CumulativeFiring<A> extends WindowFiring<A> {
    CumulativeFiring(SliceAssigner slices, SliceStore<A> store) {
        super(slices, store);
    }

    @Override
    Tuple2<Long, A> fire(SliceBookkeeping b, long e) throws Exception {
        long first = slices.firstSlice(e);
        Tuple2<Long, A> running;
        if (b.dirty || b.lastFired < first) {
            running = store.combineRange(first, e);
            store.setRunning(running);
        } else {
            running = store.running();
            Tuple2<Long, A> added = store.combineRange(b.lastFired + 1, e);
            if (added != null) {
                // a window without new slices repeats the last one: nothing to write
                running = running == null ? added : store.mergeInto(running, added);
                store.setRunning(running);
            }
        }
        return running;
    }

    @Override
    boolean sweepPays(long first, long last) {
        return last > first;
    }

    /** A running accumulator per period; leaves the one of window {@code last}'s period. */
    @Override
    void emitSwept(SweptSlices<A> s, long first, long last, Emitter<A> out) {
        int t = 0;
        long period = Long.MIN_VALUE;
        Tuple2<Long, A> run = null;
        long e = first;
        while (e <= last) {
            long start = slices.firstSlice(e);
            if (start != period) {
                // periods only move forward: slices before the new period are behind t or skipped
                period = start;
                run = null;
                while (t < s.n && s.idx[t] < start) {
                    t++;
                }
            }
            while (t < s.n && s.idx[t] <= e) {
                run = run == null ? store.copy(s.vals[t]) : store.mergeInto(run, s.vals[t]);
                t++;
            }
            if (run != null) {
                out.emit(e, run, false);
                e++;
            } else if (t == s.n) {
                break;
            } else {
                e = Math.max(e + 1, s.idx[t]);
            }
        }
        // the running accumulator of the period of window `last`, for the incremental path
        s.running = period == slices.firstSlice(last) ? run : null;
    }

    @Override
    void writeBack(SliceBookkeeping b, SweptSlices<A> s, int keep, long last) throws Exception {
        store.setRunning(s.running);
    }
}
