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
 */
@PublicEvolving
@FunctionalInterface
public interface IndexNamer<T> extends Serializable {

    String indexFor(T record);

    /** The event time of a record in epoch milliseconds. */
    @PublicEvolving
    @FunctionalInterface
    interface EventTime<T> extends Serializable {
        long epochMillis(T record);
    }

    /** Always {@code index}. */
    static <T> IndexNamer<T> fixed(String index) {
        checkIndexPrefix(index, "index");
        return record -> index;
    }

    /** {@code prefix + yyyy.MM.dd} of the event time in UTC, e.g. {@code orders-2024.03.01}. */
    static <T> IndexNamer<T> daily(String prefix, EventTime<T> eventTime) {
        return dated(prefix, eventTime, "yyyy.MM.dd");
    }

    /** {@code prefix + yyyy.MM} of the event time in UTC, e.g. {@code orders-2024.03}. */
    static <T> IndexNamer<T> monthly(String prefix, EventTime<T> eventTime) {
        return dated(prefix, eventTime, "yyyy.MM");
    }

    /** {@code prefix} followed by the UTC event time formatted with {@code pattern}. */
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

    /** OpenSearch index names: lowercase, no {@code \ / * ? " < > | space , #}, not {@code _-+}. */
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
