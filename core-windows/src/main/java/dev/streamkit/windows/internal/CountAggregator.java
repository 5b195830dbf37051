package dev.streamkit.windows.internal;

import org.apache.flink.annotation.Internal;

/**
 * The number of elements. Accumulator (state layout): {@code long[1]} {@code {count}}. A {@link
 * PrimitivePart} ({@link #COUNT}): a composite applies its update inline.
 *
 * @param <T> the element type
 */
@Internal
public final class CountAggregator<T> extends LongSumAggregator<T> implements PrimitivePart<T> {
    private static final long serialVersionUID = 1L;

    /** Described as {@code count}. */
    public CountAggregator() {
        super("count");
    }

    @Override
    public int primitiveKind() {
        return COUNT;
    }

    @Override
    public long[] add(long[] acc, T value) {
        acc[0]++;
        return acc;
    }
}
