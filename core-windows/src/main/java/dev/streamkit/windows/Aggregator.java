package dev.streamkit.windows;

import dev.streamkit.windows.internal.MappedAggregator;
import dev.streamkit.windows.internal.SerializerTypeInfo;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.windowing.windows.Window;
import org.apache.flink.util.Preconditions;

/**
 * A mergeable, one-pass aggregation of elements of type {@code T} into a result of type {@code R}
 * through an accumulator of type {@code A}.
 *
 * <p>Contract: {@link #add} and {@link #merge} may mutate and return their first argument and never
 * modify the second; accumulators are serialized only with {@link #accumulatorSerializer()} (never
 * Kryo); {@code merge} is associative and commutative up to the documented error of sketches, so
 * accumulators of slices and of merged sessions combine in any grouping.
 *
 * <p>Obtain instances from {@link Aggregations} (their accumulator types are not part of the API:
 * they appear as {@code Aggregator<T, ?, R>}); use them with {@link Windows}, or with Flink's own
 * windows through {@link #applyTo(WindowedStream)}.
 *
 * @param <T> the element type
 * @param <A> the accumulator type
 * @param <R> the result type
 */
@PublicEvolving
public interface Aggregator<T, A, R> extends Serializable {

    /**
     * A new, empty accumulator.
     *
     * @return the accumulator
     */
    A createAccumulator();

    /**
     * Adds {@code value} to {@code acc}; may mutate and return {@code acc}.
     *
     * @param acc the accumulator
     * @param value the element
     * @return the updated accumulator
     */
    A add(A acc, T value);

    /**
     * Merges {@code other} into {@code acc}; may mutate and return {@code acc}, never {@code
     * other}.
     *
     * @param acc the accumulator merged into
     * @param other the accumulator merged from (unchanged)
     * @return the merged accumulator
     */
    A merge(A acc, A other);

    /**
     * The result of {@code acc}; does not modify it.
     *
     * @param acc the accumulator
     * @return the result
     */
    R getResult(A acc);

    /**
     * The explicit serializer of the accumulator (used for Flink state; no Kryo fallback).
     *
     * @return the serializer
     */
    TypeSerializer<A> accumulatorSerializer();

    /**
     * The type of the result.
     *
     * @return the explicit result type
     */
    TypeInformation<R> resultType();

    /**
     * The accumulator type, for {@code WindowedStream.aggregate(function, accType, resultType)}.
     *
     * @return a type that hands out {@link #accumulatorSerializer()}
     */
    default TypeInformation<A> accumulatorType() {
        return new SerializerTypeInfo<>(accumulatorSerializer());
    }

    /**
     * This aggregator as a Flink {@link AggregateFunction}; with a wildcard accumulator type use
     * {@link #applyTo(WindowedStream)} instead, which passes the matching accumulator type.
     *
     * @return the adapter
     */
    default AggregateFunction<T, A, R> asAggregateFunction() {
        return new AggregatorFunction<>(this);
    }

    /**
     * Aggregates a window of Flink's own window API with this aggregator and its explicit
     * accumulator and result types:
     *
     * <pre>{@code
     * Aggregator<Txn, ?, Double> total = Aggregations.forType(Txn.class).sum(t -> t.amount);
     * SingleOutputStreamOperator<Double> sums =
     *     total.applyTo(txns.keyBy(t -> t.card)
     *         .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1))));
     * }</pre>
     *
     * @param windowed the windowed stream
     * @param <K> the key type
     * @param <W> the window type
     * @return the aggregated stream (set its name and uid)
     */
    default <K, W extends Window> SingleOutputStreamOperator<R> applyTo(
            WindowedStream<T, K, W> windowed) {
        return windowed.aggregate(asAggregateFunction(), accumulatorType(), resultType());
    }

    /**
     * The same aggregation (same accumulator, so the same state) with its result mapped, e.g. the
     * {@link Results} of several parts into your own class:
     *
     * <pre>{@code
     * Aggregator<Txn, ?, TxnStats> stats =
     *     txn.of(count, total).into(r -> new TxnStats(r.get(count), r.get(total)),
     *         TypeInformation.of(TxnStats.class));
     * }</pre>
     *
     * @param mapper maps a result (called once per window result)
     * @param type the explicit type of the mapped result
     * @param <V> the mapped result type
     * @return the mapped aggregator
     */
    default <V> Aggregator<T, A, V> into(ResultMapper<R, V> mapper, TypeInformation<V> type) {
        Preconditions.checkArgument(mapper != null, "mapper must not be null");
        Preconditions.checkArgument(type != null, "type must not be null");
        return new MappedAggregator<>(this, mapper, type);
    }

    /**
     * {@link #into(ResultMapper, TypeInformation)} with the type extracted from a class (a POJO
     * with public fields or getters and setters, or a basic type).
     *
     * @param mapper maps a result
     * @param type the class of the mapped result
     * @param <V> the mapped result type
     * @return the mapped aggregator
     */
    default <V> Aggregator<T, A, V> into(ResultMapper<R, V> mapper, Class<V> type) {
        Preconditions.checkArgument(type != null, "type must not be null");
        return into(mapper, TypeInformation.of(type));
    }

    /**
     * Maps the result of an aggregator ({@link #into}).
     *
     * @param <R> the result type
     * @param <V> the mapped type
     */
    @PublicEvolving
    @FunctionalInterface
    interface ResultMapper<R, V> extends java.io.Serializable {
        /**
         * Maps one result.
         *
         * @param result the aggregator's result
         * @return the mapped value
         */
        V map(R result);
    }

    /**
     * The adapter from {@link Aggregator} to Flink's {@link AggregateFunction}.
     *
     * @param <T> the element type
     * @param <A> the accumulator type
     * @param <R> the result type
     * @serial exclude
     */
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
