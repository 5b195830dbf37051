package dev.streamkit.aws.opensearch.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.internal.Json;
import dev.streamkit.aws.opensearch.DocumentIdExtractor;
import dev.streamkit.aws.opensearch.IndexNamer;
import dev.streamkit.aws.opensearch.RejectedDocumentHandler;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.opensearch.sink.OpensearchEmitter;
import org.apache.flink.connector.opensearch.sink.RequestIndexer;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.common.xcontent.XContentType;

/**
 * Emits one index request per record: deterministic id, index from the namer, Jackson JSON source.
 * Also closes the rejected-document handler it shares with the bulk response inspector (the sink is
 * deserialized as one object graph per subtask, so both hold the same instance).
 */
@Internal
public final class JsonDocumentEmitter<T> implements OpensearchEmitter<T> {

    private static final long serialVersionUID = 1L;

    private final IndexNamer<T> indexNamer;
    private final DocumentIdExtractor<T> documentId;
    private final RejectedDocumentHandler handler;

    private transient ObjectMapper mapper;

    /** Index requests of JSON documents with these index names and ids. */
    public JsonDocumentEmitter(
            IndexNamer<T> indexNamer,
            DocumentIdExtractor<T> documentId,
            RejectedDocumentHandler handler) {
        this.indexNamer = indexNamer;
        this.documentId = documentId;
        this.handler = handler;
    }

    @Override
    public void open() {
        mapper = Json.newMapper(false);
    }

    @Override
    public void emit(T element, SinkWriter.Context context, RequestIndexer indexer) {
        indexer.add(toRequest(element));
    }

    /** The index request for one record. */
    public IndexRequest toRequest(T element) {
        if (mapper == null) {
            mapper = Json.newMapper(false);
        }
        String id = documentId.documentId(element);
        if (id == null || id.isEmpty() || id.length() > 512) {
            throw new IllegalArgumentException(
                    "documentId must return 1 to 512 characters, got '" + id + "' for " + element);
        }
        byte[] source;
        try {
            source = mapper.writeValueAsBytes(element);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot serialize " + element + " to JSON", e);
        }
        return new IndexRequest(indexNamer.indexFor(element))
                .id(id)
                .source(source, XContentType.JSON);
    }

    @Override
    public void close() throws Exception {
        handler.close();
    }
}
