package dev.streamkit.windows.internal;

/**
 * The slicing operator's mini-batch buffer: a {@link MiniBatchTable} of {@link BufferedSlices} (per
 * key, the slices it touched since the last flush). See {@link MiniBatchTable} for the bound, the
 * adaptive growth and the flush.
 *
 * @param <A> the accumulator type
 */
public final class MiniBatchBuffer<A> extends MiniBatchTable<BufferedSlices<A>> {

    private MiniBatchBuffer(int bound, int cap) {
        super(bound, cap, BufferedSlices::new);
    }

    /**
     * The buffer of a slicing operator configured with {@code maxBufferedKeys}: {@link
     * SlicingWindowOperator#ADAPTIVE_BUFFER} for {@link #adaptive} from {@link
     * SlicingWindowOperator#INITIAL_ADAPTIVE_KEYS} up to {@link #heapCap} of this JVM, else {@link
     * #fixed}.
     */
    static <A> MiniBatchBuffer<A> forOperator(int maxBufferedKeys) {
        if (maxBufferedKeys != SlicingWindowOperator.ADAPTIVE_BUFFER) {
            return fixed(maxBufferedKeys);
        }
        int initial = SlicingWindowOperator.INITIAL_ADAPTIVE_KEYS;
        return adaptive(initial, heapCap(Runtime.getRuntime().maxMemory(), initial));
    }

    /**
     * A buffer that is full at {@code keys} keys.
     *
     * @param keys the bound (>= 1)
     */
    public static <A> MiniBatchBuffer<A> fixed(int keys) {
        checkFixed(keys);
        return new MiniBatchBuffer<>(keys, keys);
    }

    /**
     * A buffer whose bound starts at {@code initial} keys and doubles when reached, up to {@code
     * cap} keys, where it is full.
     */
    public static <A> MiniBatchBuffer<A> adaptive(int initial, int cap) {
        checkAdaptive(initial, cap);
        return new MiniBatchBuffer<>(initial, cap);
    }
}
