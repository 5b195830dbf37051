package dev.streamkit.windows.internal;

import org.apache.flink.api.common.typeinfo.Types;

/**
 * Base of the aggregators whose accumulator is one running {@code long} sum, {@code long[1]} {@code
 * {sum}}, merged by addition (wrapping around on overflow): a subclass says what an element adds.
 */
abstract class LongSumAggregator<T> extends LongArrayAggregator<T, Long> {
    private static final long serialVersionUID = 1L;

    LongSumAggregator(String description) {
        super(description, Types.LONG);
    }

    @Override
    public final long[] createAccumulator() {
        return new long[1];
    }

    @Override
    public final long[] merge(long[] acc, long[] other) {
        acc[0] += other[0];
        return acc;
    }

    @Override
    public final Long getResult(long[] acc) {
        return acc[0];
    }
}
