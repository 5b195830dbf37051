package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.DoubleField;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.Preconditions;

/**
 * Base of the quantile aggregators: a DataSketches KLL sketch of a {@code double} field (NaN values
 * are ignored by the sketch, infinities are ordinary values), written to state by {@link
 * KllSerializer}. A subclass reads the result from the sketch.
 */
abstract class KllAggregator<T, R> extends BuiltInAggregator<T, KllDoublesSketch, R> {
    private static final long serialVersionUID = 1L;
    private final DoubleField<T> field;
    private final int k;
    private final TypeInformation<R> resultType;

    KllAggregator(String description, DoubleField<T> field, int k, TypeInformation<R> resultType) {
        super(description);
        Preconditions.checkArgument(field != null, "field must not be null");
        Preconditions.checkArgument(k >= 8 && k <= 65535, "k must be in [8, 65535], got %s", k);
        this.field = field;
        this.k = k;
        this.resultType = resultType;
    }

    @Override
    public KllDoublesSketch createAccumulator() {
        return KllDoublesSketch.newHeapInstance(k);
    }

    @Override
    public KllDoublesSketch add(KllDoublesSketch acc, T value) {
        acc.update(field.get(value));
        return acc;
    }

    @Override
    public KllDoublesSketch merge(KllDoublesSketch acc, KllDoublesSketch other) {
        acc.merge(other);
        return acc;
    }

    @Override
    public TypeSerializer<KllDoublesSketch> accumulatorSerializer() {
        return KllSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<R> resultType() {
        return resultType;
    }
}
