package dev.streamkit.state;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.util.Preconditions;

/**
 * Builds a {@link StateTtlConfig} whose background cleanup suits the state backend: incremental
 * cleanup for the HashMap backend (a few entries checked on every state access and record), the
 * compaction filter for RocksDB (expired entries dropped while RocksDB compacts), full-snapshot
 * cleanup for both. Flink's TTL is processing time only and, on Flink 1.20, cannot be switched on
 * or off for already restored state: pick it before the first savepoint.
 *
 * <pre>{@code
 * ValueStateDescriptor<Session> descriptor = new ValueStateDescriptor<>("session", sessionType);
 * descriptor.enableTimeToLive(StateTtl.forJob(Duration.ofHours(12), env.getConfiguration()));
 * }</pre>
 *
 * <p>Defaults: TTL refreshed on create and write, expired values never returned, incremental
 * cleanup of 10 entries per access (no per-record cleanup), compaction filter re-reading the
 * current time every 1000 entries.
 */
@PublicEvolving
public final class StateTtl {
    /** The keyed state backends Flink ships. */
    @PublicEvolving
    public enum Backend {
        /** The HashMap (heap) backend: incremental cleanup. */
        HASHMAP,
        /** The RocksDB backend: compaction-filter cleanup. */
        ROCKSDB
    }

    static final int INCREMENTAL_CLEANUP_SIZE = 10;
    static final long COMPACTION_QUERY_TIME_AFTER = 1000;

    private StateTtl() {}

    /**
     * The TTL config for {@code backend}.
     *
     * @param ttl how long a value lives after it was created or written, at least 1 ms
     * @param backend the keyed state backend the job runs on
     * @return the config, for {@code StateDescriptor.enableTimeToLive}
     */
    public static StateTtlConfig forBackend(Duration ttl, Backend backend) {
        Preconditions.checkArgument(backend != null, "backend must not be null");
        StateTtlConfig.Builder builder = base(ttl);
        if (backend == Backend.ROCKSDB) {
            builder.cleanupInRocksdbCompactFilter(COMPACTION_QUERY_TIME_AFTER);
        } else {
            builder.cleanupIncrementally(INCREMENTAL_CLEANUP_SIZE, false);
        }
        return builder.build();
    }

    /**
     * The TTL config for the backend configured in {@code config} ({@code state.backend.type};
     * HashMap when unset, as in Flink). Unknown backends get both strategies.
     *
     * @param ttl how long a value lives after it was created or written, at least 1 ms
     * @param config the job configuration, e.g. {@code env.getConfiguration()}
     * @return the config, for {@code StateDescriptor.enableTimeToLive}
     */
    public static StateTtlConfig forJob(Duration ttl, ReadableConfig config) {
        Preconditions.checkArgument(config != null, "config must not be null");
        String type = config.get(StateBackendOptions.STATE_BACKEND).toLowerCase(Locale.ROOT);
        if (type.equals("hashmap") || type.equals("jobmanager")) {
            return forBackend(ttl, Backend.HASHMAP);
        }
        if (type.equals("rocksdb")) {
            return forBackend(ttl, Backend.ROCKSDB);
        }
        return portable(ttl);
    }

    /**
     * Both strategies (each backend uses the one it supports), for code that runs anywhere.
     *
     * @param ttl how long a value lives after it was created or written, at least 1 ms
     * @return the config, for {@code StateDescriptor.enableTimeToLive}
     */
    public static StateTtlConfig portable(Duration ttl) {
        return base(ttl)
                .cleanupIncrementally(INCREMENTAL_CLEANUP_SIZE, false)
                .cleanupInRocksdbCompactFilter(COMPACTION_QUERY_TIME_AFTER)
                .build();
    }

    private static StateTtlConfig.Builder base(Duration ttl) {
        Preconditions.checkArgument(
                ttl != null && ttl.toMillis() >= 1, "ttl must be at least 1 ms, got %s", ttl);
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupFullSnapshot();
    }
}
