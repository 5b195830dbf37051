package dev.streamkit.aws.kinesis;

import dev.streamkit.aws.internal.Sha256;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A Kinesis record that could not be decoded: the raw bytes, where it came from and why it failed.
 * A Flink POJO (no Kryo), serializable to JSON (the payload becomes base64), so it can be written
 * to a dead-letter stream with {@link KinesisSinks#deadLetters()}.
 *
 * <p>{@link #getPayloadBytes()} and {@link #getPayloadSha256()} always describe the original
 * record, so a dead letter whose payload was cut to fit its sink ({@link #isPayloadTruncated()})
 * still identifies the record it came from.
 */
@PublicEvolving
public class KinesisDeadLetter {

    private byte[] payload;
    private String stream;
    private String shardId;
    private String sequenceNumber;
    private String partitionKey;
    private long approximateArrivalTimestamp;
    private String errorType;
    private String reason;
    private boolean payloadTruncated;
    private int payloadBytes;
    private String payloadSha256;

    /** For Flink's POJO serializer and Jackson. */
    public KinesisDeadLetter() {}

    /**
     * A dead letter for a record that could not be decoded; size and SHA-256 are computed from
     * {@code payload}.
     *
     * @param payload the record's data as read from Kinesis (not copied)
     * @param stream the stream ARN the record was read from
     * @param shardId the shard the record was read from
     * @param sequenceNumber the record's sequence number within its shard
     * @param partitionKey the record's partition key
     * @param approximateArrivalTimestamp epoch milliseconds at which Kinesis accepted the record
     * @param errorType the failure category, e.g. {@code OVERSIZED} or an exception's simple name
     * @param reason the human-readable reason
     */
    public KinesisDeadLetter(
            byte[] payload,
            String stream,
            String shardId,
            String sequenceNumber,
            String partitionKey,
            long approximateArrivalTimestamp,
            String errorType,
            String reason) {
        this.payload = payload;
        this.stream = stream;
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.partitionKey = partitionKey;
        this.approximateArrivalTimestamp = approximateArrivalTimestamp;
        this.errorType = errorType;
        this.reason = reason;
        this.payloadBytes = payload == null ? 0 : payload.length;
        this.payloadSha256 = payload == null ? null : Sha256.hex(payload);
    }

    /**
     * A copy of this dead letter whose payload holds only the first {@code maxBytes} bytes.
     *
     * @param maxBytes the most payload bytes to keep
     * @return a copy, marked truncated if bytes were dropped; this dead letter is unchanged
     */
    public KinesisDeadLetter withPayloadTruncatedTo(int maxBytes) {
        KinesisDeadLetter c = copy();
        if (payload != null && payload.length > maxBytes) {
            c.payload = Arrays.copyOf(payload, Math.max(0, maxBytes));
            c.payloadTruncated = true;
        }
        return c;
    }

    /**
     * A shallow copy (the payload array is shared).
     *
     * @return a new dead letter with the same values
     */
    public KinesisDeadLetter copy() {
        KinesisDeadLetter c =
                new KinesisDeadLetter(
                        null,
                        stream,
                        shardId,
                        sequenceNumber,
                        partitionKey,
                        approximateArrivalTimestamp,
                        errorType,
                        reason);
        c.payload = payload;
        c.payloadTruncated = payloadTruncated;
        c.payloadBytes = payloadBytes;
        c.payloadSha256 = payloadSha256;
        return c;
    }

    /**
     * * The record's data exactly as read from Kinesis, or its first bytes if {@link
     * #isPayloadTruncated()}.
     *
     * @return the record's bytes (not copied)
     */
    public byte[] getPayload() {
        return payload;
    }

    /**
     * Sets what {@link #getPayload()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param payload the record's data, or its first bytes if truncated
     */
    public void setPayload(byte[] payload) {
        this.payload = payload;
    }

    /**
     * The stream the record was read from (as the source reports it: the stream ARN).
     *
     * @return the stream ARN
     */
    public String getStream() {
        return stream;
    }

    /**
     * Sets what {@link #getStream()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param stream the stream ARN the record was read from
     */
    public void setStream(String stream) {
        this.stream = stream;
    }

    /**
     * The shard id.
     *
     * @return the shard id, e.g. {@code shardId-000000000000}
     */
    public String getShardId() {
        return shardId;
    }

    /**
     * Sets what {@link #getShardId()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param shardId the shard the record was read from
     */
    public void setShardId(String shardId) {
        this.shardId = shardId;
    }

    /**
     * The sequence number.
     *
     * @return the record's sequence number within its shard
     */
    public String getSequenceNumber() {
        return sequenceNumber;
    }

    /**
     * Sets what {@link #getSequenceNumber()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param sequenceNumber the record's sequence number within its shard
     */
    public void setSequenceNumber(String sequenceNumber) {
        this.sequenceNumber = sequenceNumber;
    }

    /**
     * The partition key.
     *
     * @return the record's partition key
     */
    public String getPartitionKey() {
        return partitionKey;
    }

    /**
     * Sets what {@link #getPartitionKey()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param partitionKey the record's partition key
     */
    public void setPartitionKey(String partitionKey) {
        this.partitionKey = partitionKey;
    }

    /**
     * Epoch milliseconds at which Kinesis accepted the record.
     *
     * @return epoch milliseconds
     */
    public long getApproximateArrivalTimestamp() {
        return approximateArrivalTimestamp;
    }

    /**
     * Sets what {@link #getApproximateArrivalTimestamp()} returns (for Flink's POJO serializer and
     * Jackson).
     *
     * @param approximateArrivalTimestamp epoch milliseconds at which Kinesis accepted the record
     */
    public void setApproximateArrivalTimestamp(long approximateArrivalTimestamp) {
        this.approximateArrivalTimestamp = approximateArrivalTimestamp;
    }

    /**
     * * Category of the failure: {@code OVERSIZED}, {@code NULL}, or the simple name of the
     * exception (e.g. {@code JsonParseException}, {@code InvalidFormatException}).
     *
     * @return the failure category
     */
    public String getErrorType() {
        return errorType;
    }

    /**
     * Sets what {@link #getErrorType()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param errorType the failure category, e.g. {@code OVERSIZED} or an exception's simple name
     */
    public void setErrorType(String errorType) {
        this.errorType = errorType;
    }

    /**
     * Human-readable reason, including the position in the JSON where known.
     *
     * @return the reason, for people
     */
    public String getReason() {
        return reason;
    }

    /**
     * Sets what {@link #getReason()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param reason the human-readable reason
     */
    public void setReason(String reason) {
        this.reason = reason;
    }

    /**
     * Whether {@link #getPayload()} holds only the first bytes of the record (to fit a sink).
     *
     * @return true if the payload was cut to fit a sink
     */
    public boolean isPayloadTruncated() {
        return payloadTruncated;
    }

    /**
     * Sets what {@link #isPayloadTruncated()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param payloadTruncated true if the payload holds only the record's first bytes
     */
    public void setPayloadTruncated(boolean payloadTruncated) {
        this.payloadTruncated = payloadTruncated;
    }

    /**
     * The size of the original record in bytes, whether or not the payload was truncated.
     *
     * @return the original record's size in bytes
     */
    public int getPayloadBytes() {
        return payloadBytes;
    }

    /**
     * Sets what {@link #getPayloadBytes()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param payloadBytes the size of the original record in bytes
     */
    public void setPayloadBytes(int payloadBytes) {
        this.payloadBytes = payloadBytes;
    }

    /**
     * Lower-case hex SHA-256 of the original record (also of a truncated one).
     *
     * @return 64 lower-case hex characters, or null for a record without data
     */
    public String getPayloadSha256() {
        return payloadSha256;
    }

    /**
     * Sets what {@link #getPayloadSha256()} returns (for Flink's POJO serializer and Jackson).
     *
     * @param payloadSha256 the lower-case hex SHA-256 of the original record
     */
    public void setPayloadSha256(String payloadSha256) {
        this.payloadSha256 = payloadSha256;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KinesisDeadLetter)) {
            return false;
        }
        KinesisDeadLetter that = (KinesisDeadLetter) o;
        return approximateArrivalTimestamp == that.approximateArrivalTimestamp
                && Arrays.equals(payload, that.payload)
                && Objects.equals(stream, that.stream)
                && Objects.equals(shardId, that.shardId)
                && Objects.equals(sequenceNumber, that.sequenceNumber)
                && Objects.equals(partitionKey, that.partitionKey)
                && Objects.equals(errorType, that.errorType)
                && Objects.equals(reason, that.reason)
                && payloadTruncated == that.payloadTruncated
                && payloadBytes == that.payloadBytes
                && Objects.equals(payloadSha256, that.payloadSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, shardId, sequenceNumber);
    }

    @Override
    public String toString() {
        return "KinesisDeadLetter{stream="
                + stream
                + ", shardId="
                + shardId
                + ", sequenceNumber="
                + sequenceNumber
                + ", errorType="
                + errorType
                + ", reason="
                + reason
                + ", payloadBytes="
                + payloadBytes
                + (payloadTruncated ? " (truncated)" : "")
                + "}";
    }
}
