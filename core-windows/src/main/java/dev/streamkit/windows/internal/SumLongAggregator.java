package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.LongField;
import org.apache.flink.annotation.Internal;
import org.apache.flink.util.Preconditions;

/**
 * The exact sum of a {@code long} field; overflow wraps around as Java {@code long} arithmetic
 * does. Accumulator (state layout): {@code long[1]} {@code {sum}}. A {@link PrimitivePart} ({@link
 * #SUM_LONG}).
 *
 * @param <T> the element type
 */
@Internal
public final class SumLongAggregator<T> extends LongSumAggregator<T> implements PrimitivePart<T> {
    private static final long serialVersionUID = 1L;
    private final LongField<T> field;

    /**
     * Described as {@code sumLong}.
     *
     * @param field reads the value from an element, not null
     */
    public SumLongAggregator(LongField<T> field) {
        super("sumLong");
        Preconditions.checkArgument(field != null, "field must not be null");
        this.field = field;
    }

    @Override
    public int primitiveKind() {
        return SUM_LONG;
    }

    @Override
    public LongField<T> longField() {
        return field;
    }

    @Override
    public long[] add(long[] acc, T value) {
        acc[0] += field.get(value);
        return acc;
    }
}
