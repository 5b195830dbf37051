package dev.streamkit.state.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The counters every deduplicating operator reports in its operator metric group. */
@Internal
public final class DedupMetrics {
    public static final String UNIQUE = "numUniqueRecords";
    public static final String DUPLICATES = "numDuplicateRecords";
    public static final String LATE = "numLateRecords";

    /**
     * Records whose id could not be extracted (the extractor returned null or threw): never keyed
     * into state, routed to the invalid-record side output if one is configured.
     */
    public static final String INVALID = "numInvalidRecords";

    public final Counter unique;
    public final Counter duplicates;
    public final Counter late;
    public final Counter invalid;

    public DedupMetrics(MetricGroup group) {
        this.unique = group.counter(UNIQUE);
        this.duplicates = group.counter(DUPLICATES);
        this.late = group.counter(LATE);
        this.invalid = group.counter(INVALID);
    }
}
