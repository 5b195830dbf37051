package dev.streamkit.aws.kinesis.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.internal.Json;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Decodes each Kinesis record's JSON into the user's type; a record that cannot be decoded becomes
 * a {@link KinesisDeadLetter} instead of an exception, so one bad record never fails the job and is
 * never dropped. Exactly one element is emitted per record.
 */
@Internal
public final class JsonRecordDeserializer<T>
        implements KinesisDeserializationSchema<Either<KinesisDeadLetter, T>> {

    private static final long serialVersionUID = 1L;

    public static final String OVERSIZED = "OVERSIZED";
    public static final String NULL = "NULL";

    private final Class<T> type;
    private final TypeInformation<T> typeInfo;
    private final int maxRecordBytes;
    private final boolean failOnUnknownProperties;

    private transient ObjectMapper mapper;

    public JsonRecordDeserializer(
            Class<T> type,
            TypeInformation<T> typeInfo,
            int maxRecordBytes,
            boolean failOnUnknownProperties) {
        this.type = type;
        this.typeInfo = typeInfo;
        this.maxRecordBytes = maxRecordBytes;
        this.failOnUnknownProperties = failOnUnknownProperties;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        mapper = Json.newMapper(failOnUnknownProperties);
    }

    @Override
    public void deserialize(
            Record record,
            String stream,
            String shardId,
            Collector<Either<KinesisDeadLetter, T>> out)
            throws IOException {
        Instant arrival = record.approximateArrivalTimestamp();
        byte[] bytes = record.data() == null ? new byte[0] : record.data().asByteArray();
        out.collect(
                decode(
                        bytes,
                        stream,
                        shardId,
                        record.sequenceNumber(),
                        record.partitionKey(),
                        arrival == null ? 0L : arrival.toEpochMilli()));
    }

    /** Decodes one payload; visible for unit tests, which need no Kinesis record. */
    public Either<KinesisDeadLetter, T> decode(
            byte[] bytes,
            String stream,
            String shardId,
            String sequenceNumber,
            String partitionKey,
            long arrivalMillis) {
        if (mapper == null) {
            mapper = Json.newMapper(failOnUnknownProperties);
        }
        String errorType;
        String reason;
        if (bytes.length > maxRecordBytes) {
            errorType = OVERSIZED;
            reason =
                    "record of "
                            + bytes.length
                            + " bytes exceeds maxRecordBytes ("
                            + maxRecordBytes
                            + ")";
        } else {
            try {
                T value = mapper.readValue(bytes, type);
                if (value != null) {
                    return Either.Right(value);
                }
                errorType = NULL;
                reason = "record is empty or the JSON literal null";
            } catch (IOException | RuntimeException e) {
                errorType = e.getClass().getSimpleName();
                reason = Json.reason(e);
            }
        }
        return Either.Left(
                new KinesisDeadLetter(
                        bytes,
                        stream,
                        shardId,
                        sequenceNumber,
                        partitionKey,
                        arrivalMillis,
                        errorType,
                        reason));
    }

    @Override
    public TypeInformation<Either<KinesisDeadLetter, T>> getProducedType() {
        return new EitherTypeInfo<>(TypeInformation.of(KinesisDeadLetter.class), typeInfo);
    }
}
