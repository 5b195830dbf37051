package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields;
import org.apache.flink.annotation.Internal;

/**
 * An aggregator whose {@code add} is one of a few fixed primitive updates of its array accumulator,
 * so that {@link CompositeAggregator} can apply it inline (one pass over the parts without a
 * virtual call per part and event). The update must be exactly the aggregator's own {@code add},
 * and its {@code merge} the kind's (sums add; min/max take the min/max of the values and add the
 * counts): {@link PackedCompositeAggregator} applies both inline on its packed accumulator.
 */
@Internal
public interface PrimitivePart<T> {
    /** {@code long[1]}: {@code acc[0]++}. */
    int COUNT = 1;

    /** {@code long[1]}: {@code acc[0] += longField(value)}. */
    int SUM_LONG = 2;

    /** {@code double[2]} {@code {min, n}}: {@code acc[0] = Math.min(acc[0], v); acc[1]++}. */
    int MIN = 3;

    /** {@code double[2]} {@code {max, n}}: {@code acc[0] = Math.max(acc[0], v); acc[1]++}. */
    int MAX = 4;

    /** {@code long[2]} {@code {min, n}}: {@code acc[0] = Math.min(acc[0], v); acc[1]++}. */
    int MIN_LONG = 5;

    /** {@code long[2]} {@code {max, n}}: {@code acc[0] = Math.max(acc[0], v); acc[1]++}. */
    int MAX_LONG = 6;

    /**
     * Which of the updates above {@code add} is.
     *
     * @return the result
     */
    int primitiveKind();

    /**
     * The field of {@link #SUM_LONG}, {@link #MIN_LONG} and {@link #MAX_LONG}, otherwise null.
     *
     * @return the result
     */
    default Fields.LongField<T> longField() {
        return null;
    }

    /**
     * The field of {@link #MIN} and {@link #MAX}, otherwise null.
     *
     * @return the result
     */
    default Fields.DoubleField<T> doubleField() {
        return null;
    }
}
