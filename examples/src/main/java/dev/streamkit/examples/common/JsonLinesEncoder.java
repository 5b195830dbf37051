package dev.streamkit.examples.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.api.common.serialization.Encoder;

/** One JSON document per line (Jackson, the same mapping as the Kinesis and OpenSearch sinks). */
final class JsonLinesEncoder<T> implements Encoder<T> {
    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        stream.write(mapper.writeValueAsBytes(element));
        stream.write('\n');
    }
}
