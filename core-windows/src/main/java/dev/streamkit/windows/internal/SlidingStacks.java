package dev.streamkit.windows.internal;

import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The two stacks of one key's sliding windows (see {@link SlidingFiring}): the front's suffix
 * aggregates by slice index and the back's running aggregate. Either in keyed state ({@code
 * "suffix-aggregates"}, {@code "running-aggregate"}, see {@link SliceStore}) or on the heap ({@link
 * HeapStacks}).
 *
 * <p>Callers keep to the discipline of {@link SlidingFiring}: suffix aggregates are put only onto
 * an empty front, by descending index, and only at indices that hold a slice (the front is sparse:
 * between two slices the suffix aggregate is the one of the next slice); they are removed by
 * ascending index from the front's start, which then moves to the next index holding one; only the
 * front's start is read. Objects put are never modified afterwards (the back's object is, then put
 * again).
 */
interface SlidingStacks<A> {
    /** The suffix aggregate at index {@code i}, or null. */
    Tuple2<Long, A> suffix(long i) throws Exception;

    void putSuffix(long i, Tuple2<Long, A> value) throws Exception;

    void removeSuffix(long i) throws Exception;

    /** Removes every suffix aggregate. */
    void clearSuffixes() throws Exception;

    /** The back's running aggregate, or null. */
    Tuple2<Long, A> running() throws Exception;

    /** Sets the back's running aggregate; null clears it. */
    void setRunning(Tuple2<Long, A> value) throws Exception;
}
