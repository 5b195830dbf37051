package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.DoubleField;
import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.util.Preconditions;

/**
 * Several quantiles of a {@code double} field from one KLL sketch, in the order given; each NaN for
 * no input (or only NaN values).
 *
 * @param <T> the element type
 */
@Internal
public final class QuantilesAggregator<T> extends KllAggregator<T, double[]> {
    private static final long serialVersionUID = 1L;
    private final double[] ranks;

    private QuantilesAggregator(DoubleField<T> field, double[] ranks, int k) {
        super(
                "quantiles(" + Arrays.toString(ranks) + ")",
                field,
                k,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        this.ranks = ranks;
    }

    /**
     * The quantiles {@code qs} (copied), described as {@code quantiles([<q>, ...])} (without {@code
     * k}); fails on {@code qs} first, then on {@code field}, then on {@code k}.
     *
     * @param field reads the value from an element, not null
     * @param k the sketch size, in {@code [8, 65535]}
     * @param qs the quantiles, at least one, each in {@code [0, 1]}
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> QuantilesAggregator<T> of(DoubleField<T> field, int k, double... qs) {
        Preconditions.checkArgument(
                qs != null && qs.length > 0, "qs: at least one quantile is required");
        double[] ranks = qs.clone();
        for (double q : ranks) {
            Preconditions.checkArgument(q >= 0 && q <= 1, "qs must be in [0, 1], got %s", q);
        }
        return new QuantilesAggregator<>(field, ranks, k);
    }

    @Override
    public double[] getResult(KllDoublesSketch acc) {
        double[] out = new double[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            out[i] = acc.isEmpty() ? Double.NaN : acc.getQuantile(ranks[i]);
        }
        return out;
    }
}
