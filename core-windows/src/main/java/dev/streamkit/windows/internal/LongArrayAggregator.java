package dev.streamkit.windows.internal;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;

/**
 * Base of the aggregators whose accumulator is a {@code long[]}, written to state by Flink's {@link
 * LongPrimitiveArraySerializer} (length, then the values): a subclass fixes the array's length and
 * the meaning of each slot, which are then part of the state layout.
 */
abstract class LongArrayAggregator<T, R> extends BuiltInAggregator<T, long[], R> {
    private static final long serialVersionUID = 1L;
    private final TypeInformation<R> resultType;

    LongArrayAggregator(String description, TypeInformation<R> resultType) {
        super(description);
        this.resultType = resultType;
    }

    @Override
    public TypeSerializer<long[]> accumulatorSerializer() {
        return LongPrimitiveArraySerializer.INSTANCE;
    }

    @Override
    public TypeInformation<R> resultType() {
        return resultType;
    }
}
