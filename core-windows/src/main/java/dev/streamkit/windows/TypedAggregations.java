package dev.streamkit.windows;

import dev.streamkit.windows.Fields.DoubleField;
import dev.streamkit.windows.Fields.LongField;
import dev.streamkit.windows.Fields.ValueField;
import dev.streamkit.windows.internal.CompositeAggregator;
import java.util.Arrays;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Preconditions;

/**
 * The aggregations of {@link Aggregations} for one element type, from {@link
 * Aggregations#forType(Class)}: the element type is given once and every lambda infers it. Each
 * method returns the part, which is also the handle its value is read back with from the {@link
 * Results} of {@link #of(Aggregator[])}.
 *
 * <pre>{@code
 * TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
 * Aggregator<Txn, ?, Long> count = txn.count();
 * Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
 * Aggregator<Txn, ?, Results> stats = txn.of(count, total, txn.max(t -> t.amount));
 * }</pre>
 *
 * <p>Stateless and immutable; every method has the contract of the static method of the same name.
 *
 * @param <T> the element type
 */
@PublicEvolving
public final class TypedAggregations<T> {
    TypedAggregations() {}

    /**
     * Any number of parts in one pass; see {@link Results}.
     *
     * @param parts the parts, at least one
     * @return the composite aggregator
     */
    @SafeVarargs
    public final Aggregator<T, ?, Results> of(Aggregator<T, ?, ?>... parts) {
        Preconditions.checkArgument(
                parts != null && parts.length > 0,
                "aggregations: at least one aggregation is required");
        return CompositeAggregator.results(Arrays.asList(parts));
    }

    /**
     * See {@link Aggregations#count()}.
     *
     * @return the aggregator
     */
    public Aggregator<T, ?, Long> count() {
        return Aggregations.count();
    }

    /**
     * See {@link Aggregations#sum(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> sum(DoubleField<T> field) {
        return Aggregations.sum(field);
    }

    /**
     * See {@link Aggregations#sumLong(LongField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Long> sumLong(LongField<T> field) {
        return Aggregations.sumLong(field);
    }

    /**
     * See {@link Aggregations#min(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> min(DoubleField<T> field) {
        return Aggregations.min(field);
    }

    /**
     * See {@link Aggregations#max(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> max(DoubleField<T> field) {
        return Aggregations.max(field);
    }

    /**
     * See {@link Aggregations#minLong(LongField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Long> minLong(LongField<T> field) {
        return Aggregations.minLong(field);
    }

    /**
     * See {@link Aggregations#maxLong(LongField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Long> maxLong(LongField<T> field) {
        return Aggregations.maxLong(field);
    }

    /**
     * See {@link Aggregations#mean(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> mean(DoubleField<T> field) {
        return Aggregations.mean(field);
    }

    /**
     * See {@link Aggregations#variance(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> variance(DoubleField<T> field) {
        return Aggregations.variance(field);
    }

    /**
     * See {@link Aggregations#populationVariance(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> populationVariance(DoubleField<T> field) {
        return Aggregations.populationVariance(field);
    }

    /**
     * See {@link Aggregations#stddev(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> stddev(DoubleField<T> field) {
        return Aggregations.stddev(field);
    }

    /**
     * See {@link Aggregations#populationStddev(DoubleField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> populationStddev(DoubleField<T> field) {
        return Aggregations.populationStddev(field);
    }

    /**
     * See {@link Aggregations#first(LongField, ValueField, TypeInformation)}.
     *
     * @param eventTime the event time field
     * @param value the value field
     * @param valueType the value type
     * @param <V> the value type
     * @return the aggregator
     */
    public <V> Aggregator<T, ?, V> first(
            LongField<T> eventTime, ValueField<T, V> value, TypeInformation<V> valueType) {
        return Aggregations.first(eventTime, value, valueType);
    }

    /**
     * See {@link Aggregations#last(LongField, ValueField, TypeInformation)}.
     *
     * @param eventTime the event time field
     * @param value the value field
     * @param valueType the value type
     * @param <V> the value type
     * @return the aggregator
     */
    public <V> Aggregator<T, ?, V> last(
            LongField<T> eventTime, ValueField<T, V> value, TypeInformation<V> valueType) {
        return Aggregations.last(eventTime, value, valueType);
    }

    /**
     * See {@link Aggregations#first(LongField, DoubleField)}.
     *
     * @param eventTime the event time field
     * @param value the value field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> first(LongField<T> eventTime, DoubleField<T> value) {
        return Aggregations.first(eventTime, value);
    }

    /**
     * See {@link Aggregations#last(LongField, DoubleField)}.
     *
     * @param eventTime the event time field
     * @param value the value field
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> last(LongField<T> eventTime, DoubleField<T> value) {
        return Aggregations.last(eventTime, value);
    }

    /**
     * See {@link Aggregations#distinctCount(LongField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Long> distinctCount(LongField<T> field) {
        return Aggregations.distinctCount(field);
    }

    /**
     * See {@link Aggregations#distinctCountOf(ValueField)}.
     *
     * @param field the field
     * @return the aggregator
     */
    public Aggregator<T, ?, Long> distinctCountOf(ValueField<T, String> field) {
        return Aggregations.distinctCountOf(field);
    }

    /**
     * See {@link Aggregations#quantile(DoubleField, double)}.
     *
     * @param field the field
     * @param q the quantile in {@code [0, 1]}
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> quantile(DoubleField<T> field, double q) {
        return Aggregations.quantile(field, q);
    }

    /**
     * See {@link Aggregations#quantile(DoubleField, double, int)}.
     *
     * @param field the field
     * @param q the quantile in {@code [0, 1]}
     * @param k the KLL {@code k}
     * @return the aggregator
     */
    public Aggregator<T, ?, Double> quantile(DoubleField<T> field, double q, int k) {
        return Aggregations.quantile(field, q, k);
    }

    /**
     * See {@link Aggregations#quantiles(DoubleField, double...)}.
     *
     * @param field the field
     * @param qs the quantiles in {@code [0, 1]}
     * @return the aggregator
     */
    public Aggregator<T, ?, double[]> quantiles(DoubleField<T> field, double... qs) {
        return Aggregations.quantiles(field, qs);
    }

    /**
     * See {@link Aggregations#topK(DoubleField, int)}.
     *
     * @param field the field
     * @param k how many values
     * @return the aggregator
     */
    public Aggregator<T, ?, double[]> topK(DoubleField<T> field, int k) {
        return Aggregations.topK(field, k);
    }
}
