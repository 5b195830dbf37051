package dev.streamkit.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * How many alerts of one key {@link AlertSuppression} suppressed in one suppression period. A POJO
 * (public fields, no-argument constructor); its type is {@link #typeInfo}.
 *
 * @param <K> the key type
 */
@PublicEvolving
public class SuppressionSummary<K> {
    /** The key whose alerts were suppressed. */
    public K key;

    /** How many alerts were suppressed (at least 1). */
    public long suppressed;

    /** Start of the period (its first alert's time), epoch milliseconds. */
    public long periodStart;

    /** End of the period (exclusive), epoch milliseconds. */
    public long periodEnd;

    /** For Flink's POJO serializer. */
    public SuppressionSummary() {}

    /**
     * A summary.
     *
     * @param key the key
     * @param suppressed how many alerts were suppressed
     * @param periodStart start of the period
     * @param periodEnd end of the period (exclusive)
     */
    public SuppressionSummary(K key, long suppressed, long periodStart, long periodEnd) {
        this.key = key;
        this.suppressed = suppressed;
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
    }

    /**
     * The POJO type of summaries of keys of type {@code keyType} (no Kryo), for the side-output tag
     * given to {@link AlertSuppression.Builder#summariesTo}.
     *
     * @param keyType the key type
     * @param <K> the key type
     * @return the summary type
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <K> TypeInformation<SuppressionSummary<K>> typeInfo(TypeInformation<K> keyType) {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        fields.put("key", keyType);
        fields.put("suppressed", Types.LONG);
        fields.put("periodStart", Types.LONG);
        fields.put("periodEnd", Types.LONG);
        return (TypeInformation) Types.POJO(SuppressionSummary.class, fields);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SuppressionSummary)) {
            return false;
        }
        SuppressionSummary<?> that = (SuppressionSummary<?>) o;
        return suppressed == that.suppressed
                && periodStart == that.periodStart
                && periodEnd == that.periodEnd
                && Objects.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, suppressed, periodStart, periodEnd);
    }

    @Override
    public String toString() {
        return "SuppressionSummary{key="
                + key
                + ", suppressed="
                + suppressed
                + ", period=["
                + periodStart
                + ", "
                + periodEnd
                + ")}";
    }
}
