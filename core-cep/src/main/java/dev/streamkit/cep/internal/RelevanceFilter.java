package dev.streamkit.cep.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Keeps the events a pattern looks at, and the invalid records (so that the keyed operator counts
 * and routes them); runs before keyBy on both the flink-cep and fast paths. Never throws. A
 * relevant event passes without the full {@link InputCheck} (the keyed operator checks every record
 * anyway); only an irrelevant-looking one is checked, so that an invalid record the predicate
 * happens to reject (a null kind is no transaction) is still counted.
 *
 * @serial exclude
 */
@Internal
public final class RelevanceFilter<T> implements FilterFunction<T> {
    private static final long serialVersionUID = 1L;

    private final EventPredicate<T> relevant;
    private final InputCheck<T> check;

    /**
     * The filter of one pattern.
     *
     * @param relevant the events the pattern looks at
     * @param check finds invalid records (they pass, to be counted and routed)
     */
    public RelevanceFilter(EventPredicate<T> relevant, InputCheck<T> check) {
        this.relevant = relevant;
        this.check = check;
    }

    @Override
    public boolean filter(T value) {
        try {
            if (relevant.test(value)) {
                return true;
            }
        } catch (RuntimeException e) {
            return true; // the adapter failed on it: invalid, the keyed operator will say so
        }
        return check.problem(value) != null;
    }
}
