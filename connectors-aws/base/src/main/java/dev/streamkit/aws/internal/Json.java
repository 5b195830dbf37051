package dev.streamkit.aws.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.flink.annotation.Internal;

/** The module's Jackson configuration, in one place so readers and writers agree. */
@Internal
public final class Json {

    private Json() {}

    /**
     * A mapper for reading and writing user types: java.time support, ISO-8601 dates, strict about
     * trailing garbage and nulls for primitives.
     */
    public static ObjectMapper newMapper(boolean failOnUnknownProperties) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.configure(
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknownProperties);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        return mapper;
    }

    /** A one-line reason for a failure to read JSON, without Jackson's source excerpt. */
    public static String reason(Exception e) {
        if (e instanceof JsonProcessingException) {
            JsonProcessingException j = (JsonProcessingException) e;
            JsonLocation loc = j.getLocation();
            String msg = j.getOriginalMessage();
            if (msg != null) {
                msg = msg.replace('\n', ' ');
            }
            return loc == null
                    ? msg
                    : msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        return String.valueOf(e.getMessage());
    }
}
