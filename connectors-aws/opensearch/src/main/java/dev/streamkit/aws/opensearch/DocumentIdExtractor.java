package dev.streamkit.aws.opensearch;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The document id of a record: deterministic (a business key), so a replayed record overwrites its
 * earlier copy instead of duplicating it.
 *
 * @param <T> the record type
 */
@PublicEvolving
@FunctionalInterface
public interface DocumentIdExtractor<T> extends Serializable {
    /**
     * The record's document id.
     *
     * @param record a record to index
     * @return the id, the same for every copy of the record
     */
    String documentId(T record);
}
