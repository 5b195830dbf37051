package dev.streamkit.state.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The counters every deduplicating operator reports in its operator metric group. */
@Internal
public final class DedupMetrics {
    /** Records let through. */
    public static final String UNIQUE = "numUniqueRecords";

    /** Duplicates (and, for the approximate variant, false positives). */
    public static final String DUPLICATES = "numDuplicateRecords";

    /** Late records, routed or deduplicated. */
    public static final String LATE = "numLateRecords";

    /**
     * Records whose id could not be extracted (the extractor returned null or threw): never keyed
     * into state, routed to the invalid-record side output if one is configured.
     */
    public static final String INVALID = "numInvalidRecords";

    /** Counter {@value #UNIQUE}. */
    public final Counter unique;

    /** Counter {@value #DUPLICATES}. */
    public final Counter duplicates;

    /** Counter {@value #LATE}. */
    public final Counter late;

    /** Counter {@value #INVALID}. */
    public final Counter invalid;

    /**
     * Registers the counters.
     *
     * @param group the operator's metric group
     */
    public DedupMetrics(MetricGroup group) {
        this.unique = group.counter(UNIQUE);
        this.duplicates = group.counter(DUPLICATES);
        this.late = group.counter(LATE);
        this.invalid = group.counter(INVALID);
    }
}
