package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.annotation.Internal;

/**
 * Base of every aggregator the library hands out. It carries two things no public signature shows:
 *
 * <ul>
 *   <li>a random part id, fixed at creation and kept by every serialized copy, so that {@code
 *       Results.get(part)} finds a part's value in any copy of the job graph (the handle the user
 *       captured in a downstream function is a copy, not the same object);
 *   <li>a stable description ({@code "sum"}, {@code "quantile(0.99,k=200)"}) that the default uid
 *       of a window includes: the same in every JVM and run, unlike the part id or a class name of
 *       an anonymous class.
 * </ul>
 */
@Internal
public abstract class BuiltInAggregator<T, A, R> implements Aggregator<T, A, R> {
    private static final long serialVersionUID = 1L;
    private final long partId = ThreadLocalRandom.current().nextLong();
    private final String description;

    /**
     * Sets the stable description.
     *
     * @param description kind and parameters
     */
    protected BuiltInAggregator(String description) {
        this.description = description;
    }

    /**
     * The id {@code Results.get(part)} looks this part up by.
     *
     * @return the result
     */
    public final long partId() {
        return partId;
    }

    /**
     * The stable description of this aggregation (kind and parameters, no field accessors).
     *
     * @return the result
     */
    public final String description() {
        return description;
    }

    /**
     * The stable description of any aggregator: ours describe themselves, others by class.
     *
     * @param aggregator the aggregator
     * @return the result
     */
    public static String describe(Aggregator<?, ?, ?> aggregator) {
        return aggregator instanceof BuiltInAggregator
                ? ((BuiltInAggregator<?, ?, ?>) aggregator).description()
                : aggregator.getClass().getName();
    }

    @Override
    public String toString() {
        return description;
    }
}
