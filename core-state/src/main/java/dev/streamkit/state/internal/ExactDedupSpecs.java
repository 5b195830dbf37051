package dev.streamkit.state.internal;

import dev.streamkit.state.ExactDeduplicator;
import dev.streamkit.state.KeepPolicy;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.Preconditions;

/**
 * The checks behind {@link ExactDeduplicator}: validation of its builder's parameters (failing with
 * a message naming the parameter) and the keep-last key of records without an id. The parameters
 * themselves and the text the default uid is derived from are {@link ExactDedupConfig}'s.
 */
@Internal
public final class ExactDedupSpecs {
    private ExactDedupSpecs() {}

    /**
     * Validates a builder's parameters, naming the offending one.
     *
     * @param idExtractor the id extractor
     * @param idType the id type
     * @param expireAfter the horizon
     * @param granularity the timer granularity, or null for the default
     * @param timeDomain the time domain
     * @param keepPolicy the keep policy
     * @param miniBatchSize the mini-batch size
     * @param shards the shard count
     * @param idCacheBytes the negative cache's bound
     * @param writeBufferIds the write-back buffer's bound
     * @param lateTagSet whether late records have a side output
     * @param name the operator name
     * @param uid the uid, or null for the default
     * @throws IllegalArgumentException if a parameter is missing or out of range
     */
    public static void validate(
            @Nullable KeySelector<?, ?> idExtractor,
            @Nullable TypeInformation<?> idType,
            @Nullable Duration expireAfter,
            @Nullable Duration granularity,
            @Nullable TimeDomain timeDomain,
            @Nullable KeepPolicy keepPolicy,
            int miniBatchSize,
            int shards,
            long idCacheBytes,
            int writeBufferIds,
            boolean lateTagSet,
            @Nullable String name,
            @Nullable String uid) {
        Preconditions.checkArgument(idExtractor != null, "idExtractor must not be null");
        Preconditions.checkArgument(idType != null, "idType must not be null");
        Preconditions.checkArgument(
                idType.isKeyType()
                        && !(idType instanceof BasicArrayTypeInfo
                                || idType instanceof PrimitiveArrayTypeInfo
                                || idType instanceof ObjectArrayTypeInfo),
                "idType %s cannot identify records: ids need value-based equals and a"
                        + " deterministic hashCode, as Flink keys do (no arrays)",
                idType);
        Preconditions.checkArgument(
                expireAfter != null, "expireAfter is required (how long an id is remembered)");
        Preconditions.checkArgument(
                !expireAfter.isNegative() && expireAfter.toMillis() >= 1,
                "expireAfter must be at least 1 ms, got %s",
                expireAfter);
        Preconditions.checkArgument(
                granularity == null
                        || (!granularity.isNegative()
                                && granularity.toMillis() >= 1
                                && granularity.compareTo(expireAfter) <= 0),
                "timerGranularity must be between 1 ms and expireAfter (%s), got %s",
                expireAfter,
                granularity);
        Preconditions.checkArgument(timeDomain != null, "timeDomain must not be null");
        Preconditions.checkArgument(keepPolicy != null, "keepPolicy must not be null");
        Preconditions.checkArgument(
                miniBatchSize >= 0 && miniBatchSize <= 10_000_000,
                "miniBatch(maxBufferedIds) must be in [0, 10000000], got %s",
                miniBatchSize);
        Preconditions.checkArgument(
                shards >= 1 && shards <= 1 << 20, "shards must be in [1, 1048576], got %s", shards);
        Preconditions.checkArgument(
                idCacheBytes >= 0, "idCacheBytes must be >= 0, got %s", idCacheBytes);
        Preconditions.checkArgument(
                writeBufferIds == ExactDeduplicator.AUTO_WRITE_BUFFER_IDS
                        || (writeBufferIds >= 0
                                && writeBufferIds <= ExactDeduplicator.MAX_WRITE_BUFFER_IDS),
                "writeBuffer(maxIds) must be in [0, 50000000] or AUTO_WRITE_BUFFER_IDS (-1),"
                        + " got %s",
                writeBufferIds);
        Preconditions.checkArgument(
                !lateTagSet || timeDomain == TimeDomain.EVENT_TIME,
                "lateRecordsTo is only meaningful in event time");
        Preconditions.checkArgument(
                name != null && !name.isEmpty(), "name must not be null or empty");
        Preconditions.checkArgument(
                uid == null || !uid.isEmpty(), "uid must not be empty when set");
    }

    /**
     * Keep-last keys the stream by the id itself, so records without an id need a key of the id
     * type: the default instance of its serializer. It must be non-null, hashable, serializable
     * with the id serializer (RocksDB serializes every key it is set to) and with Java
     * serialization (the key selector is part of the job graph), else building fails.
     *
     * @param idType the id type
     * @return the key of records without an id
     * @throws IllegalArgumentException if the id type has no such key
     */
    public static <ID> ID invalidId(TypeInformation<ID> idType) {
        ID sentinel;
        try {
            TypeSerializer<ID> serializer = idType.createSerializer(new SerializerConfigImpl());
            sentinel = serializer.createInstance();
            if (sentinel != null) {
                sentinel.hashCode();
                serializer.serialize(sentinel, new DataOutputSerializer(64));
                // the key selector holding it is Java-serialized into the job graph
                InstantiationUtil.serializeObject(sentinel);
            }
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "idType "
                            + idType
                            + " cannot key records without an id for keepLast(): its"
                            + " serializer's default instance cannot be serialized with it"
                            + " and with Java serialization ("
                            + e
                            + "); use an id type with a default value (String, Long,"
                            + " a POJO) or keepFirst()",
                    e);
        }
        Preconditions.checkArgument(
                sentinel != null,
                "idType %s cannot key records without an id for keepLast(): its serializer"
                        + " has no default instance; use an id type with a default value"
                        + " (String, Long, a POJO) or keepFirst()",
                idType);
        return sentinel;
    }
}
