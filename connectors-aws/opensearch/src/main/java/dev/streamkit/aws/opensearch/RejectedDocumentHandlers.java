package dev.streamkit.aws.opensearch;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.opensearch.internal.KinesisRejectedDocumentHandler;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.Preconditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Built-in {@link RejectedDocumentHandler}s. Every rejected document is also counted. */
@PublicEvolving
public final class RejectedDocumentHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedDocumentHandlers.class);

    private RejectedDocumentHandlers() {}

    /**
     * Logs each rejected document at WARN (the source is not logged) and carries on.
     *
     * @return a handler that logs and continues
     */
    public static RejectedDocumentHandler log() {
        return new RejectedDocumentHandler() {
            private static final long serialVersionUID = 1L;

            @Override
            public void onRejected(RejectedDocument d) {
                LOG.warn(
                        "OpenSearch rejected document {} for index {} with status {}: {}",
                        d.getDocumentId(),
                        d.getIndex(),
                        d.getStatus(),
                        d.getReason());
            }
        };
    }

    /**
     * Fails the job on the first rejected document (the connector's own behaviour).
     *
     * @return a handler that throws on the first rejected document
     */
    public static RejectedDocumentHandler failJob() {
        return new RejectedDocumentHandler() {
            private static final long serialVersionUID = 1L;

            @Override
            public void onRejected(RejectedDocument d) {
                throw new FlinkRuntimeException(
                        "OpenSearch rejected document "
                                + d.getDocumentId()
                                + " for index "
                                + d.getIndex()
                                + " with status "
                                + d.getStatus()
                                + ": "
                                + d.getReason());
            }
        };
    }

    /**
     * Writes each rejected document as JSON to a Kinesis dead-letter stream (PutRecord, partition
     * key = document id), synchronously: the sink's checkpoint does not complete before the dead
     * letter is stored. A failing PutRecord fails the job, so nothing is lost.
     *
     * @param streamArn the ARN of the dead-letter stream
     * @param connection the connection to the stream's region
     * @return a handler writing each rejected document to the stream
     */
    public static RejectedDocumentHandler toKinesis(String streamArn, AwsConnection connection) {
        Preconditions.checkArgument(
                streamArn != null && streamArn.startsWith("arn:") && streamArn.contains(":stream/"),
                "streamArn must be a Kinesis stream ARN, got '%s'",
                streamArn);
        Preconditions.checkArgument(connection != null, "connection must be set");
        return new KinesisRejectedDocumentHandler(streamArn, connection);
    }
}
