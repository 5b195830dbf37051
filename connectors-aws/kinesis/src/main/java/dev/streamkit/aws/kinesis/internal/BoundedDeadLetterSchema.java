package dev.streamkit.aws.kinesis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.internal.Json;
import dev.streamkit.aws.internal.Sha256;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.aws.kinesis.PartitionKeyExtractor;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Writes a {@link KinesisDeadLetter} as JSON that always fits a Kinesis record: JSON plus the
 * partition key (as the sink computes it) never exceed {@code maxRecordBytes} (1 MiB on Kinesis).
 * If the whole dead letter does not fit, text fields are cut to {@value #MAX_TEXT_CHARS} characters
 * and the payload to as many leading bytes as fit, with {@code payloadTruncated} set; {@code
 * payloadBytes} and {@code payloadSha256} still describe the original record. Without this, a 0.8
 * MiB input (base64 makes it 1.07 MiB) would fail the dead-letter sink on every restart.
 */
@Internal
public final class BoundedDeadLetterSchema implements SerializationSchema<KinesisDeadLetter> {

    private static final long serialVersionUID = 1L;

    /** The Kinesis limit of one record: data plus partition key. */
    public static final int KINESIS_MAX_RECORD_BYTES = 1024 * 1024;

    static final int MAX_TEXT_CHARS = 8192;
    private static final int MAX_PARTITION_KEY_CHARS = 256;

    private final int maxRecordBytes;
    private final PartitionKeyExtractor<KinesisDeadLetter> keys;
    private transient ObjectMapper mapper;

    /** Dead letters as JSON of at most {@code maxRecordBytes} together with their partition key. */
    public BoundedDeadLetterSchema(
            int maxRecordBytes, PartitionKeyExtractor<KinesisDeadLetter> keys) {
        // the fields other than the payload take at most ~6 * 8 KiB escaped characters
        if (maxRecordBytes < 64 * 1024) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be >= 65536, got " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.keys = keys;
    }

    /** The partition key dead letters are written with: source shard and sequence number. */
    public static String partitionKey(KinesisDeadLetter d) {
        String key = d.getShardId() + "/" + d.getSequenceNumber();
        return key.length() > MAX_PARTITION_KEY_CHARS
                ? key.substring(key.length() - MAX_PARTITION_KEY_CHARS)
                : key;
    }

    @Override
    public void open(InitializationContext context) {
        mapper = Json.newMapper(false);
    }

    @Override
    public byte[] serialize(KinesisDeadLetter deadLetter) {
        if (mapper == null) {
            mapper = Json.newMapper(false);
        }
        KinesisDeadLetter d = deadLetter;
        if (d.getPayloadSha256() == null && d.getPayload() != null && !d.isPayloadTruncated()) {
            // built with setters: describe the payload before any truncation
            d = d.copy();
            d.setPayloadBytes(d.getPayload().length);
            d.setPayloadSha256(Sha256.hex(d.getPayload()));
        }
        String key = keys.partitionKey(deadLetter);
        int budget =
                maxRecordBytes - (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length);
        byte[] json = write(d);
        if (json.length <= budget) {
            return json;
        }
        KinesisDeadLetter capped = capText(d);
        int payloadLength = d.getPayload() == null ? 0 : d.getPayload().length;
        int withoutPayload = write(capped.withPayloadTruncatedTo(0)).length;
        // base64: 4 characters per 3 bytes; the empty payload already wrote its quotes
        int n = Math.min(payloadLength, Math.max(0, (budget - withoutPayload) / 4 * 3));
        while (true) {
            KinesisDeadLetter candidate = capped.withPayloadTruncatedTo(n);
            json = write(candidate);
            if (json.length <= budget) {
                return json;
            }
            if (n == 0) {
                throw new IllegalStateException(
                        "dead letter does not fit "
                                + budget
                                + " bytes even without payload: "
                                + candidate);
            }
            n = Math.max(0, n - 3);
        }
    }

    private static KinesisDeadLetter capText(KinesisDeadLetter d) {
        KinesisDeadLetter c = d.copy();
        c.setStream(cap(c.getStream()));
        c.setShardId(cap(c.getShardId()));
        c.setSequenceNumber(cap(c.getSequenceNumber()));
        c.setPartitionKey(cap(c.getPartitionKey()));
        c.setErrorType(cap(c.getErrorType()));
        c.setReason(cap(c.getReason()));
        return c;
    }

    private static String cap(String s) {
        return s == null || s.length() <= MAX_TEXT_CHARS
                ? s
                : s.substring(0, MAX_TEXT_CHARS) + "...(truncated)";
    }

    private byte[] write(KinesisDeadLetter d) {
        try {
            return mapper.writeValueAsBytes(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write dead letter " + d + " as JSON", e);
        }
    }
}
