package dev.streamkit.windows.internal;

import org.apache.flink.api.java.tuple.Tuple2;

/** Tumbling windows: a window is its one slice; nothing is combined, nothing is written back. */
final class TumblingFiring<A> extends WindowFiring<A> {
    TumblingFiring(SliceAssigner slices, SliceStore<A> store) {
        super(slices, store);
    }

    @Override
    Tuple2<Long, A> fire(SliceBookkeeping b, long e) throws Exception {
        return store.slice(e);
    }

    @Override
    boolean sweepPays(long first, long last) {
        return last > first;
    }

    @Override
    void emitSwept(SweptSlices<A> s, long first, long last, Emitter<A> out) {
        for (int t = 0; t < s.n; t++) {
            if (s.idx[t] >= first && s.idx[t] <= last) {
                out.emit(s.idx[t], s.vals[t], false);
            }
        }
    }

    @Override
    void writeBack(SliceBookkeeping b, SweptSlices<A> s, int keep, long last) {
        // a tumbling window combines nothing
    }
}
