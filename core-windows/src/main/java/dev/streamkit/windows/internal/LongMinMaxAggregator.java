package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.LongField;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Preconditions;

/**
 * The smallest or largest value of a {@code long} field, exact; {@code null} for no input.
 * Accumulator (state layout): {@code long[2]} {@code {extreme, count}}, the extreme starting at the
 * other end of the {@code long} range. A {@link PrimitivePart} ({@link #MIN_LONG} or {@link
 * #MAX_LONG}).
 *
 * @param <T> the element type
 */
@Internal
public final class LongMinMaxAggregator<T> extends LongArrayAggregator<T, Long>
        implements PrimitivePart<T> {
    private static final long serialVersionUID = 1L;
    private final LongField<T> field;
    private final boolean max;

    /**
     * Described as {@code maxLong} or {@code minLong}.
     *
     * @param field reads the value from an element, not null
     * @param max the largest value if true, else the smallest
     */
    public LongMinMaxAggregator(LongField<T> field, boolean max) {
        super(max ? "maxLong" : "minLong", Types.LONG);
        Preconditions.checkArgument(field != null, "field must not be null");
        this.field = field;
        this.max = max;
    }

    @Override
    public int primitiveKind() {
        return max ? MAX_LONG : MIN_LONG;
    }

    @Override
    public LongField<T> longField() {
        return field;
    }

    @Override
    public long[] createAccumulator() {
        return new long[] {max ? Long.MIN_VALUE : Long.MAX_VALUE, 0};
    }

    @Override
    public long[] add(long[] acc, T value) {
        long v = field.get(value);
        acc[0] = max ? Math.max(acc[0], v) : Math.min(acc[0], v);
        acc[1]++;
        return acc;
    }

    @Override
    public long[] merge(long[] acc, long[] other) {
        acc[0] = max ? Math.max(acc[0], other[0]) : Math.min(acc[0], other[0]);
        acc[1] += other[1];
        return acc;
    }

    @Override
    public Long getResult(long[] acc) {
        return acc[1] == 0 ? null : acc[0];
    }
}
