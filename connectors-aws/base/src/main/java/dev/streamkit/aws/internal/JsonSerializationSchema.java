package dev.streamkit.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Serializes any Jackson-mappable value to UTF-8 JSON. */
@Internal
public final class JsonSerializationSchema<T> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;

    @Override
    public void open(InitializationContext context) {
        mapper = Json.newMapper(false);
    }

    @Override
    public byte[] serialize(T element) {
        if (mapper == null) {
            mapper = Json.newMapper(false);
        }
        try {
            return mapper.writeValueAsBytes(element);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + element.getClass().getName() + " to JSON", e);
        }
    }
}
