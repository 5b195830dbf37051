package dev.streamkit.windows;

import dev.streamkit.windows.Fields.DoubleField;
import dev.streamkit.windows.Fields.LongField;
import dev.streamkit.windows.Fields.ValueField;
import dev.streamkit.windows.internal.BuiltInAggregator;
import dev.streamkit.windows.internal.CompositeAggregator;
import dev.streamkit.windows.internal.DistinctAccumulator;
import dev.streamkit.windows.internal.DistinctSerializer;
import dev.streamkit.windows.internal.KllSerializer;
import dev.streamkit.windows.internal.PrimitivePart;
import dev.streamkit.windows.internal.TimedValue;
import dev.streamkit.windows.internal.TimedValueSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.util.Preconditions;

/**
 * The catalog of composable aggregators: several metrics in one pass, one typed result.
 *
 * <pre>{@code
 * Aggregations.Typed<Txn> txn = Aggregations.forType(Txn.class);
 * Aggregator<Txn, ?, Long> count = txn.count();
 * Aggregator<Txn, ?, Double> p99 = txn.quantile(t -> t.amount, 0.99);
 * Aggregator<Txn, ?, Results> stats = txn.of(count, txn.sum(t -> t.amount), p99);
 * // read back with the parts (r.get(p99)), or map into your own class:
 * Aggregator<Txn, ?, TxnStats> mine =
 *     stats.into(r -> new TxnStats(r.get(count), r.get(p99)), TxnStats.class);
 * }</pre>
 *
 * <p>Several parts are composed with {@link Typed#of(Aggregator[])} or {@link #ofAll(List)}, whose
 * result is {@link Results}; {@link Aggregator#into(Aggregator.ResultMapper, Class)} maps it into
 * your own class without changing the accumulator (the state).
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
     * Results#get(Aggregator)}. With a typed factory: {@link Typed#of(Aggregator[])}.
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
    public static <T> Typed<T> forType(Class<T> type) {
        Preconditions.checkArgument(type != null, "type must not be null");
        return new Typed<>();
    }

    /**
     * {@link #forType(Class)} for a generic element type.
     *
     * @param type the element type
     * @param <T> the element type
     * @return the typed factory
     */
    public static <T> Typed<T> forType(TypeInformation<T> type) {
        Preconditions.checkArgument(type != null, "type must not be null");
        return new Typed<>();
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

    private static final class CountAggregator<T> extends LongArrayAggregator<T, Long>
            implements PrimitivePart<T> {
        private static final long serialVersionUID = 1L;

        CountAggregator() {
            super("count", Types.LONG);
        }

        @Override
        public int primitiveKind() {
            return COUNT;
        }

        @Override
        public long[] createAccumulator() {
            return new long[1];
        }

        @Override
        public long[] add(long[] acc, T value) {
            acc[0]++;
            return acc;
        }

        @Override
        public long[] merge(long[] acc, long[] other) {
            acc[0] += other[0];
            return acc;
        }

        @Override
        public Long getResult(long[] acc) {
            return acc[0];
        }
    }

    /**
     * The exact sum of a {@code long} field (overflow wraps, as in Java).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> sumLong(LongField<T> field) {
        Preconditions.checkArgument(field != null, "field must not be null");
        return new SumLongAggregator<>(field);
    }

    private static final class SumLongAggregator<T> extends LongArrayAggregator<T, Long>
            implements PrimitivePart<T> {
        private static final long serialVersionUID = 1L;
        private final LongField<T> field;

        SumLongAggregator(LongField<T> field) {
            super("sumLong", Types.LONG);
            this.field = field;
        }

        @Override
        public int primitiveKind() {
            return SUM_LONG;
        }

        @Override
        public LongField<T> longField() {
            return field;
        }

        @Override
        public long[] createAccumulator() {
            return new long[1];
        }

        @Override
        public long[] add(long[] acc, T value) {
            acc[0] += field.get(value);
            return acc;
        }

        @Override
        public long[] merge(long[] acc, long[] other) {
            acc[0] += other[0];
            return acc;
        }

        @Override
        public Long getResult(long[] acc) {
            return acc[0];
        }
    }

    /**
     * The sum of a {@code double} field, Kahan-compensated ({@code {sum, compensation}}).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> sum(DoubleField<T> field) {
        Preconditions.checkArgument(field != null, "field must not be null");
        return new DoubleArrayAggregator<T, Double>("sum", Types.DOUBLE) {
            @Override
            public double[] createAccumulator() {
                return new double[2];
            }

            @Override
            public double[] add(double[] acc, T value) {
                kahanAdd(acc, field.get(value));
                return acc;
            }

            @Override
            public double[] merge(double[] acc, double[] other) {
                kahanAdd(acc, other[0]);
                kahanAdd(acc, -other[1]);
                return acc;
            }

            @Override
            public Double getResult(double[] acc) {
                return acc[0] - acc[1];
            }
        };
    }

    private static void kahanAdd(double[] acc, double x) {
        double y = x - acc[1];
        double t = acc[0] + y;
        if (!Double.isFinite(t)) {
            // an infinite or NaN input (or an overflow): the IEEE sum, no compensation (which
            // would be inf - inf = NaN and turn +Infinity into NaN)
            acc[0] = acc[0] + x;
            acc[1] = 0;
            return;
        }
        acc[1] = (t - acc[0]) - y;
        acc[0] = t;
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
        return extreme(field, false);
    }

    /**
     * The largest value of a field ({@code NaN} for no input).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> max(DoubleField<T> field) {
        return extreme(field, true);
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
        Preconditions.checkArgument(field != null, "field must not be null");
        return new LongExtremeAggregator<>(field, false);
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
        Preconditions.checkArgument(field != null, "field must not be null");
        return new LongExtremeAggregator<>(field, true);
    }

    /** {@code {value, count}}. */
    private static final class LongExtremeAggregator<T> extends LongArrayAggregator<T, Long>
            implements PrimitivePart<T> {
        private static final long serialVersionUID = 1L;
        private final LongField<T> field;
        private final boolean max;

        LongExtremeAggregator(LongField<T> field, boolean max) {
            super(max ? "maxLong" : "minLong", Types.LONG);
            this.field = field;
            this.max = max;
        }

        @Override
        public int primitiveKind() {
            return max ? MAX_LONG : MIN_LONG;
        }

        @Override
        public LongField<T> longField() {
            return field;
        }

        @Override
        public long[] createAccumulator() {
            return new long[] {max ? Long.MIN_VALUE : Long.MAX_VALUE, 0};
        }

        @Override
        public long[] add(long[] acc, T value) {
            long v = field.get(value);
            acc[0] = max ? Math.max(acc[0], v) : Math.min(acc[0], v);
            acc[1]++;
            return acc;
        }

        @Override
        public long[] merge(long[] acc, long[] other) {
            acc[0] = max ? Math.max(acc[0], other[0]) : Math.min(acc[0], other[0]);
            acc[1] += other[1];
            return acc;
        }

        @Override
        public Long getResult(long[] acc) {
            return acc[1] == 0 ? null : acc[0];
        }
    }

    private static <T> Aggregator<T, double[], Double> extreme(DoubleField<T> field, boolean max) {
        Preconditions.checkArgument(field != null, "field must not be null");
        return new ExtremeAggregator<>(field, max);
    }

    /** {@code {value, count}}. */
    private static final class ExtremeAggregator<T> extends DoubleArrayAggregator<T, Double>
            implements PrimitivePart<T> {
        private static final long serialVersionUID = 1L;
        private final DoubleField<T> field;
        private final boolean max;

        ExtremeAggregator(DoubleField<T> field, boolean max) {
            super(max ? "max" : "min", Types.DOUBLE);
            this.field = field;
            this.max = max;
        }

        @Override
        public int primitiveKind() {
            return max ? MAX : MIN;
        }

        @Override
        public DoubleField<T> doubleField() {
            return field;
        }

        @Override
        public double[] createAccumulator() {
            return new double[] {max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, 0};
        }

        @Override
        public double[] add(double[] acc, T value) {
            double v = field.get(value);
            acc[0] = max ? Math.max(acc[0], v) : Math.min(acc[0], v);
            acc[1]++;
            return acc;
        }

        @Override
        public double[] merge(double[] acc, double[] other) {
            acc[0] = max ? Math.max(acc[0], other[0]) : Math.min(acc[0], other[0]);
            acc[1] += other[1];
            return acc;
        }

        @Override
        public Double getResult(double[] acc) {
            return acc[1] == 0 ? Double.NaN : acc[0];
        }
    }

    /**
     * The arithmetic mean of a field ({@code NaN} for no input).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> mean(DoubleField<T> field) {
        return moments(field, MOMENT_MEAN);
    }

    /**
     * The sample variance (n - 1 denominator, SQL {@code VAR_SAMP}); {@code NaN} below 2 values.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> variance(DoubleField<T> field) {
        return moments(field, MOMENT_VAR_SAMP);
    }

    /**
     * The population variance (n denominator, SQL {@code VAR_POP}); {@code NaN} for no input.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> populationVariance(DoubleField<T> field) {
        return moments(field, MOMENT_VAR_POP);
    }

    /**
     * The sample standard deviation (SQL {@code STDDEV_SAMP}); {@code NaN} below 2 values.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> stddev(DoubleField<T> field) {
        return moments(field, MOMENT_STD_SAMP);
    }

    /**
     * The population standard deviation (SQL {@code STDDEV_POP}); {@code NaN} for no input.
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Double> populationStddev(DoubleField<T> field) {
        return moments(field, MOMENT_STD_POP);
    }

    private static final int MOMENT_MEAN = 0;
    private static final int MOMENT_VAR_SAMP = 1;
    private static final int MOMENT_VAR_POP = 2;
    private static final int MOMENT_STD_SAMP = 3;
    private static final int MOMENT_STD_POP = 4;
    private static final String[] MOMENT_NAMES = {
        "mean", "variance", "populationVariance", "stddev", "populationStddev"
    };

    private static <T> Aggregator<T, double[], Double> moments(DoubleField<T> field, int kind) {
        Preconditions.checkArgument(field != null, "field must not be null");
        return new DoubleArrayAggregator<T, Double>(MOMENT_NAMES[kind], Types.DOUBLE) {
            // {n, mean, m2}: Welford on add, Chan et al. on merge.
            @Override
            public double[] createAccumulator() {
                return new double[3];
            }

            @Override
            public double[] add(double[] acc, T value) {
                double x = field.get(value);
                if (!Double.isFinite(x)) {
                    // defined, order-independent result: a NaN mean poisons every later update
                    // and merge (Welford would give Infinity or NaN depending on the order)
                    x = Double.NaN;
                }
                double n = acc[0] + 1;
                double delta = x - acc[1];
                acc[1] += delta / n;
                acc[2] += delta * (x - acc[1]);
                acc[0] = n;
                return acc;
            }

            @Override
            public double[] merge(double[] acc, double[] other) {
                if (other[0] == 0) {
                    return acc;
                }
                if (acc[0] == 0) {
                    System.arraycopy(other, 0, acc, 0, 3);
                    return acc;
                }
                double n = acc[0] + other[0];
                double delta = other[1] - acc[1];
                acc[1] += delta * (other[0] / n);
                acc[2] += other[2] + delta * delta * (acc[0] * other[0] / n);
                acc[0] = n;
                return acc;
            }

            @Override
            public Double getResult(double[] acc) {
                double n = acc[0];
                switch (kind) {
                    case MOMENT_MEAN:
                        return n == 0 ? Double.NaN : acc[1];
                    case MOMENT_VAR_SAMP:
                        return n < 2 ? Double.NaN : Math.max(0, acc[2]) / (n - 1);
                    case MOMENT_VAR_POP:
                        return n == 0 ? Double.NaN : Math.max(0, acc[2]) / n;
                    case MOMENT_STD_SAMP:
                        return n < 2 ? Double.NaN : Math.sqrt(Math.max(0, acc[2]) / (n - 1));
                    default:
                        return n == 0 ? Double.NaN : Math.sqrt(Math.max(0, acc[2]) / n);
                }
            }
        };
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
        return timed(eventTime, value, valueType, true);
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
        return timed(eventTime, value, valueType, false);
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
        return timed(eventTime, value::get, Types.DOUBLE, true);
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
        return timed(eventTime, value::get, Types.DOUBLE, false);
    }

    private static <T, V> Aggregator<T, TimedValue<V>, V> timed(
            LongField<T> eventTime,
            ValueField<T, V> value,
            TypeInformation<V> valueType,
            boolean first) {
        Preconditions.checkArgument(eventTime != null, "eventTime must not be null");
        Preconditions.checkArgument(value != null, "value must not be null");
        Preconditions.checkArgument(valueType != null, "valueType must not be null");
        return new BuiltInAggregator<T, TimedValue<V>, V>(first ? "first" : "last") {
            private static final long serialVersionUID = 1L;

            @Override
            public TimedValue<V> createAccumulator() {
                return new TimedValue<>();
            }

            private boolean wins(long candidate, TimedValue<V> acc, boolean laterArrival) {
                if (!acc.present) {
                    return true;
                }
                if (first) {
                    return candidate < acc.timestamp;
                }
                return laterArrival ? candidate >= acc.timestamp : candidate > acc.timestamp;
            }

            @Override
            public TimedValue<V> add(TimedValue<V> acc, T element) {
                long ts = eventTime.get(element);
                if (wins(ts, acc, true)) {
                    acc.present = true;
                    acc.timestamp = ts;
                    acc.value = value.get(element);
                }
                return acc;
            }

            @Override
            public TimedValue<V> merge(TimedValue<V> acc, TimedValue<V> other) {
                if (other.present && wins(other.timestamp, acc, true)) {
                    acc.present = true;
                    acc.timestamp = other.timestamp;
                    acc.value = other.value;
                }
                return acc;
            }

            @Override
            public V getResult(TimedValue<V> acc) {
                return acc.present ? acc.value : null;
            }

            @Override
            public TypeSerializer<TimedValue<V>> accumulatorSerializer() {
                return new TimedValueSerializer<>(
                        valueType.createSerializer(
                                new org.apache.flink.api.common.serialization
                                        .SerializerConfigImpl()));
            }

            @Override
            public TypeInformation<V> resultType() {
                return valueType;
            }
        };
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
        Preconditions.checkArgument(field != null, "field must not be null");
        return new DistinctAggregator<T>("distinctCount") {
            @Override
            public DistinctAccumulator add(DistinctAccumulator acc, T value) {
                acc.addHash(hashLong(field.get(value)));
                return acc;
            }
        };
    }

    /**
     * {@link #distinctCount(LongField)} of a {@code String} field (hashed with MurmurHash3).
     *
     * @param field reads the value from an element
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> Aggregator<T, ?, Long> distinctCountOf(ValueField<T, String> field) {
        Preconditions.checkArgument(field != null, "field must not be null");
        return new DistinctAggregator<T>("distinctCountOf") {
            @Override
            public DistinctAccumulator add(DistinctAccumulator acc, T value) {
                String s = field.get(value);
                byte[] bytes = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
                acc.addHash(MurmurHash3.hash(bytes, 9001L)[0]);
                return acc;
            }
        };
    }

    private static long hashLong(long v) {
        return MurmurHash3.hash(new long[] {v}, 9001L)[0];
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
        Preconditions.checkArgument(q >= 0 && q <= 1, "q must be in [0, 1], got %s", q);
        return new KllAggregator<T, Double>(
                "quantile(" + q + ",k=" + k + ")", field, k, Types.DOUBLE) {
            @Override
            public Double getResult(KllDoublesSketch acc) {
                return acc.isEmpty() ? Double.NaN : acc.getQuantile(q);
            }
        };
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
        Preconditions.checkArgument(
                qs != null && qs.length > 0, "qs: at least one quantile is required");
        double[] ranks = qs.clone();
        for (double q : ranks) {
            Preconditions.checkArgument(q >= 0 && q <= 1, "qs must be in [0, 1], got %s", q);
        }
        return new KllAggregator<T, double[]>(
                "quantiles(" + Arrays.toString(ranks) + ")",
                field,
                DEFAULT_QUANTILE_K,
                PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO) {
            @Override
            public double[] getResult(KllDoublesSketch acc) {
                double[] out = new double[ranks.length];
                for (int i = 0; i < ranks.length; i++) {
                    out[i] = acc.isEmpty() ? Double.NaN : acc.getQuantile(ranks[i]);
                }
                return out;
            }
        };
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
        Preconditions.checkArgument(field != null, "field must not be null");
        Preconditions.checkArgument(k >= 1 && k <= 100_000, "k must be in [1, 100000], got %s", k);
        return new DoubleArrayAggregator<T, double[]>(
                "topK(" + k + ")", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO) {
            // acc[0] = size; acc[1..size] = a binary min-heap of the largest values seen.
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
        };
    }

    // ----------------------------------------------------------------------------------------
    // Shared bases

    private abstract static class LongArrayAggregator<T, R>
            extends BuiltInAggregator<T, long[], R> {
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

    private abstract static class DoubleArrayAggregator<T, R>
            extends BuiltInAggregator<T, double[], R> {
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

    private abstract static class DistinctAggregator<T>
            extends BuiltInAggregator<T, DistinctAccumulator, Long> {
        private static final long serialVersionUID = 1L;

        DistinctAggregator(String description) {
            super(description);
        }

        @Override
        public DistinctAccumulator createAccumulator() {
            return new DistinctAccumulator();
        }

        @Override
        public DistinctAccumulator merge(DistinctAccumulator acc, DistinctAccumulator other) {
            acc.merge(other);
            return acc;
        }

        @Override
        public Long getResult(DistinctAccumulator acc) {
            return acc.estimate();
        }

        @Override
        public TypeSerializer<DistinctAccumulator> accumulatorSerializer() {
            return DistinctSerializer.INSTANCE;
        }

        @Override
        public TypeInformation<Long> resultType() {
            return Types.LONG;
        }
    }

    private abstract static class KllAggregator<T, R>
            extends BuiltInAggregator<T, KllDoublesSketch, R> {
        private static final long serialVersionUID = 1L;
        private final DoubleField<T> field;
        private final int k;
        private final TypeInformation<R> resultType;

        KllAggregator(
                String description, DoubleField<T> field, int k, TypeInformation<R> resultType) {
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

    // ----------------------------------------------------------------------------------------
    // Typed factory

    /**
     * The aggregations of {@link Aggregations} for one element type, from {@link
     * Aggregations#forType(Class)}: the element type is given once and every lambda infers it. Each
     * method returns the part, which is also the handle its value is read back with from the {@link
     * Results} of {@link #of(Aggregator[])}.
     *
     * <pre>{@code
     * Aggregations.Typed<Txn> txn = Aggregations.forType(Txn.class);
     * Aggregator<Txn, ?, Long> count = txn.count();
     * Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
     * Aggregator<Txn, ?, Results> stats = txn.of(count, total, txn.max(t -> t.amount));
     * }</pre>
     *
     * <p>Stateless and immutable; every method has the contract of the static method of the same
     * name.
     *
     * @param <T> the element type
     */
    @PublicEvolving
    public static final class Typed<T> {
        Typed() {}

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
}
