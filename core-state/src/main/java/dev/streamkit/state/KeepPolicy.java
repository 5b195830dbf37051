package dev.streamkit.state;

import org.apache.flink.annotation.PublicEvolving;

/** Which occurrence of an id a deduplicator lets through. */
@PublicEvolving
public enum KeepPolicy {
    /**
     * Emit the first occurrence immediately; later occurrences within the horizon are duplicates.
     */
    KEEP_FIRST,
    /**
     * Emit the latest occurrence (greatest timestamp, later arrival wins ties) once the id expires,
     * that is a horizon after it was last seen; every replaced occurrence is a duplicate.
     */
    KEEP_LAST
}
