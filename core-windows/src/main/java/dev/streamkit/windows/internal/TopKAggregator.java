package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.DoubleField;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.util.Preconditions;

/**
 * The {@code k} largest values of a {@code double} field, largest first, exact (fewer when fewer
 * values arrived). NaN values are ignored (NaN is not comparable and would break the heap order);
 * infinities are ordinary values. Accumulator (state layout): {@code double[k + 1]}: {@code acc[0]}
 * is the size, {@code acc[1..size]} a binary min-heap (1-based) of the largest values seen.
 *
 * @param <T> the element type
 */
@Internal
public final class TopKAggregator<T> extends DoubleArrayAggregator<T, double[]> {
    private static final long serialVersionUID = 1L;

    /** The largest {@code k} accepted (the accumulator is a dense array of {@code k + 1}). */
    public static final int MAX_K = 100_000;

    private final DoubleField<T> field;
    private final int k;

    /**
     * Described as {@code topK(<k>)}.
     *
     * @param field reads the value from an element, not null
     * @param k how many values, in {@code [1, 100000]}
     */
    public TopKAggregator(DoubleField<T> field, int k) {
        super("topK(" + k + ")", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        Preconditions.checkArgument(field != null, "field must not be null");
        Preconditions.checkArgument(k >= 1 && k <= MAX_K, "k must be in [1, 100000], got %s", k);
        this.field = field;
        this.k = k;
    }

    @Override
    public double[] createAccumulator() {
        return new double[k + 1];
    }

    @Override
    public double[] add(double[] acc, T value) {
        offer(acc, field.get(value));
        return acc;
    }

    @Override
    public double[] merge(double[] acc, double[] other) {
        int n = (int) other[0];
        for (int i = 1; i <= n; i++) {
            offer(acc, other[i]);
        }
        return acc;
    }

    private void offer(double[] heap, double v) {
        if (Double.isNaN(v)) {
            return; // NaN is not comparable: it would break the heap order
        }
        int size = (int) heap[0];
        if (size < k) {
            int i = ++size;
            heap[0] = size;
            heap[i] = v;
            while (i > 1 && heap[i / 2] > heap[i]) {
                double t = heap[i / 2];
                heap[i / 2] = heap[i];
                heap[i] = t;
                i /= 2;
            }
        } else if (v > heap[1]) {
            heap[1] = v;
            int i = 1;
            while (true) {
                int l = 2 * i;
                int r = l + 1;
                int m = i;
                if (l <= size && heap[l] < heap[m]) {
                    m = l;
                }
                if (r <= size && heap[r] < heap[m]) {
                    m = r;
                }
                if (m == i) {
                    break;
                }
                double t = heap[m];
                heap[m] = heap[i];
                heap[i] = t;
                i = m;
            }
        }
    }

    @Override
    public double[] getResult(double[] acc) {
        int size = (int) acc[0];
        double[] out = Arrays.copyOfRange(acc, 1, size + 1);
        Arrays.sort(out);
        for (int i = 0, j = size - 1; i < j; i++, j--) {
            double t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
