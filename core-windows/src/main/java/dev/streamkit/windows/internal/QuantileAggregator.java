package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.DoubleField;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Preconditions;

/**
 * One quantile of a {@code double} field from a KLL sketch of size {@code k}: exact while the
 * sketch holds fewer than {@code k} values, NaN for no input (or only NaN values).
 *
 * @param <T> the element type
 */
@Internal
public final class QuantileAggregator<T> extends KllAggregator<T, Double> {
    private static final long serialVersionUID = 1L;
    private final double q;

    private QuantileAggregator(DoubleField<T> field, double q, int k) {
        super("quantile(" + q + ",k=" + k + ")", field, k, Types.DOUBLE);
        this.q = q;
    }

    /**
     * The {@code q}-quantile, described as {@code quantile(<q>,k=<k>)}; fails on {@code q} first,
     * then on {@code field}, then on {@code k}.
     *
     * @param field reads the value from an element, not null
     * @param q the quantile, in {@code [0, 1]}
     * @param k the sketch size, in {@code [8, 65535]}
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> QuantileAggregator<T> of(DoubleField<T> field, double q, int k) {
        Preconditions.checkArgument(q >= 0 && q <= 1, "q must be in [0, 1], got %s", q);
        return new QuantileAggregator<>(field, q, k);
    }

    @Override
    public Double getResult(KllDoublesSketch acc) {
        return acc.isEmpty() ? Double.NaN : acc.getQuantile(q);
    }
}
