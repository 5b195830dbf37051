package dev.streamkit.state;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Entry point for deduplication: exact (one small state entry per live id) or approximate (rotating
 * blocked Bloom filters, a few bits per id).
 *
 * <pre>{@code
 * // exact, keep-first, an order id is forgotten one hour of event time after it was last seen
 * SingleOutputStreamOperator<Order> unique =
 *         Deduplicate.exact(Order::getOrderId, Types.STRING)
 *                 .expireAfter(Duration.ofHours(1))
 *                 .duplicatesTo(DUPLICATES)
 *                 .invalidRecordsTo(WITHOUT_ID)   // getOrderId() returned null or threw
 *                 .build()
 *                 .apply(orders);
 *
 * // approximate: bounded memory for a billion ids, 0.1 % false positives
 * DataStream<Click> clicks =
 *         Deduplicate.approximate(IdHasher.ofString(Click::getClickId))
 *                 .expireAfter(Duration.ofHours(6))
 *                 .expectedIdsPerHorizon(1_000_000_000L)
 *                 .falsePositiveRate(0.001)
 *                 .build()
 *                 .apply(rawClicks);
 * }</pre>
 *
 * <p>Both builders are immutable (every setter returns a new builder), have {@code name} and {@code
 * uid} (default {@code streamkit-dedup-<hash of the configuration>}) and route duplicates, late
 * records and records without an id with {@code duplicatesTo}, {@code lateRecordsTo} and {@code
 * invalidRecordsTo}.
 *
 * <p>Both key the stream themselves and never fail on a record without an id: it is counted in
 * {@code numInvalidRecords} and routed to {@code invalidRecordsTo(tag)} if set. In event time (the
 * default) a record without a timestamp fails the job with a message naming the operator.
 */
@PublicEvolving
public final class Deduplicate {
    private Deduplicate() {}

    /**
     * Exact deduplication by the id that {@code idExtractor} returns; the stream is keyed by that
     * id, so {@code idType} must give the id a proper serializer (never Kryo).
     *
     * @param idExtractor the id of a record; returning null or throwing makes the record invalid
     * @param idType the id type, with value-based equals and hashCode (no arrays)
     * @param <T> the record type
     * @param <ID> the id type
     * @return a builder with the defaults (see {@link ExactDeduplicator}); {@code expireAfter} is
     *     required
     */
    public static <T, ID> ExactDeduplicator.Builder<T, ID> exact(
            KeySelector<T, ID> idExtractor, TypeInformation<ID> idType) {
        return new ExactDeduplicator.Builder<>(idExtractor, idType);
    }

    /**
     * Approximate (Bloom filter) deduplication by the 64-bit id hash that {@code hasher} returns.
     *
     * @param hasher the id hash of a record; throwing makes the record invalid
     * @param <T> the record type
     * @return a builder with the defaults (see {@link ApproximateDeduplicator}); {@code
     *     expireAfter} and {@code expectedIdsPerHorizon} are required
     */
    public static <T> ApproximateDeduplicator.Builder<T> approximate(IdHasher<T> hasher) {
        return new ApproximateDeduplicator.Builder<>(hasher);
    }
}
