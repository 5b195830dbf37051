package dev.streamkit.windows;

import dev.streamkit.windows.internal.SerializerTypeInfo;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A mergeable, one-pass aggregation of elements of type {@code T} into a result of type {@code R}
 * through an accumulator of type {@code A}.
 *
 * <p>Contract: {@link #add} and {@link #merge} may mutate and return their first argument and never
 * modify the second; accumulators are serialized only with {@link #accumulatorSerializer()} (never
 * Kryo); {@code merge} is associative and commutative up to the documented error of sketches, so
 * accumulators of slices and of merged sessions combine in any grouping.
 *
 * <p>Obtain instances from {@link Aggregations}; use them with Flink's own windows through {@link
 * #asAggregateFunction()} or with {@link Windows}.
 *
 * @param <T> the element type
 * @param <A> the accumulator type
 * @param <R> the result type
 */
@PublicEvolving
public interface Aggregator<T, A, R> extends Serializable {

    /** A new, empty accumulator. */
    A createAccumulator();

    /** Adds {@code value} to {@code acc}; may mutate and return {@code acc}. */
    A add(A acc, T value);

    /**
     * Merges {@code other} into {@code acc}; may mutate and return {@code acc}, never {@code
     * other}.
     */
    A merge(A acc, A other);

    /** The result of {@code acc}; does not modify it. */
    R getResult(A acc);

    /** The explicit serializer of the accumulator (used for Flink state; no Kryo fallback). */
    TypeSerializer<A> accumulatorSerializer();

    /** The type of the result. */
    TypeInformation<R> resultType();

    /**
     * The accumulator type, for {@code WindowedStream.aggregate(function, accType, resultType)}.
     */
    default TypeInformation<A> accumulatorType() {
        return new SerializerTypeInfo<>(accumulatorSerializer());
    }

    /**
     * This aggregator as a Flink {@link AggregateFunction}, for example
     *
     * <pre>{@code
     * Aggregator<Txn, ?, Tuple2<Long, Double>> agg = Aggregations.of(count(), sum(Txn::amount));
     * stream.keyBy(Txn::card)
     *     .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
     *     .aggregate(agg.asAggregateFunction(), agg.accumulatorType(), agg.resultType());
     * }</pre>
     */
    default AggregateFunction<T, A, R> asAggregateFunction() {
        return new AggregatorFunction<>(this);
    }

    /** The adapter from {@link Aggregator} to Flink's {@link AggregateFunction}. */
    @PublicEvolving
    final class AggregatorFunction<T, A, R> implements AggregateFunction<T, A, R> {
        private static final long serialVersionUID = 1L;
        private final Aggregator<T, A, R> aggregator;

        AggregatorFunction(Aggregator<T, A, R> aggregator) {
            this.aggregator = aggregator;
        }

        @Override
        public A createAccumulator() {
            return aggregator.createAccumulator();
        }

        @Override
        public A add(T value, A accumulator) {
            return aggregator.add(accumulator, value);
        }

        @Override
        public R getResult(A accumulator) {
            return aggregator.getResult(accumulator);
        }

        @Override
        public A merge(A a, A b) {
            return aggregator.merge(a, b);
        }
    }
}
