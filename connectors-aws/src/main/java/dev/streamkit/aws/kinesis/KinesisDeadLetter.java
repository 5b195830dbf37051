package dev.streamkit.aws.kinesis;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A Kinesis record that could not be decoded: the raw bytes, where it came from and why it failed.
 * A Flink POJO (no Kryo), serializable to JSON (the payload becomes base64), so it can be written
 * to a dead-letter stream with {@link KinesisSinks#deadLetters()}.
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

    public KinesisDeadLetter() {}

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
    }

    /** The record's data exactly as read from Kinesis. */
    public byte[] getPayload() {
        return payload;
    }

    public void setPayload(byte[] payload) {
        this.payload = payload;
    }

    /** The stream the record was read from (as the source reports it: the stream ARN). */
    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getShardId() {
        return shardId;
    }

    public void setShardId(String shardId) {
        this.shardId = shardId;
    }

    public String getSequenceNumber() {
        return sequenceNumber;
    }

    public void setSequenceNumber(String sequenceNumber) {
        this.sequenceNumber = sequenceNumber;
    }

    public String getPartitionKey() {
        return partitionKey;
    }

    public void setPartitionKey(String partitionKey) {
        this.partitionKey = partitionKey;
    }

    /** Epoch milliseconds at which Kinesis accepted the record. */
    public long getApproximateArrivalTimestamp() {
        return approximateArrivalTimestamp;
    }

    public void setApproximateArrivalTimestamp(long approximateArrivalTimestamp) {
        this.approximateArrivalTimestamp = approximateArrivalTimestamp;
    }

    /**
     * Category of the failure: {@code OVERSIZED}, {@code NULL}, or the simple name of the exception
     * (e.g. {@code JsonParseException}, {@code InvalidFormatException}).
     */
    public String getErrorType() {
        return errorType;
    }

    public void setErrorType(String errorType) {
        this.errorType = errorType;
    }

    /** Human-readable reason, including the position in the JSON where known. */
    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
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
                && Objects.equals(reason, that.reason);
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
                + (payload == null ? 0 : payload.length)
                + "}";
    }
}
