package dev.streamkit.windows.internal;

import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Sliding windows through two stacks: the front holds suffix aggregates of the older slices of the
 * window ({@code suffix-aggregates}, indices {@code [frontStart, backStart)}), the back the running
 * aggregate of the newer ones ({@code running-aggregate}, {@code [backStart, lastFired]}):
 * amortised O(1) merges per window for any mergeable aggregate.
 *
 * <p>The front is sparse: a suffix aggregate is kept only at an index holding a slice, and {@code
 * frontStart} is always such an index (or {@code backStart}): once the window start passes it, it
 * moves to the next one. A key with a dozen slices in a 60-slice window keeps a dozen entries, not
 * sixty, and its windows between two slices change no state. Fronts written densely (every index,
 * by versions before this) read the same: their entries are removed as the window start passes
 * them.
 *
 * <p>When the front is empty ({@code frontStart == backStart}) no slice lies between the window's
 * start and {@code backStart}: a new key's slices are all after its last fired window, a late slice
 * marks the key dirty (rebuild), and an exhausted front only empties when the window start reaches
 * {@code backStart} or the last kept index. When both stacks are empty, the back starts at the
 * first slice merged into it, so the stacks are rebuilt only when the window start passes a slice
 * the back holds. A key whose windows are covered by the back alone (sparse keys: one slice in many
 * windows) thus fires without touching {@code suffix-aggregates}, which on RocksDB cost a delete
 * and a read of absent entries per window.
 *
 * <p>The stacks are a {@link SlidingStacks}: in keyed state, or on the heap behind the bookkeeping
 * cache ({@link HeapStacks}); then a rebuild reads the key's slices in one iteration rather than
 * one point read per slice of the window.
 */
final class SlidingFiring<A> extends WindowFiring<A> {
    private final SweptSlices<A> scratch = new SweptSlices<>();

    SlidingFiring(SliceAssigner slices, SliceStore<A> store) {
        super(slices, store);
    }

    @Override
    Tuple2<Long, A> fire(SliceBookkeeping b, long e) throws Exception {
        long k = slices.slicesPerWindow();
        SlidingStacks<A> st = store.stacks(b);
        Tuple2<Long, A> back;
        Tuple2<Long, A> front = null;
        long frontRead = Long.MIN_VALUE; // the index front was read at, if any
        if (b.dirty || e - b.lastFired > k) {
            rebuildFront(st, b, e);
            back = null;
        } else {
            back = st.running();
            boolean backChanged = false;
            // only indices that can hold a slice: after the data ends, windows only evict
            HeapStacks<A> heap = st instanceof HeapStacks ? (HeapStacks<A>) st : null;
            for (long i = Math.max(b.lastFired + 1, b.minSlice);
                    i <= Math.min(e, b.maxSlice);
                    i++) {
                // the slices the heap stacks know were written since: no state read
                Tuple2<Long, A> r =
                        heap != null && i > heap.knownAbove()
                                ? heap.slice(i)
                                : b.mayHaveSlice(i) ? store.slice(i) : null;
                if (r != null) {
                    if (back != null) {
                        store.mergeInto(back, r);
                    } else {
                        back = store.copy(r);
                        if (!b.hasFront()) {
                            // both stacks empty: the back starts at its first slice
                            b.frontStart = i;
                            b.backStart = i;
                        }
                    }
                    backChanged = true;
                }
            }
            long newFront = e - k + 1;
            if (b.hasFront() && newFront > b.frontStart) {
                // suffix aggregates exist only in [frontStart, backStart): drop those that left
                long end = Math.min(newFront, b.backStart);
                for (long i = b.frontStart; i < end; i++) {
                    st.removeSuffix(i);
                }
                // the front's new start: the next index holding a suffix aggregate
                long i = end;
                while (i < b.backStart && (front = st.suffix(i)) == null) {
                    i++;
                }
                b.frontStart = i;
                frontRead = i;
            }
            // An empty front stays empty (frontStart == backStart) while the window start is
            // behind the back: no slice lies in [window start, backStart) then (see the class
            // comment), so no suffix aggregate is read, written or removed for it.
            if (newFront > b.backStart) {
                if (back == null) {
                    // both stacks empty: nothing to evict
                    b.frontStart = newFront;
                    b.backStart = newFront;
                } else {
                    rebuildFront(st, b, e);
                    back = null;
                    backChanged = false;
                }
            }
            if (backChanged) {
                st.setRunning(back);
            }
            if (heap != null) {
                heap.forgetSlicesUpTo(e);
            }
        }
        if (frontRead != b.frontStart || !b.hasFront()) {
            // not read above, or the stacks were rebuilt or emptied since
            front = b.hasFront() ? st.suffix(b.frontStart) : null;
        }
        if (front == null || back == null) {
            // one stack covers the window: its own object, read-only for the caller
            return front == null ? back : front;
        }
        return store.mergeInto(store.copy(front), back);
    }

    /** Recomputes the front stack as suffix aggregates of the window's slices; empties the back. */
    private void rebuildFront(SlidingStacks<A> st, SliceBookkeeping b, long e) throws Exception {
        for (long i = b.frontStart; i < b.backStart && i <= e; i++) {
            st.removeSuffix(i);
        }
        long first = e - slices.slicesPerWindow() + 1;
        Tuple2<Long, A> run = null;
        long lowest = e + 1; // the smallest kept index (e + 1: none, the front is empty)
        if (store.stacksOnHeap()) {
            // one iteration of the key's slices instead of a point read per slice of the window
            store.loadSlices(scratch);
            int t = scratch.n - 1;
            while (t >= 0 && scratch.idx[t] > e) {
                t--;
            }
            for (; t >= 0 && scratch.idx[t] >= first; t--) {
                Tuple2<Long, A> r = scratch.vals[t];
                run = run == null ? store.copy(r) : store.mergeInto(store.copy(run), r);
                lowest = scratch.idx[t];
                st.putSuffix(lowest, run);
            }
            scratch.clear();
        } else {
            for (long i = e; i >= first; i--) {
                Tuple2<Long, A> r = b.mayHaveSlice(i) ? store.slice(i) : null;
                if (r != null) {
                    run = run == null ? store.copy(r) : store.mergeInto(store.copy(run), r);
                    lowest = i;
                    st.putSuffix(i, run);
                }
            }
        }
        b.frontStart = lowest;
        b.backStart = e + 1;
        st.setRunning(null);
        if (st instanceof HeapStacks) {
            ((HeapStacks<A>) st).forgetSlicesUpTo(e);
        }
    }

    @Override
    boolean sweepPays(long first, long last) {
        return last - first + slices.slicesPerStep() >= slices.slicesPerWindow();
    }

    /**
     * Two stacks in memory: positions {@code [lo, fe)} hold suffix aggregates (front), {@code back}
     * aggregates positions {@code [fe, hi)}.
     */
    @Override
    void emitSwept(SweptSlices<A> s, long first, long last, Emitter<A> out) {
        long k = slices.slicesPerWindow();
        long p = slices.slicesPerStep();
        int lo = 0;
        int hi = 0;
        int fe = 0;
        Tuple2<Long, A> back = null;
        long e = first;
        while (e <= last) {
            while (hi < s.n && s.idx[hi] <= e) {
                back = back == null ? store.copy(s.vals[hi]) : store.mergeInto(back, s.vals[hi]);
                hi++;
            }
            long start = e - k + 1;
            while (lo < hi && s.idx[lo] < start) {
                lo++;
            }
            if (lo == hi) {
                // no slice in this window: skip to the first window of the next slice
                back = null;
                fe = hi;
                if (hi == s.n) {
                    break;
                }
                e = Math.max(e + p, slices.firstWindowEnd(s.idx[hi]));
                continue;
            }
            if (lo >= fe) {
                Tuple2<Long, A> run = null;
                for (int t = hi - 1; t >= lo; t--) {
                    run = run == null ? s.vals[t] : store.mergeInto(store.copy(run), s.vals[t]);
                    s.suffix[t] = run;
                }
                fe = hi;
                back = null;
            }
            // after a rebuild fe == hi > lo: the front is never empty here
            Tuple2<Long, A> window =
                    back == null ? s.suffix[lo] : store.mergeInto(store.copy(s.suffix[lo]), back);
            out.emit(e, window, false);
            e += p;
        }
    }

    /**
     * The front stack holds the suffix aggregates of the surviving slices of window {@code last}
     * from the next window's start, the back is empty.
     */
    @Override
    void writeBack(SliceBookkeeping b, SweptSlices<A> s, int keep, long last) throws Exception {
        SlidingStacks<A> st = store.stacks(b);
        if (b.hasFront()) {
            st.clearSuffixes();
        }
        st.setRunning(null);
        long a = last + slices.slicesPerStep() - slices.slicesPerWindow() + 1;
        Tuple2<Long, A> run = null;
        long lowest = last + 1; // the smallest kept index (last + 1: none, the front is empty)
        int t = s.n - 1;
        while (t >= keep && s.idx[t] > last) {
            t--;
        }
        for (; t >= keep && s.idx[t] >= a; t--) {
            run = run == null ? store.copy(s.vals[t]) : store.mergeInto(store.copy(run), s.vals[t]);
            lowest = s.idx[t];
            st.putSuffix(lowest, run);
        }
        b.frontStart = lowest;
        b.backStart = last + 1;
        if (st instanceof HeapStacks) {
            ((HeapStacks<A>) st).forgetSlicesUpTo(last);
        }
        // the stacks are exact now (even if they were just created empty for a dirty key)
        b.dirty = false;
    }
}
