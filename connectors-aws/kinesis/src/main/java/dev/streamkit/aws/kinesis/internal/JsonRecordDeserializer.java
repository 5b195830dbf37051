package dev.streamkit.aws.kinesis.internal;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.internal.Json;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.aws.kinesis.NonFiniteNumbers;
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
 *
 * <p>Checks, in order: size ({@value #OVERSIZED}), strict UTF-8 ({@value #INVALID_UTF8}), JSON
 * syntax and types (Jackson's exception name), the JSON literal {@code null} ({@value #NULL}),
 * NaN/infinities ({@value #NON_FINITE_NUMBER}, unless accepted) and the declared requirements
 * ({@value #REQUIREMENT}); the first failing check names the dead letter's error type.
 */
@Internal
public final class JsonRecordDeserializer<T>
        implements KinesisDeserializationSchema<Either<KinesisDeadLetter, T>> {

    private static final long serialVersionUID = 1L;

    public static final String OVERSIZED = "OVERSIZED";
    public static final String NULL = "NULL";
    public static final String INVALID_UTF8 = "INVALID_UTF8";
    public static final String NON_FINITE_NUMBER = "NON_FINITE_NUMBER";
    public static final String REQUIREMENT = "REQUIREMENT";

    private final Class<T> type;
    private final TypeInformation<T> typeInfo;
    private final DecodingOptions<T> options;

    private transient ObjectMapper mapper;

    /** A deserializer decoding with these settings. */
    public JsonRecordDeserializer(
            Class<T> type,
            TypeInformation<T> typeInfo,
            int maxRecordBytes,
            boolean failOnUnknownProperties) {
        this(type, typeInfo, DecodingOptions.defaults(maxRecordBytes, failOnUnknownProperties));
    }

    /** A deserializer decoding with these settings. */
    public JsonRecordDeserializer(
            Class<T> type, TypeInformation<T> typeInfo, DecodingOptions<T> options) {
        this.type = type;
        this.typeInfo = typeInfo;
        this.options = options;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        mapper = newMapper(options);
    }

    private static ObjectMapper newMapper(DecodingOptions<?> options) {
        ObjectMapper m = Json.newMapper(options.failOnUnknownProperties);
        m.configure(
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                options.failOnNullForPrimitives);
        m.configure(
                DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                options.failOnMissingCreatorProperties);
        if (options.nonFiniteNumbers == NonFiniteNumbers.REJECT) {
            m.registerModule(FiniteNumbers.module());
        } else {
            m.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        }
        return m;
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
            mapper = newMapper(options);
        }
        String errorType = null;
        String reason = null;
        int invalidUtf8;
        if (bytes.length > options.maxRecordBytes) {
            errorType = OVERSIZED;
            reason =
                    "record of "
                            + bytes.length
                            + " bytes exceeds maxRecordBytes ("
                            + options.maxRecordBytes
                            + ")";
        } else if ((invalidUtf8 = Utf8.firstInvalid(bytes)) >= 0) {
            errorType = INVALID_UTF8;
            reason =
                    String.format(
                            "invalid UTF-8 at byte offset %d (byte 0x%02X)",
                            invalidUtf8, bytes[invalidUtf8] & 0xFF);
        } else {
            try {
                T value = mapper.readValue(bytes, type);
                if (value == null) {
                    errorType = NULL;
                    reason = "record is empty or the JSON literal null";
                } else {
                    for (NamedRequirement<T> r : options.requirements) {
                        reason = r.violation(value);
                        if (reason != null) {
                            errorType = REQUIREMENT;
                            break;
                        }
                    }
                    if (reason == null) {
                        return Either.Right(value);
                    }
                }
            } catch (FiniteNumbers.NonFiniteNumberException e) {
                errorType = NON_FINITE_NUMBER;
                reason = Json.reason(e);
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
