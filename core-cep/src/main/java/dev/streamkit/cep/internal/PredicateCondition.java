package dev.streamkit.cep.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * A flink-cep condition backed by an {@link EventPredicate}.
 *
 * @serial exclude
 */
@Internal
public final class PredicateCondition<T> extends SimpleCondition<T> {
    private static final long serialVersionUID = 1L;

    private final EventPredicate<T> predicate;

    /**
     * A condition.
     *
     * @param predicate the test
     */
    public PredicateCondition(EventPredicate<T> predicate) {
        this.predicate = predicate;
    }

    @Override
    public boolean filter(T value) {
        return predicate.test(value);
    }
}
