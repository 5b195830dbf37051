package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** An aggregator whose result is mapped; the accumulator (and so the state) is the inner one's. */
@Internal
public final class MappedAggregator<T, A, R, V> extends BuiltInAggregator<T, A, V> {
    private static final long serialVersionUID = 1L;
    private final Aggregator<T, A, R> inner;
    private final Aggregator.ResultMapper<R, V> mapper;
    private final TypeInformation<V> type;

    /**
     * Maps the result of {@code inner}.
     *
     * @param inner the aggregator
     * @param mapper the result mapper
     * @param type the mapped result type
     */
    public MappedAggregator(
            Aggregator<T, A, R> inner,
            Aggregator.ResultMapper<R, V> mapper,
            TypeInformation<V> type) {
        super("into(" + BuiltInAggregator.describe(inner) + ")");
        this.inner = inner;
        this.mapper = mapper;
        this.type = type;
    }

    @Override
    public A createAccumulator() {
        return inner.createAccumulator();
    }

    @Override
    public A add(A acc, T value) {
        return inner.add(acc, value);
    }

    @Override
    public A merge(A acc, A other) {
        return inner.merge(acc, other);
    }

    @Override
    public V getResult(A acc) {
        return mapper.map(inner.getResult(acc));
    }

    @Override
    public TypeSerializer<A> accumulatorSerializer() {
        return inner.accumulatorSerializer();
    }

    @Override
    public TypeInformation<V> resultType() {
        return type;
    }
}
