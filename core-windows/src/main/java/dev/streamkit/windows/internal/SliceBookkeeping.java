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
 *
 * <p>The dirty value's upper bits carry the {@linkplain #presence presence} of the key's newest
 * slices: bits 0-1 the dirty code (0, 1 or {@link #STACKS_NOT_STORED}), bit 2 whether the presence
 * is known, bits 3-63 the presence itself. A value written before the presence existed reads as not
 * known (every index is then read, as before); a version that does not know the presence reads any
 * value with it as dirty and rebuilds the stacks from the slices, which is always correct.
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

    /** The number of slice indices {@link #presence} covers: {@code maxSlice - 60 .. maxSlice}. */
    static final int PRESENCE_BITS = 61;

    private static final long PRESENCE_MASK = (1L << PRESENCE_BITS) - 1;
    private static final long DIRTY_CODE = 3;
    private static final long PRESENCE_KNOWN = 4;
    private static final int PRESENCE_SHIFT = 3;

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
     * Which of the {@link #PRESENCE_BITS} newest slice indices hold a slice: bit {@code d} for
     * index {@code maxSlice - d}. Exact while {@link #presenceKnown}: every slice written sets its
     * bit and every slice removed clears it, so firing and cleanup skip the state reads of absent
     * slices.
     */
    long presence;

    /**
     * Whether {@link #presence} is exact: a key that had no slices, or whose bookkeeping was
     * written with it; false for bookkeeping written by versions before it (until the key empties).
     */
    boolean presenceKnown;

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
        b.presenceKnown = true;
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
        long code = stored[DIRTY] & DIRTY_CODE;
        b.dirty = code != 0;
        b.stacksOnHeap = code == STACKS_NOT_STORED;
        b.stacksInState = !b.stacksOnHeap;
        b.presenceKnown = (stored[DIRTY] & PRESENCE_KNOWN) != 0;
        b.presence = b.presenceKnown ? stored[DIRTY] >>> PRESENCE_SHIFT : 0;
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
        long code = stacksOnHeap ? STACKS_NOT_STORED : dirty ? 1 : 0;
        stored[DIRTY] = presenceKnown ? code | PRESENCE_KNOWN | presence << PRESENCE_SHIFT : code;
        return stored;
    }

    /** Whether the key has at least one slice. */
    boolean hasSlices() {
        return minSlice <= maxSlice;
    }

    /** Records that slice {@code j} exists. */
    void include(long j) {
        if (!hasSlices()) {
            // the key's only slice: the presence is exact from here on
            minSlice = j;
            maxSlice = j;
            presence = 1;
            presenceKnown = true;
            return;
        }
        if (j > maxSlice) {
            long shift = j - maxSlice; // negative only on overflow: nothing stays in range then
            presence = shift > 0 && shift < PRESENCE_BITS ? (presence << shift) & PRESENCE_MASK : 0;
            presence |= 1;
            maxSlice = j;
        } else {
            long d = maxSlice - j;
            if (d >= 0 && d < PRESENCE_BITS) {
                presence |= 1L << d;
            }
        }
        minSlice = Math.min(minSlice, j);
    }

    /** Records that slice {@code j} was removed (the bounds are the caller's to update). */
    void exclude(long j) {
        long d = maxSlice - j;
        if (d >= 0 && d < PRESENCE_BITS) {
            presence &= ~(1L << d);
        }
    }

    /**
     * Whether slice {@code j} may exist: false only when it is known not to (outside the bounds, or
     * absent from a known presence).
     */
    boolean mayHaveSlice(long j) {
        if (j < minSlice || j > maxSlice) {
            return false;
        }
        long d = maxSlice - j;
        return !presenceKnown || d < 0 || d >= PRESENCE_BITS || (presence & (1L << d)) != 0;
    }

    /**
     * The smallest existing slice index above {@code j} (at most {@code maxSlice}), {@code
     * Long.MAX_VALUE} when there is none, or {@code Long.MIN_VALUE} when the presence does not tell
     * (not known, or indices above {@code j} older than it covers).
     */
    long nextSliceAbove(long j) {
        if (j >= maxSlice) {
            return Long.MAX_VALUE;
        }
        long span = maxSlice - j; // indices j + 1 .. maxSlice are bits 0 .. span - 1
        if (!presenceKnown || span <= 0 || span > PRESENCE_BITS) {
            return Long.MIN_VALUE;
        }
        long above = presence & ((1L << span) - 1);
        if (above == 0) {
            return Long.MAX_VALUE;
        }
        return maxSlice - (63 - Long.numberOfLeadingZeros(above));
    }

    /** Records that the key has no slice left. */
    void noSlices() {
        minSlice = Long.MAX_VALUE;
        maxSlice = Long.MIN_VALUE;
        presence = 0;
        presenceKnown = true;
    }

    /** Whether the sliding front stack holds suffix aggregates. */
    boolean hasFront() {
        return frontStart < backStart;
    }
}
