package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.Results;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/** The {@link Results} of a composite: the parts' ids (shared, not per record) and values. */
@Internal
public final class ResultValues implements Results {
    private final long[] ids;
    private final Object[] values;

    /**
     * Takes ownership of {@code values}; {@code ids} is shared and never modified.
     *
     * @param ids the ids
     * @param values the values
     */
    public ResultValues(long[] ids, Object[] values) {
        this.ids = ids;
        this.values = values;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get(Aggregator<?, ?, V> part) {
        if (part instanceof BuiltInAggregator) {
            long id = ((BuiltInAggregator<?, ?, ?>) part).partId();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == id) {
                    return (V) values[i];
                }
            }
            throw new IllegalArgumentException(
                    "part " + part + " is not one of the aggregations of this result");
        }
        throw new IllegalArgumentException(
                "part "
                        + part
                        + " was not created by Aggregations: read it by position with get(int)");
    }

    @Override
    public Object get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    long[] ids() {
        return ids;
    }

    Object[] values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultValues && Arrays.deepEquals(values, ((ResultValues) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "Results" + Arrays.deepToString(values);
    }
}
