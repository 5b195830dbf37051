package dev.streamkit.cep.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps the events a pattern looks at; runs before keyBy on both the flink-cep and fast paths. */
@Internal
public final class RelevanceFilter<T> implements FilterFunction<T> {
    private static final long serialVersionUID = 1L;

    private final EventPredicate<T> relevant;

    public RelevanceFilter(EventPredicate<T> relevant) {
        this.relevant = relevant;
    }

    @Override
    public boolean filter(T value) {
        return relevant.test(value);
    }
}
