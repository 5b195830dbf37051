package dev.streamkit.aws.opensearch.internal;

import dev.streamkit.aws.opensearch.RejectedDocument;
import dev.streamkit.aws.opensearch.RejectedDocumentHandler;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.opensearch.sink.BulkResponseInspector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.update.UpdateRequest;

/**
 * Inspects every bulk response item by item: rejected documents (4xx other than 429) go to the
 * {@link RejectedDocumentHandler} and are counted in {@value #REJECTED_METRIC}; transient failures
 * (429 after the bulk processor's own back-off retries, 5xx) fail the subtask so the job restarts
 * from its last checkpoint and re-sends them (idempotent with deterministic ids).
 */
@Internal
public final class RoutingBulkResponseInspector implements BulkResponseInspector {

    public static final String REJECTED_METRIC = "numRejectedDocuments";

    private final RejectedDocumentHandler handler;
    private final Counter rejected;

    /**
     * Passes rejected items to {@code handler}, counted in {@code metrics}; fails on transient
     * ones.
     */
    public RoutingBulkResponseInspector(RejectedDocumentHandler handler, MetricGroup metrics)
            throws Exception {
        this.handler = handler;
        this.rejected = metrics.counter(REJECTED_METRIC);
        handler.open(metrics);
    }

    /** Whether an item status is worth retrying. */
    public static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    @Override
    public void inspect(BulkRequest request, BulkResponse response) {
        if (!response.hasFailures()) {
            return;
        }
        BulkItemResponse firstTransient = null;
        for (BulkItemResponse item : response.getItems()) {
            if (!item.isFailed()) {
                continue;
            }
            int status = item.getFailure().getStatus().getStatus();
            if (isTransient(status)) {
                if (firstTransient == null) {
                    firstTransient = item;
                }
                continue;
            }
            DocWriteRequest<?> original = request.requests().get(item.getItemId());
            RejectedDocument doc =
                    new RejectedDocument(
                            item.getIndex(),
                            item.getId(),
                            status,
                            item.getFailureMessage(),
                            sourceOf(original));
            rejected.inc();
            try {
                handler.onRejected(doc);
            } catch (Exception e) {
                throw new FlinkRuntimeException(
                        "the rejected-document handler failed for " + doc, e);
            }
        }
        if (firstTransient != null) {
            throw new FlinkRuntimeException(
                    "OpenSearch bulk request had transient item failures after retries, e.g."
                            + " document "
                            + firstTransient.getId()
                            + " in "
                            + firstTransient.getIndex()
                            + ": "
                            + firstTransient.getFailureMessage(),
                    firstTransient.getFailure().getCause());
        }
    }

    private static String sourceOf(DocWriteRequest<?> request) {
        if (request instanceof IndexRequest && ((IndexRequest) request).source() != null) {
            return ((IndexRequest) request).source().utf8ToString();
        }
        if (request instanceof UpdateRequest && ((UpdateRequest) request).doc() != null) {
            return ((UpdateRequest) request).doc().source().utf8ToString();
        }
        return null;
    }
}
