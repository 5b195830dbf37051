package dev.streamkit.windows.internal;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;

/**
 * Base of the aggregators whose accumulator is a {@code double[]}, written to state by Flink's
 * {@link DoublePrimitiveArraySerializer} (length, then the values): a subclass fixes the array's
 * length and the meaning of each slot, which are then part of the state layout.
 */
abstract class DoubleArrayAggregator<T, R> extends BuiltInAggregator<T, double[], R> {
    private static final long serialVersionUID = 1L;
    private final TypeInformation<R> resultType;

    DoubleArrayAggregator(String description, TypeInformation<R> resultType) {
        super(description);
        this.resultType = resultType;
    }

    @Override
    public TypeSerializer<double[]> accumulatorSerializer() {
        return DoublePrimitiveArraySerializer.INSTANCE;
    }

    @Override
    public TypeInformation<R> resultType() {
        return resultType;
    }
}
