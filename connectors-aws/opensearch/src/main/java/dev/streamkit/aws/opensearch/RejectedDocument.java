package dev.streamkit.aws.opensearch;

import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A document OpenSearch rejected (e.g. a mapping conflict): where it was going, the status and
 * reason, and its JSON source. A Flink POJO, serializable to JSON.
 */
@PublicEvolving
public class RejectedDocument {

    private String index;
    private String documentId;
    private int status;
    private String reason;
    private String source;
    private boolean sourceTruncated;
    private int sourceBytes;
    private String sourceSha256;

    /** For Flink's POJO serializer and Jackson. */
    public RejectedDocument() {}

    /**
     * All fields, as described on their getters.
     *
     * @param index the index the document was sent to
     * @param documentId the document's id
     * @param status the item's HTTP status in the bulk response
     * @param reason OpenSearch's reason for the rejection
     * @param source the document's JSON source as sent
     */
    public RejectedDocument(
            String index, String documentId, int status, String reason, String source) {
        this.index = index;
        this.documentId = documentId;
        this.status = status;
        this.reason = reason;
        this.source = source;
        if (source != null) {
            byte[] utf8 = source.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            this.sourceBytes = utf8.length;
            this.sourceSha256 = dev.streamkit.aws.internal.Sha256.hex(utf8);
        }
    }

    /**
     * Whether {@link #getSource()} holds only the beginning of the document (to fit a sink).
     *
     * @return true if the source was cut to fit a sink
     */
    public boolean isSourceTruncated() {
        return sourceTruncated;
    }

    /**
     * Sets what {@link #isSourceTruncated()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param sourceTruncated true if the source holds only the document's beginning
     */
    public void setSourceTruncated(boolean sourceTruncated) {
        this.sourceTruncated = sourceTruncated;
    }

    /**
     * Size of the original source in UTF-8 bytes, whether or not it was truncated.
     *
     * @return the original source's size in UTF-8 bytes
     */
    public int getSourceBytes() {
        return sourceBytes;
    }

    /**
     * Sets what {@link #getSourceBytes()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param sourceBytes the original source's size in UTF-8 bytes
     */
    public void setSourceBytes(int sourceBytes) {
        this.sourceBytes = sourceBytes;
    }

    /**
     * Lower-case hex SHA-256 of the original source's UTF-8 bytes.
     *
     * @return 64 lower-case hex characters, or null for a document without source
     */
    public String getSourceSha256() {
        return sourceSha256;
    }

    /**
     * Sets what {@link #getSourceSha256()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param sourceSha256 the lower-case hex SHA-256 of the original source
     */
    public void setSourceSha256(String sourceSha256) {
        this.sourceSha256 = sourceSha256;
    }

    /**
     * The index.
     *
     * @return the index the document was sent to
     */
    public String getIndex() {
        return index;
    }

    /**
     * Sets what {@link #getIndex()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param index the index the document was sent to
     */
    public void setIndex(String index) {
        this.index = index;
    }

    /**
     * The document id.
     *
     * @return the document's id
     */
    public String getDocumentId() {
        return documentId;
    }

    /**
     * Sets what {@link #getDocumentId()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param documentId the document's id
     */
    public void setDocumentId(String documentId) {
        this.documentId = documentId;
    }

    /**
     * The HTTP status of the item in the bulk response, e.g. 400.
     *
     * @return the HTTP status, e.g. 400
     */
    public int getStatus() {
        return status;
    }

    /**
     * Sets what {@link #getStatus()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param status the item's HTTP status in the bulk response
     */
    public void setStatus(int status) {
        this.status = status;
    }

    /**
     * The reason.
     *
     * @return OpenSearch's reason for the rejection, for people
     */
    public String getReason() {
        return reason;
    }

    /**
     * Sets what {@link #getReason()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param reason OpenSearch's reason for the rejection
     */
    public void setReason(String reason) {
        this.reason = reason;
    }

    /**
     * The document's JSON source exactly as sent, or its beginning if {@link #isSourceTruncated()}.
     *
     * @return the JSON source
     */
    public String getSource() {
        return source;
    }

    /**
     * Sets what {@link #getSource()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param source the document's JSON source, or its beginning if truncated
     */
    public void setSource(String source) {
        this.source = source;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RejectedDocument)) {
            return false;
        }
        RejectedDocument that = (RejectedDocument) o;
        return status == that.status
                && Objects.equals(index, that.index)
                && Objects.equals(documentId, that.documentId)
                && Objects.equals(reason, that.reason)
                && Objects.equals(source, that.source)
                && sourceTruncated == that.sourceTruncated
                && sourceBytes == that.sourceBytes
                && Objects.equals(sourceSha256, that.sourceSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, documentId, status);
    }

    @Override
    public String toString() {
        return "RejectedDocument{index="
                + index
                + ", documentId="
                + documentId
                + ", status="
                + status
                + ", reason="
                + reason
                + "}";
    }
}
