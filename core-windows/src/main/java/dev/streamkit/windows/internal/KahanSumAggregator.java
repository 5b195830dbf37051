package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.DoubleField;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Preconditions;

/**
 * The Kahan-compensated sum of a {@code double} field. Accumulator (state layout): {@code
 * double[2]} {@code {sum, compensation}}; the result is {@code sum - compensation}.
 *
 * <p>Non-finite values give the IEEE sum: NaN if any value is NaN or both infinities occur, else
 * the infinity that occurs (also when a finite sum overflows).
 *
 * @param <T> the element type
 */
@Internal
public final class KahanSumAggregator<T> extends DoubleArrayAggregator<T, Double> {
    private static final long serialVersionUID = 1L;
    private final DoubleField<T> field;

    /**
     * Described as {@code sum}.
     *
     * @param field reads the value from an element, not null
     */
    public KahanSumAggregator(DoubleField<T> field) {
        super("sum", Types.DOUBLE);
        Preconditions.checkArgument(field != null, "field must not be null");
        this.field = field;
    }

    @Override
    public double[] createAccumulator() {
        return new double[2];
    }

    @Override
    public double[] add(double[] acc, T value) {
        kahanAdd(acc, field.get(value));
        return acc;
    }

    @Override
    public double[] merge(double[] acc, double[] other) {
        kahanAdd(acc, other[0]);
        kahanAdd(acc, -other[1]);
        return acc;
    }

    @Override
    public Double getResult(double[] acc) {
        return acc[0] - acc[1];
    }

    private static void kahanAdd(double[] acc, double x) {
        double y = x - acc[1];
        double t = acc[0] + y;
        if (!Double.isFinite(t)) {
            // an infinite or NaN input (or an overflow): the IEEE sum, no compensation (which
            // would be inf - inf = NaN and turn +Infinity into NaN)
            acc[0] = acc[0] + x;
            acc[1] = 0;
            return;
        }
        acc[1] = (t - acc[0]) - y;
        acc[0] = t;
    }
}
