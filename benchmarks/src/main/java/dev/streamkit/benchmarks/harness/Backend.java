package dev.streamkit.benchmarks.harness;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/** The keyed state backends every comparison runs on. */
public enum Backend {
    HASHMAP("hashmap"),
    ROCKSDB("rocksdb");

    private final String id;

    Backend(String id) {
        this.id = id;
    }

    /** The name used in tables, JSON output and on the command line. */
    public String id() {
        return id;
    }

    void configure(Configuration config) {
        config.set(StateBackendOptions.STATE_BACKEND, id);
    }

    public static Backend fromId(String id) {
        for (Backend backend : values()) {
            if (backend.id.equals(id)) {
                return backend;
            }
        }
        throw new IllegalArgumentException(
                "Unknown backend '" + id + "': expected one of hashmap, rocksdb");
    }
}
