package dev.streamkit.aws.opensearch;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The document id of a record: deterministic (a business key), so a replayed record overwrites its
 * earlier copy instead of duplicating it.
 */
@PublicEvolving
@FunctionalInterface
public interface DocumentIdExtractor<T> extends Serializable {
    String documentId(T record);
}
