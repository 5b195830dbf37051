package dev.streamkit.windows;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The typed results of several aggregations computed in one pass, read back with the part that
 * produced each one:
 *
 * <pre>{@code
 * TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
 * Aggregator<Txn, ?, Long> count = txn.count();
 * Aggregator<Txn, ?, Double> p99 = txn.quantile(t -> t.amount, 0.99);
 * Aggregator<Txn, ?, Results> stats = txn.of(count, p99);
 * // downstream, on a WindowResult<String, Results> r:
 * long n = r.result.get(count);
 * double amountP99 = r.result.get(p99);
 * }</pre>
 *
 * <p>{@link #get(Aggregator)} finds a part created by {@link Aggregations} in any serialized copy
 * (the handle a downstream function captured is a copy of the one in the window). Parts of your own
 * {@link Aggregator} implementations are read by position with {@link #get(int)}. Instances are
 * immutable; {@code equals} compares the values (arrays by content).
 */
@PublicEvolving
public interface Results {

    /**
     * The result of {@code part}.
     *
     * @param part one of the aggregators this result was composed of
     * @param <V> the result type of {@code part}
     * @return its value for this window
     * @throws IllegalArgumentException if {@code part} is not one of them
     */
    <V> V get(Aggregator<?, ?, V> part);

    /**
     * The result of the part at {@code index} (in the order the parts were given).
     *
     * @param index 0-based position of the part
     * @return its value for this window
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    Object get(int index);

    /**
     * The number of parts.
     *
     * @return the number of values
     */
    int size();
}
