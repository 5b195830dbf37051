package dev.streamkit.aws.opensearch;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;

/**
 * Chooses the index of each document. Time-based names use the record's event time in UTC, so a
 * replayed record always lands in the same index.
 *
 * @param <T> the record type
 */
@PublicEvolving
@FunctionalInterface
public interface IndexNamer<T> extends Serializable {

    /**
     * The index of {@code record}'s document.
     *
     * @param record a record to index
     * @return a valid lowercase OpenSearch index name
     */
    String indexFor(T record);

    /**
     * The event time of a record in epoch milliseconds.
     *
     * @param <T> the record type
     */
    @PublicEvolving
    @FunctionalInterface
    interface EventTime<T> extends Serializable {
        /**
         * The record's event time.
         *
         * @param record a record to index
         * @return epoch milliseconds
         */
        long epochMillis(T record);
    }

    /**
     * Always {@code index}.
     *
     * @param index the index name
     * @param <T> the record type
     * @return a namer returning {@code index} for every record
     */
    static <T> IndexNamer<T> fixed(String index) {
        checkIndexPrefix(index, "index");
        return record -> index;
    }

    /**
     * {@code prefix + yyyy.MM.dd} of the event time in UTC, e.g. {@code orders-2024.03.01}.
     *
     * @param prefix the start of every index name, a valid index name
     * @param eventTime the record's event time
     * @param <T> the record type
     * @return a namer with one index per UTC day
     */
    static <T> IndexNamer<T> daily(String prefix, EventTime<T> eventTime) {
        return dated(prefix, eventTime, "yyyy.MM.dd");
    }

    /**
     * {@code prefix + yyyy.MM} of the event time in UTC, e.g. {@code orders-2024.03}.
     *
     * @param prefix the start of every index name, a valid index name
     * @param eventTime the record's event time
     * @param <T> the record type
     * @return a namer with one index per UTC month
     */
    static <T> IndexNamer<T> monthly(String prefix, EventTime<T> eventTime) {
        return dated(prefix, eventTime, "yyyy.MM");
    }

    /**
     * {@code prefix} followed by the UTC event time formatted with {@code pattern}.
     *
     * @param prefix the start of every index name, a valid index name
     * @param eventTime the record's event time
     * @param pattern a {@link DateTimeFormatter} pattern producing lowercase index name characters
     * @param <T> the record type
     * @return a namer naming each record's index by its formatted event time
     */
    static <T> IndexNamer<T> dated(String prefix, EventTime<T> eventTime, String pattern) {
        checkIndexPrefix(prefix, "prefix");
        Preconditions.checkNotNull(eventTime, "eventTime must not be null");
        Preconditions.checkNotNull(pattern, "pattern must not be null");
        DateTimeFormatter.ofPattern(pattern); // validate eagerly
        return new IndexNamer<T>() {
            private static final long serialVersionUID = 1L;
            private transient DateTimeFormatter formatter;

            @Override
            public String indexFor(T record) {
                if (formatter == null) {
                    formatter =
                            DateTimeFormatter.ofPattern(pattern, Locale.ROOT)
                                    .withZone(ZoneOffset.UTC);
                }
                return prefix
                        + formatter.format(Instant.ofEpochMilli(eventTime.epochMillis(record)));
            }
        };
    }

    /**
     * OpenSearch index names: lowercase, no {@code \ / * ? " < > | space , #}, not {@code _-+}.
     *
     * @param name the index name or prefix to check
     * @param parameter the parameter name for the error message
     * @throws IllegalArgumentException naming {@code parameter} if {@code name} is not valid
     */
    static void checkIndexPrefix(String name, String parameter) {
        Preconditions.checkArgument(
                name != null
                        && !name.isEmpty()
                        && name.equals(name.toLowerCase(Locale.ROOT))
                        && !name.matches(".*[\\\\/*?\"<>| ,#:].*")
                        && !name.startsWith("_")
                        && !name.startsWith("-")
                        && !name.startsWith("+"),
                "%s must be a valid lowercase OpenSearch index name, got '%s'",
                parameter,
                name);
    }
}
