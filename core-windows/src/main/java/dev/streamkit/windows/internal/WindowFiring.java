package dev.streamkit.windows.internal;

import org.apache.flink.api.java.tuple.Tuple2;

/**
 * How one window kind combines a key's slices into windows, in two modes: incrementally from state
 * ({@link #fire}, one window at a time, keeping the combined aggregates in state up to date), and
 * in a sweep over all of the key's slices in memory ({@link #emitSwept}, many windows at once),
 * after which {@link #writeBack} leaves the state the incremental path continues from.
 *
 * @param <A> the accumulator type
 */
abstract class WindowFiring<A> {
    /** Receives fired windows (by end slice index). */
    interface Emitter<A> {
        void emit(long windowEnd, Tuple2<Long, A> window, boolean correction);
    }

    final SliceAssigner slices;
    final SliceStore<A> store;

    WindowFiring(SliceAssigner slices, SliceStore<A> store) {
        this.slices = slices;
        this.store = store;
    }

    /** The strategy of {@code slices}' window kind. */
    static <A> WindowFiring<A> of(SliceAssigner slices, SliceStore<A> store) {
        switch (slices.kind()) {
            case TUMBLING:
                return new TumblingFiring<>(slices, store);
            case CUMULATIVE:
                return new CumulativeFiring<>(slices, store);
            case SLIDING:
                return new SlidingFiring<>(slices, store);
            default:
                throw new IllegalArgumentException("not a slicing window kind: " + slices.kind());
        }
    }

    /**
     * The window ending at slice {@code e} of the current key, from state (null or a zero count
     * when it has no event); updates the combined aggregates in state and {@code b}'s stack bounds
     * for the next window. The caller then records {@code e} as fired. The result may be an object
     * held in state: read it, never modify it.
     */
    abstract Tuple2<Long, A> fire(SliceBookkeeping b, long e) throws Exception;

    /**
     * Whether firing windows {@code first..last} in a sweep is cheaper than incrementally for a key
     * that does not expire (the incremental path would rebuild its combined aggregates anyway).
     */
    abstract boolean sweepPays(long first, long last);

    /**
     * Emits windows {@code first..last} from the slices in {@code s}. Slice objects are never
     * modified (on the heap backend they are the state's own objects).
     */
    abstract void emitSwept(SweptSlices<A> s, long first, long last, Emitter<A> out);

    /**
     * After a sweep up to window {@code last} in which slices {@code s[keep..n)} survive: writes
     * the combined aggregates the incremental path continues from, and their bounds into {@code b}.
     */
    abstract void writeBack(SliceBookkeeping b, SweptSlices<A> s, int keep, long last)
            throws Exception;
}
