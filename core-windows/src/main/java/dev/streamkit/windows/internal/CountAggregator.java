package dev.streamkit.windows.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The number of elements. Accumulator (state layout): {@code long[1]} {@code {count}}. A {@link
 * PrimitivePart} ({@link #COUNT}): a composite applies its update inline.
 *
 * @param <T> the element type
 */
@Internal
public final class CountAggregator<T> extends LongArrayAggregator<T, Long>
        implements PrimitivePart<T> {
    private static final long serialVersionUID = 1L;

    /** Described as {@code count}. */
    public CountAggregator() {
        super("count", Types.LONG);
    }

    @Override
    public int primitiveKind() {
        return COUNT;
    }

    @Override
    public long[] createAccumulator() {
        return new long[1];
    }

    @Override
    public long[] add(long[] acc, T value) {
        acc[0]++;
        return acc;
    }

    @Override
    public long[] merge(long[] acc, long[] other) {
        acc[0] += other[0];
        return acc;
    }

    @Override
    public Long getResult(long[] acc) {
        return acc[0];
    }
}
