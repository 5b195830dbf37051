package dev.streamkit.windows;

import dev.streamkit.windows.Fields.DoubleField;
import dev.streamkit.windows.Fields.LongField;
import dev.streamkit.windows.Fields.ValueField;
import dev.streamkit.windows.internal.CompositeAggregator;
import dev.streamkit.windows.internal.CountAggregator;
import dev.streamkit.windows.internal.DistinctCountAggregator;
import dev.streamkit.windows.internal.FirstLastAggregator;
import dev.streamkit.windows.internal.KahanSumAggregator;
import dev.streamkit.windows.internal.LongMinMaxAggregator;
import dev.streamkit.windows.internal.MinMaxAggregator;
import dev.streamkit.windows.internal.MomentsAggregator;
import dev.streamkit.windows.internal.MomentsAggregator.Moment;
import dev.streamkit.windows.internal.QuantileAggregator;
import dev.streamkit.windows.internal.QuantilesAggregator;
import dev.streamkit.windows.internal.SumLongAggregator;
import dev.streamkit.windows.internal.TopKAggregator;
import java.util.List;
import org.apache.datasketches.kll.KllSketch;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Preconditions;

/**
 * The catalog of composable aggregators: several metrics in one pass, one typed result.
 *
 * <pre>{@code
 * TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
 * Aggregator<Txn, ?, Long> count = txn.count();
 * Aggregator<Txn, ?, Double> p99 = txn.quantile(t -> t.amount, 0.99);
 * Aggregator<Txn, ?, Results> stats = txn.of(count, txn.sum(t -> t.amount), p99);
 * // read back with the parts (r.get(p99)), or map into your own class:
 * Aggregator<Txn, ?, TxnStats> mine =
 *     stats.into(r -> new TxnStats(r.get(count), r.get(p99)), TxnStats.class);
 * }</pre>
 *
 * <p>Several parts are composed with {@link TypedAggregations#of(Aggregator[])} or {@link
 * #ofAll(List)}, whose result is {@link Results}; {@link Aggregator#into(Aggregator.ResultMapper,
 * Class)} maps it into your own class without changing the accumulator (the state).
 *
 * <p>Numeric results of an empty input are {@code NaN} (min, max, mean, variance, quantiles); a
 * window never aggregates an empty input.
 *
 * <p><b>NaN and infinite values</b> (a producer's bad reading) never fail a job; each aggregator
 * has a defined, order-independent result:
 *
 * <ul>
 *   <li>{@link #sum}: the IEEE sum: NaN if any value is NaN or both infinities occur, else the
 *       infinity if one occurs (also when a finite sum overflows).
 *   <li>{@link #min}, {@link #max}: NaN if any value is NaN ({@link Math#min}); infinities are
 *       ordinary values.
 *   <li>{@link #mean}, {@link #variance}, {@link #stddev} and the population variants: NaN if any
 *       value is NaN or infinite.
 *   <li>{@link #quantile}, {@link #quantiles}: NaN values are ignored (not counted); infinities are
 *       ordinary values.
 *   <li>{@link #topK}: NaN values are ignored; infinities are ordinary values.
 *   <li>{@link #first}, {@link #last}: the value as it is, NaN included.
 *   <li>{@link #count}, {@link #distinctCount}: no floating point; {@link #distinctCountOf} counts
 *       a null string as the empty string. {@link #sumLong} wraps around on overflow (Java {@code
 *       long} arithmetic): use {@link #sum} for values that may approach 2<sup>63</sup>.
 * </ul>
 *
 * <p>A field extractor that throws (e.g. unboxing a null {@code Double}) fails the job: map missing
 * values to a number or NaN in the extractor. Error bounds:
 *
 * <ul>
 *   <li>{@link #sum}: Kahan-compensated; {@link #mean} and {@link #variance}: Welford updates and
 *       Chan et al. merges (numerically stable, exact merge formulas).
 *   <li>{@link #distinctCount}: exact up to 1,024 distinct values, then a DataSketches HLL sketch
 *       (lgK 12): relative standard error 1.63 %.
 *   <li>{@link #quantile}: a DataSketches KLL sketch, exact while it holds fewer than {@code k}
 *       values; with the default {@code k = 200} the rank error is at most 1.65 % with 99 %
 *       confidence (see {@link #quantileRankError(int)}).
 *   <li>{@link #topK}: exact.
 * </ul>
 */
@PublicEvolving
public final class Aggregations {
    /** Default KLL {@code k} of {@link #quantile(DoubleField, double)}. */
    public static final int DEFAULT_QUANTILE_K = 200;

    private Aggregations() {}

    // ----------------------------------------------------------------------------------------
    // Composition

    /**
     * Any number of aggregations in one pass; read each part's result with {@link
     * Results#get(Aggregator)}. With a typed factory: {@link TypedAggregations#of(Aggregator[])}.
     *
     * @param parts the aggregations, at least one
     * @param <T> the element type
     * @return the composite aggregator
     */
    public static <T> Aggregator<T, ?, Results> ofAll(List<? extends Aggregator<T, ?, ?>> parts) {
        return CompositeAggregator.results(parts);
    }

    /**
     * A factory of aggregations of elements of {@code type}: the element type is given once, so
     * lambdas need no parameter types ({@code txn.sum(t -> t.amount)}).
     *
     * @param type the element class
     * @param <T> the element type
     * @return the typed factory
     */
    public static <T> TypedAggregations<T> forType(Class<T> type) {
        Preconditions.checkArgument(type != null, "type must not be null");
        return new TypedAggregations<>();
    }

    /**
     * {@link #forType(Class)} for a generic element type.
     *
     * @param type the element type
     * @param <T> the element type
     * @return the typed factory
     */
    public static <T> TypedAggregations<T> forType(TypeInformation<T> type) {
        Preconditions.checkArgument(type != null, "type must not be null");
        return new TypedAggregations<>();
    }

    // ----------------------------------------------------------------------------------------
    // Counting and sums

    /**
     * The number of elements.
     *
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> count() {
        return new CountAggregator<>();
    }

    /**
     * The exact sum of a {@code long} field (overflow wraps, as in Java).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> sumLong(LongField<T> field) {
        return new SumLongAggregator<>(field);
    }

    /**
     * The sum of a {@code double} field, Kahan-compensated ({@code {sum, compensation}}).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> sum(DoubleField<T> field) {
        return new KahanSumAggregator<>(field);
    }

    // ----------------------------------------------------------------------------------------
    // Extremes and moments

    /**
     * The smallest value of a field ({@code NaN} for no input).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> min(DoubleField<T> field) {
        return new MinMaxAggregator<>(field, false);
    }

    /**
     * The largest value of a field ({@code NaN} for no input).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> max(DoubleField<T> field) {
        return new MinMaxAggregator<>(field, true);
    }

    /**
     * The smallest value of a {@code long} field, exact ({@code null} for no input, which a window
     * never has).
     *
     * @param field the field
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> minLong(LongField<T> field) {
        return new LongMinMaxAggregator<>(field, false);
    }

    /**
     * The largest value of a {@code long} field, exact ({@code null} for no input, which a window
     * never has).
     *
     * @param field the field
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> maxLong(LongField<T> field) {
        return new LongMinMaxAggregator<>(field, true);
    }

    /**
     * The arithmetic mean of a field ({@code NaN} for no input).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> mean(DoubleField<T> field) {
        return new MomentsAggregator<>(field, Moment.MEAN);
    }

    /**
     * The sample variance (n - 1 denominator, SQL {@code VAR_SAMP}); {@code NaN} below 2 values.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> variance(DoubleField<T> field) {
        return new MomentsAggregator<>(field, Moment.VARIANCE);
    }

    /**
     * The population variance (n denominator, SQL {@code VAR_POP}); {@code NaN} for no input.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> populationVariance(DoubleField<T> field) {
        return new MomentsAggregator<>(field, Moment.POPULATION_VARIANCE);
    }

    /**
     * The sample standard deviation (SQL {@code STDDEV_SAMP}); {@code NaN} below 2 values.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> stddev(DoubleField<T> field) {
        return new MomentsAggregator<>(field, Moment.STDDEV);
    }

    /**
     * The population standard deviation (SQL {@code STDDEV_POP}); {@code NaN} for no input.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> populationStddev(DoubleField<T> field) {
        return new MomentsAggregator<>(field, Moment.POPULATION_STDDEV);
    }

    // ----------------------------------------------------------------------------------------
    // First / last by event time

    /**
     * The value of the element with the smallest event time (ties: the one added first); {@code
     * null} for no input.
     *
     * @param eventTime reads the event time of an element
     * @param value reads the value from an element
     * @param valueType the type of the values
     * @param <T> the element type
     * @param <V> the value type
     * @return the aggregator
     */
    public static <T, V> Aggregator<T, ?, V> first(
            LongField<T> eventTime, ValueField<T, V> value, TypeInformation<V> valueType) {
        return new FirstLastAggregator<>(eventTime, value, valueType, true);
    }

    /**
     * The value of the element with the largest event time (ties: the one added last); {@code null}
     * for no input.
     *
     * @param eventTime reads the event time of an element
     * @param value reads the value from an element
     * @param valueType the type of the values
     * @param <T> the element type
     * @param <V> the value type
     * @return the aggregator
     */
    public static <T, V> Aggregator<T, ?, V> last(
            LongField<T> eventTime, ValueField<T, V> value, TypeInformation<V> valueType) {
        return new FirstLastAggregator<>(eventTime, value, valueType, false);
    }

    /**
     * {@link #first(LongField, ValueField, TypeInformation)} of a {@code double} field.
     *
     * @param eventTime reads the event time of an element
     * @param value reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> first(LongField<T> eventTime, DoubleField<T> value) {
        Preconditions.checkArgument(value != null, "value must not be null");
        return new FirstLastAggregator<>(eventTime, value::get, Types.DOUBLE, true);
    }

    /**
     * {@link #last(LongField, ValueField, TypeInformation)} of a {@code double} field.
     *
     * @param eventTime reads the event time of an element
     * @param value reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> last(LongField<T> eventTime, DoubleField<T> value) {
        Preconditions.checkArgument(value != null, "value must not be null");
        return new FirstLastAggregator<>(eventTime, value::get, Types.DOUBLE, false);
    }

    // ----------------------------------------------------------------------------------------
    // Sketches

    /**
     * The number of distinct values of a {@code long} field: exact up to 1,024 distinct values,
     * then an HLL estimate (RSE 1.63 %).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> distinctCount(LongField<T> field) {
        return DistinctCountAggregator.ofLong(field);
    }

    /**
     * {@link #distinctCount(LongField)} of a {@code String} field (hashed with MurmurHash3).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> distinctCountOf(ValueField<T, String> field) {
        return DistinctCountAggregator.ofString(field);
    }

    /**
     * The {@code q}-quantile (0 &lt;= q &lt;= 1) of a field, from a KLL sketch with {@code k =
     * 200}: exact below 200 values, else rank error at most {@link #quantileRankError(int)}.
     *
     * @param field reads the value from an element
     * @param q the quantile, in {@code [0, 1]}
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> quantile(DoubleField<T> field, double q) {
        return quantile(field, q, DEFAULT_QUANTILE_K);
    }

    /**
     * {@link #quantile(DoubleField, double)} with a chosen KLL {@code k} (8..65535).
     *
     * @param field reads the value from an element
     * @param q the quantile, in {@code [0, 1]}
     * @param k the sketch or heap size
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> quantile(DoubleField<T> field, double q, int k) {
        return QuantileAggregator.of(field, q, k);
    }

    /**
     * Several quantiles of a field from one KLL sketch ({@code k = 200}), in the given order.
     *
     * @param field reads the value from an element
     * @param qs the quantiles, in {@code [0, 1]}
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, double[]> quantiles(DoubleField<T> field, double... qs) {
        return QuantilesAggregator.of(field, DEFAULT_QUANTILE_K, qs);
    }

    /**
     * The normalized rank error (99 % confidence) of a KLL sketch with the given {@code k}.
     *
     * @param k the sketch or heap size
     * @return the aggregator
     */
    public static double quantileRankError(int k) {
        return KllSketch.getNormalizedRankError(k, false);
    }

    /**
     * The {@code k} largest values of a field, largest first (exact).
     *
     * @param field reads the value from an element
     * @param k the sketch or heap size
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, double[]> topK(DoubleField<T> field, int k) {
        return new TopKAggregator<>(field, k);
    }
}
