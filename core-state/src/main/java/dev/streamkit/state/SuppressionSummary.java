package dev.streamkit.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** How many alerts of one key {@link AlertSuppression} suppressed in one suppression period. */
@PublicEvolving
public class SuppressionSummary<K> {
    public K key;
    public long suppressed;
    public long periodStart;
    public long periodEnd;

    public SuppressionSummary() {}

    public SuppressionSummary(K key, long suppressed, long periodStart, long periodEnd) {
        this.key = key;
        this.suppressed = suppressed;
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
    }

    /** The POJO type of summaries of keys of type {@code keyType} (no Kryo). */
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
