package dev.streamkit.windows.internal;

import java.util.Arrays;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Fires many windows of one key at once from its slices in memory (a "sweep"), instead of one at a
 * time through the combined aggregates in state: when a watermark jumps over several windows, when
 * the key expires, and at a flush for keys whose buffered slices all expire at the watermark (then
 * nothing of the key is written to state at all).
 *
 * @param <A> the accumulator type
 */
final class KeySweeper<A> {
    private final SliceAssigner slices;
    private final SliceStore<A> store;
    private final WindowFiring<A> firing;
    private final SliceTimerScheduler scheduler;
    private final WindowFiring.Emitter<A> out;
    private final SweptSlices<A> swept = new SweptSlices<>();

    KeySweeper(
            SliceAssigner slices,
            SliceStore<A> store,
            WindowFiring<A> firing,
            SliceTimerScheduler scheduler,
            WindowFiring.Emitter<A> out) {
        this.slices = slices;
        this.store = store;
        this.firing = firing;
        this.scheduler = scheduler;
        this.out = out;
    }

    /**
     * The key expires at {@code watermark} (typically the end of the input): fires its remaining
     * windows from its slices in state merged with its buffered ones in memory, then removes its
     * slices from state (the caller removes the rest of its state and its timer), without writing
     * the buffer to state first.
     */
    void fireWithBuffer(SliceBookkeeping b, BufferedSlices<A> buffered, long watermark)
            throws Exception {
        store.loadSlices(swept);
        long[] loaded = Arrays.copyOf(swept.idx, swept.n);
        for (int i = 0; i < buffered.size(); i++) {
            long j = buffered.slice(i);
            Tuple2<Long, A> acc = Tuple2.of(buffered.count(i), buffered.acc(i));
            int pos = swept.find(j);
            if (pos >= 0) {
                // the state's copy is about to be removed: merge into it (state first, as flush)
                swept.vals[pos] = store.mergeInto(swept.vals[pos], acc);
            } else {
                swept.insertAt(-pos - 1, j, acc);
            }
        }
        long first =
                Math.max(b.lastFired + slices.slicesPerStep(), slices.firstWindowEnd(swept.idx[0]));
        long last =
                Math.min(
                        slices.lastWindowEndAtOrBefore(watermark),
                        slices.lastWindowEnd(swept.idx[swept.n - 1]));
        if (first <= last) {
            firing.emitSwept(swept, first, last, out);
        }
        for (long j : loaded) {
            store.removeSlice(b, j);
        }
        swept.clear();
    }

    /**
     * Emits the windows of a key without state from its buffered slices if all of them expire at
     * {@code watermark}; returns false (and does nothing) otherwise.
     */
    boolean fireFromBuffer(BufferedSlices<A> buffered, long watermark) {
        int n = buffered.size();
        for (int i = 0; i < n; i++) {
            if (scheduler.sliceCleanupTime(buffered.slice(i)) > watermark) {
                return false;
            }
        }
        swept.clear();
        for (int i = 0; i < n; i++) {
            long j = buffered.slice(i);
            swept.insertAt(-swept.find(j) - 1, j, Tuple2.of(buffered.count(i), buffered.acc(i)));
        }
        // the key has no state: no window of it fired before, all of its windows fire now
        long first = slices.firstWindowEnd(swept.idx[0]);
        long last = slices.lastWindowEnd(swept.idx[swept.n - 1]);
        firing.emitSwept(swept, first, last, out);
        swept.clear();
        return true;
    }

    /**
     * Fires windows {@code first..last} (by end index) from one read of the key's slices, in
     * memory; then removes the slices that expire at {@code time} and writes back the combined
     * aggregates the incremental path continues from. Returns whether no slice is left.
     */
    boolean sweep(SliceBookkeeping b, long first, long last, long time) throws Exception {
        store.loadSlices(swept);
        firing.emitSwept(swept, first, last, out);
        b.lastFired = last;
        b.dirty = false;
        int n = swept.n;
        int keep = 0;
        while (keep < n && scheduler.sliceCleanupTime(swept.idx[keep]) <= time) {
            keep++;
        }
        for (int t = 0; t < keep; t++) {
            store.removeSlice(b, swept.idx[t]);
        }
        boolean empty = keep == n;
        if (empty) {
            b.noSlices();
        } else {
            b.minSlice = swept.idx[keep];
            firing.writeBack(b, swept, keep, last);
        }
        swept.clear();
        return empty;
    }
}
