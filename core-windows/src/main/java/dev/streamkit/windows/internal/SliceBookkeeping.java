package dev.streamkit.windows.internal;

/**
 * Per-key bookkeeping of the slicing operator, stored in keyed state as a {@code long[7]} (state
 * {@code "slice-bookkeeping"}, {@code LongPrimitiveArraySerializer}; the layout is part of the
 * savepoint format and must not change): the last fired window, the bounds of the sliding-window
 * stacks, the range of existing slices, the registered timer and whether the combined aggregates
 * must be rebuilt.
 *
 * <p>The dirty value {@link #STACKS_NOT_STORED} (2) says that the sliding stacks were kept on the
 * heap ({@link HeapStacks}) and are not in state: the stored stack bounds are then empty ({@code
 * frontStart == backStart}) and the stacks must be rebuilt from the slices, which every version
 * that reads this layout does for any non-zero dirty value.
 */
final class SliceBookkeeping {
    /** {@link #timer} when no timer is registered. */
    static final long NO_TIMER = Long.MIN_VALUE;

    // positions in the stored long[] (savepoint format)
    private static final int LAST_FIRED = 0;
    private static final int FRONT_START = 1;
    private static final int BACK_START = 2;
    private static final int MIN_SLICE = 3;
    private static final int MAX_SLICE = 4;
    private static final int TIMER = 5;
    private static final int DIRTY = 6;
    private static final int LENGTH = 7;

    /** Stored dirty value: the sliding stacks are not in state (kept on the heap by the writer). */
    static final long STACKS_NOT_STORED = 2;

    /** The end index of the last fired window. */
    long lastFired;

    /**
     * Sliding: the first slice of the front stack (suffix aggregates of [frontStart, backStart)).
     */
    long frontStart;

    /** Sliding: the first slice of the back stack (running aggregate of [backStart, lastFired]). */
    long backStart;

    /** The smallest existing slice index ({@code Long.MAX_VALUE} when none). */
    long minSlice;

    /** The largest existing slice index ({@code Long.MIN_VALUE} when none). */
    long maxSlice;

    /** The registered event-time timer, or {@link #NO_TIMER}. */
    long timer;

    /** Whether the combined aggregates (stacks, running aggregate) must be rebuilt. */
    boolean dirty;

    /**
     * Whether the sliding stacks are on the heap, not in state (stored as {@link
     * #STACKS_NOT_STORED}); not stored itself.
     */
    boolean stacksOnHeap;

    /**
     * Whether keyed state may hold sliding stacks of the key (it was read from state with a dirty
     * value other than {@link #STACKS_NOT_STORED}); not stored itself.
     */
    boolean stacksInState;

    /** The key's heap stacks while its bookkeeping is cached, or null; not stored. */
    HeapStacks<?> heapStacks;

    /**
     * The heap backend's own stored array this was read from (or last written as), which {@link
     * SliceStore#save} overwrites in place; null when it must be written through the state. Valid
     * only within the call that read it (a snapshot may copy the state's value between calls).
     */
    long[] stored;

    private SliceBookkeeping() {}

    /** The bookkeeping of a key without slices, whose windows up to {@code lastFired} fired. */
    static SliceBookkeeping fresh(long lastFired) {
        SliceBookkeeping b = new SliceBookkeeping();
        b.lastFired = lastFired;
        b.frontStart = lastFired + 1;
        b.backStart = lastFired + 1;
        b.minSlice = Long.MAX_VALUE;
        b.maxSlice = Long.MIN_VALUE;
        b.timer = NO_TIMER;
        return b;
    }

    /** Reads the stored form. */
    static SliceBookkeeping fromState(long[] stored) {
        if (stored.length != LENGTH) {
            throw new IllegalStateException(
                    "slice-bookkeeping state has " + stored.length + " values, expected " + LENGTH);
        }
        SliceBookkeeping b = new SliceBookkeeping();
        b.lastFired = stored[LAST_FIRED];
        b.frontStart = stored[FRONT_START];
        b.backStart = stored[BACK_START];
        b.minSlice = stored[MIN_SLICE];
        b.maxSlice = stored[MAX_SLICE];
        b.timer = stored[TIMER];
        b.dirty = stored[DIRTY] != 0;
        b.stacksOnHeap = stored[DIRTY] == STACKS_NOT_STORED;
        b.stacksInState = !b.stacksOnHeap;
        return b;
    }

    /**
     * The stored form. Stacks kept on the heap are stored as empty bounds with the dirty value
     * {@link #STACKS_NOT_STORED}: whoever reads it rebuilds them from the slices.
     */
    long[] toState() {
        return writeTo(new long[LENGTH]);
    }

    /** Writes the stored form into {@code stored} (a {@code long[7]}) and returns it. */
    long[] writeTo(long[] stored) {
        stored[LAST_FIRED] = lastFired;
        stored[FRONT_START] = stacksOnHeap ? lastFired + 1 : frontStart;
        stored[BACK_START] = stacksOnHeap ? lastFired + 1 : backStart;
        stored[MIN_SLICE] = minSlice;
        stored[MAX_SLICE] = maxSlice;
        stored[TIMER] = timer;
        stored[DIRTY] = stacksOnHeap ? STACKS_NOT_STORED : dirty ? 1 : 0;
        return stored;
    }

    /** Whether the key has at least one slice. */
    boolean hasSlices() {
        return minSlice <= maxSlice;
    }

    /** Records that slice {@code j} exists. */
    void include(long j) {
        minSlice = Math.min(minSlice, j);
        maxSlice = Math.max(maxSlice, j);
    }

    /** Records that the key has no slice left. */
    void noSlices() {
        minSlice = Long.MAX_VALUE;
        maxSlice = Long.MIN_VALUE;
    }

    /** Whether the sliding front stack holds suffix aggregates. */
    boolean hasFront() {
        return frontStart < backStart;
    }
}
