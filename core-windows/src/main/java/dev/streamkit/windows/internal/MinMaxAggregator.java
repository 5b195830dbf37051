package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.DoubleField;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Preconditions;

/**
 * The smallest or largest value of a {@code double} field, by {@link Math#min}/{@link Math#max}:
 * NaN if any value is NaN, infinities are ordinary values, NaN for no input. Accumulator (state
 * layout): {@code double[2]} {@code {extreme, count}}, the extreme starting at the infinity of the
 * other side. A {@link PrimitivePart} ({@link #MIN} or {@link #MAX}).
 *
 * @param <T> the element type
 */
@Internal
public final class MinMaxAggregator<T> extends DoubleArrayAggregator<T, Double>
        implements PrimitivePart<T> {
    private static final long serialVersionUID = 1L;
    private final DoubleField<T> field;
    private final boolean max;

    /**
     * Described as {@code max} or {@code min}.
     *
     * @param field reads the value from an element, not null
     * @param max the largest value if true, else the smallest
     */
    public MinMaxAggregator(DoubleField<T> field, boolean max) {
        super(max ? "max" : "min", Types.DOUBLE);
        Preconditions.checkArgument(field != null, "field must not be null");
        this.field = field;
        this.max = max;
    }

    @Override
    public int primitiveKind() {
        return max ? MAX : MIN;
    }

    @Override
    public DoubleField<T> doubleField() {
        return field;
    }

    @Override
    public double[] createAccumulator() {
        return new double[] {max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, 0};
    }

    @Override
    public double[] add(double[] acc, T value) {
        double v = field.get(value);
        acc[0] = max ? Math.max(acc[0], v) : Math.min(acc[0], v);
        acc[1]++;
        return acc;
    }

    @Override
    public double[] merge(double[] acc, double[] other) {
        acc[0] = max ? Math.max(acc[0], other[0]) : Math.min(acc[0], other[0]);
        acc[1] += other[1];
        return acc;
    }

    @Override
    public Double getResult(double[] acc) {
        return acc[1] == 0 ? Double.NaN : acc[0];
    }
}
