package dev.streamkit.aws.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local AWS services, started lazily once per test JVM and shared by every integration test
 * class (OpenSearch takes ~20-30 s to start), stopped when the JUnit run ends. Each test uses its
 * own streams, tables and indices.
 */
public final class LocalServices implements BeforeAllCallback {

    /** Streams created at start: name -> shard count. */
    private static final Map<String, Integer> STREAMS = new LinkedHashMap<>();

    static {
        STREAMS.put("json-in", 2);
        STREAMS.put("json-out", 2);
        STREAMS.put("json-dlq", 1);
        STREAMS.put("pipeline-in", 2);
        STREAMS.put("pipeline-out", 2);
        STREAMS.put("pipeline-dlq", 1);
        STREAMS.put("os-dlq", 1);
        STREAMS.put("preflight", 1);
        STREAMS.put("limits-dlq", 1);
    }

    private static KinesisLocal kinesis;
    private static DynamoDbLocal dynamo;
    private static OpenSearchLocal openSearch;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        LocalServices.class.getName(),
                        k -> (ExtensionContext.Store.CloseableResource) LocalServices::stopAll);
    }

    public static synchronized KinesisLocal kinesis() throws Exception {
        if (kinesis == null) {
            kinesis = KinesisLocal.start(STREAMS);
        }
        return kinesis;
    }

    public static synchronized DynamoDbLocal dynamo() throws Exception {
        if (dynamo == null) {
            dynamo = DynamoDbLocal.start();
        }
        return dynamo;
    }

    public static synchronized OpenSearchLocal openSearch() throws Exception {
        if (openSearch == null) {
            openSearch = OpenSearchLocal.start();
        }
        return openSearch;
    }

    private static synchronized void stopAll() throws Exception {
        Exception failure = null;
        try {
            if (kinesis != null) {
                kinesis.close();
            }
        } catch (Exception e) {
            failure = e;
        }
        try {
            if (dynamo != null) {
                dynamo.close();
            }
        } catch (Exception e) {
            failure = e;
        }
        try {
            if (openSearch != null) {
                openSearch.close();
            }
        } catch (Exception e) {
            failure = e;
        }
        kinesis = null;
        dynamo = null;
        openSearch = null;
        if (failure != null) {
            throw failure;
        }
    }
}
