package dev.streamkit.common.testing;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;

/** Test configuration helpers written against the API subset Flink 1.20 and 2.2 share. */
public final class TestConfigs {
    private TestConfigs() {}

    /**
     * Fails any type that would fall back to Kryo. {@code ExecutionConfig#disableGenericTypes()} is
     * gone in Flink 2.x and {@code SerializerConfig#setGenericTypes} is only on the implementation
     * there; the implementation class is the same on both lines.
     */
    public static void disableGenericTypes(ExecutionConfig config) {
        ((SerializerConfigImpl) config.getSerializerConfig()).setGenericTypes(false);
    }
}
