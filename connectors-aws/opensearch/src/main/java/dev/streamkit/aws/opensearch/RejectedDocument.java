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

    /** All fields, as described on their getters. */
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

    /** Whether {@link #getSource()} holds only the beginning of the document (to fit a sink). */
    public boolean isSourceTruncated() {
        return sourceTruncated;
    }

    /** Sets what {@link #isSourceTruncated()} returns (for Flink's POJO serializer and Jackson). */
    public void setSourceTruncated(boolean sourceTruncated) {
        this.sourceTruncated = sourceTruncated;
    }

    /** Size of the original source in UTF-8 bytes, whether or not it was truncated. */
    public int getSourceBytes() {
        return sourceBytes;
    }

    /** Sets what {@link #getSourceBytes()} returns (for Flink's POJO serializer and Jackson). */
    public void setSourceBytes(int sourceBytes) {
        this.sourceBytes = sourceBytes;
    }

    /** Lower-case hex SHA-256 of the original source's UTF-8 bytes. */
    public String getSourceSha256() {
        return sourceSha256;
    }

    /** Sets what {@link #getSourceSha256()} returns (for Flink's POJO serializer and Jackson). */
    public void setSourceSha256(String sourceSha256) {
        this.sourceSha256 = sourceSha256;
    }

    /** The index. */
    public String getIndex() {
        return index;
    }

    /** Sets what {@link #getIndex()} returns (for Flink's POJO serializer and Jackson). */
    public void setIndex(String index) {
        this.index = index;
    }

    /** The document id. */
    public String getDocumentId() {
        return documentId;
    }

    /** Sets what {@link #getDocumentId()} returns (for Flink's POJO serializer and Jackson). */
    public void setDocumentId(String documentId) {
        this.documentId = documentId;
    }

    /** The HTTP status of the item in the bulk response, e.g. 400. */
    public int getStatus() {
        return status;
    }

    /** Sets what {@link #getStatus()} returns (for Flink's POJO serializer and Jackson). */
    public void setStatus(int status) {
        this.status = status;
    }

    /** The reason. */
    public String getReason() {
        return reason;
    }

    /** Sets what {@link #getReason()} returns (for Flink's POJO serializer and Jackson). */
    public void setReason(String reason) {
        this.reason = reason;
    }

    /**
     * The document's JSON source exactly as sent, or its beginning if {@link #isSourceTruncated()}.
     */
    public String getSource() {
        return source;
    }

    /** Sets what {@link #getSource()} returns (for Flink's POJO serializer and Jackson). */
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
