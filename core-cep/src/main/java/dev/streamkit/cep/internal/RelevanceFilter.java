package dev.streamkit.cep.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Keeps the events a pattern looks at, and the invalid records (so that the keyed operator counts
 * and routes them); runs before keyBy on both the flink-cep and fast paths. Never throws: the
 * relevance predicate is only asked about valid records, whose adapter values can be read.
 */
@Internal
public final class RelevanceFilter<T> implements FilterFunction<T> {
    private static final long serialVersionUID = 1L;

    private final EventPredicate<T> relevant;
    private final InputCheck<T> check;

    public RelevanceFilter(EventPredicate<T> relevant, InputCheck<T> check) {
        this.relevant = relevant;
        this.check = check;
    }

    @Override
    public boolean filter(T value) {
        return check.problem(value) != null || relevant.test(value);
    }
}
