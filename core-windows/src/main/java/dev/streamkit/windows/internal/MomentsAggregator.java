package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.DoubleField;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Preconditions;

/**
 * The mean, variance or standard deviation of a {@code double} field, numerically stable: Welford
 * updates on add, the exact merge of Chan et al. on merge. Accumulator (state layout): {@code
 * double[3]} {@code {n, mean, m2}} ({@code m2} is the sum of squared deviations from the mean), the
 * same for every {@link Moment}.
 *
 * <p>A NaN or infinite value makes the result NaN whatever the order of adds and merges. No input
 * gives NaN; the sample variants give NaN below two values.
 *
 * @param <T> the element type
 */
@Internal
public final class MomentsAggregator<T> extends DoubleArrayAggregator<T, Double> {
    private static final long serialVersionUID = 1L;

    /** Which statistic the accumulator is read as; the name is the aggregator's description. */
    public enum Moment {
        /** The arithmetic mean. */
        MEAN("mean"),
        /** The sample variance (n - 1 denominator, SQL {@code VAR_SAMP}). */
        VARIANCE("variance"),
        /** The population variance (n denominator, SQL {@code VAR_POP}). */
        POPULATION_VARIANCE("populationVariance"),
        /** The sample standard deviation (SQL {@code STDDEV_SAMP}). */
        STDDEV("stddev"),
        /** The population standard deviation (SQL {@code STDDEV_POP}). */
        POPULATION_STDDEV("populationStddev");

        private final String description;

        Moment(String description) {
            this.description = description;
        }
    }

    private final DoubleField<T> field;
    private final Moment moment;

    /**
     * Described by the moment's name ({@code mean}, {@code variance}, {@code populationVariance},
     * {@code stddev}, {@code populationStddev}).
     *
     * @param field reads the value from an element, not null
     * @param moment the statistic the result is
     */
    public MomentsAggregator(DoubleField<T> field, Moment moment) {
        super(moment.description, Types.DOUBLE);
        Preconditions.checkArgument(field != null, "field must not be null");
        this.field = field;
        this.moment = moment;
    }

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
        switch (moment) {
            case MEAN:
                return n == 0 ? Double.NaN : acc[1];
            case VARIANCE:
                return n < 2 ? Double.NaN : Math.max(0, acc[2]) / (n - 1);
            case POPULATION_VARIANCE:
                return n == 0 ? Double.NaN : Math.max(0, acc[2]) / n;
            case STDDEV:
                return n < 2 ? Double.NaN : Math.sqrt(Math.max(0, acc[2]) / (n - 1));
            default:
                return n == 0 ? Double.NaN : Math.sqrt(Math.max(0, acc[2]) / n);
        }
    }
}
