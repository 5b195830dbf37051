package dev.streamkit.aws.opensearch;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.metrics.MetricGroup;

/**
 * Receives the documents OpenSearch rejected for a non-transient reason (a 4xx item status other
 * than 429), instead of the job failing. Called on the sink's task thread; see {@link
 * RejectedDocumentHandlers} for the built-in handlers.
 */
@PublicEvolving
public interface RejectedDocumentHandler extends Serializable {

    /**
     * Called once per sink subtask before the first document.
     *
     * @param metrics the sink subtask's metric group, for the handler's own metrics
     * @throws Exception if the handler cannot start, which fails the job
     */
    default void open(MetricGroup metrics) throws Exception {}

    /**
     * Handles one rejected document; throwing fails the job.
     *
     * @param document the rejected document
     * @throws Exception to fail the job
     */
    void onRejected(RejectedDocument document) throws Exception;

    /**
     * Called when the sink closes.
     *
     * @throws Exception if releasing resources fails
     */
    default void close() throws Exception {}
}
