package dev.streamkit.state;

import dev.streamkit.common.internal.NullSafeKeySelector;
import dev.streamkit.state.internal.ExactDedupOperator;
import dev.streamkit.state.internal.ShardedDedupOperator;
import java.io.Serializable;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

/**
 * Exact keyed deduplication.
 *
 * <p>Keep-first (the default) spreads ids over {@code shards} keys by their {@code hashCode}; each
 * shard holds a map from id to its coalesced expiry plus one bucket of ids per expiry granule, and
 * expiry runs on one timer per shard and granule that drops its bucket whole (time-bucketed state,
 * no timer per id). Keep-last keys the stream by the id itself and holds (expiry, timestamp,
 * record) and one timer per live id. In both cases state and timers are removed when ids expire.
 *
 * <p>An id is forgotten {@code expireAfter} after it was <em>last</em> seen (in event time by
 * default, driven by event-time timers, or in processing time). Expiry is rounded up to {@code
 * timerGranularity}, so an id is remembered for at least {@code expireAfter} and at most {@code
 * expireAfter + timerGranularity}; later duplicates of a remembered id only rewrite state when
 * their expiry moves to a later granule.
 *
 * <p>Defaults: event time, {@link KeepPolicy#KEEP_FIRST}, timer granularity {@code expireAfter / 4}
 * (at least 1 ms), 128 shards, no mini-batch, a write-back buffer of {@value
 * #DEFAULT_WRITE_BUFFER_IDS} ids on RocksDB, duplicates counted (metric {@code
 * numDuplicateRecords}) and dropped, late events counted ({@code numLateRecords}) and deduplicated
 * like any other event.
 *
 * <p><b>Records without an id.</b> A record whose id extractor returns null or throws (a producer
 * left out the field) never fails the job: it is counted in {@code numInvalidRecords}, routed to
 * {@link Builder#invalidRecordsTo} if set (else dropped), and touches no state. Keep-first keys it
 * to shard -1 (no real id maps there); keep-last keys it to the default instance of the id type's
 * serializer ({@code ""} for strings, {@code 0} for numbers), which {@link Builder#build()} checks
 * can be serialized and hashed. In event time, a record without a timestamp (or with {@code
 * Long.MIN_VALUE}, a source without a watermark strategy) fails the job with a message naming the
 * operator. Ids are checked before timestamps: a record without an id is invalid whatever its time.
 *
 * <p>Instances are immutable and {@link Serializable}; build them with {@link
 * Deduplicate#exact(KeySelector, TypeInformation)}.
 */
@PublicEvolving
public final class ExactDeduplicator<T, ID> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default bound of the keep-first negative id cache, per subtask. */
    public static final long DEFAULT_ID_CACHE_BYTES = 64L << 20;

    /**
     * Default bound of the keep-first write-back buffer, in ids per subtask: 262 144 ids, about 13
     * MB with {@code Long} ids (an open-addressing table of 17 bytes per slot, at most 60 % full,
     * plus the id objects).
     */
    public static final int DEFAULT_WRITE_BUFFER_IDS = 1 << 18;

    private final KeySelector<T, ID> idExtractor;
    private final TypeInformation<ID> idType;
    private final long expireAfterMillis;
    private final long granularityMillis;
    private final TimeDomain timeDomain;
    private final KeepPolicy keepPolicy;
    @Nullable private final OutputTag<T> duplicateTag;
    @Nullable private final OutputTag<T> lateTag;
    @Nullable private final OutputTag<T> invalidTag;
    private final int miniBatchSize;
    private final int writeBufferIds;
    private final int shards;
    private final long idCacheBytes;
    private final String name;
    @Nullable private final String uid;

    /** Keep-last: the key of records without an id (see the class comment); null for keep-first. */
    @Nullable private final ID invalidId;

    private ExactDeduplicator(Builder<T, ID> b, @Nullable ID invalidId) {
        this.invalidId = invalidId;
        this.invalidTag = b.invalidTag;
        this.idExtractor = b.idExtractor;
        this.idType = b.idType;
        this.expireAfterMillis = b.expireAfter.toMillis();
        this.granularityMillis =
                b.granularity != null
                        ? b.granularity.toMillis()
                        : Math.max(1L, expireAfterMillis / 4);
        this.timeDomain = b.timeDomain;
        this.keepPolicy = b.keepPolicy;
        this.duplicateTag = b.duplicateTag;
        this.lateTag = b.lateTag;
        this.miniBatchSize = b.miniBatchSize;
        this.writeBufferIds = b.writeBufferIds;
        this.shards = b.shards;
        this.idCacheBytes = b.idCacheBytes;
        this.name = b.name;
        this.uid = b.uid;
    }

    /**
     * Keys {@code input} by the id and deduplicates it. Duplicates, late events and records without
     * an id go to the side outputs configured with {@link Builder#duplicatesTo}, {@link
     * Builder#lateEventsTo} and {@link Builder#invalidRecordsTo}, read them with {@link
     * SingleOutputStreamOperator#getSideOutput(OutputTag)}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public SingleOutputStreamOperator<T> apply(DataStream<T> input) {
        SingleOutputStreamOperator<T> out =
                input.keyBy((KeySelector) keySelector(), (TypeInformation) keyType())
                        .transform(name, input.getType(), operator(input.getType()));
        if (uid != null) {
            out.uid(uid);
        }
        return out;
    }

    /**
     * The key selector of the stream the {@link #operator} runs on: the shard of the id for
     * keep-first, the id itself for keep-last. It never throws: a record without an id gets the
     * invalid key (shard -1, or the keep-last sentinel), and the operator counts it as invalid.
     */
    public KeySelector<T, ?> keySelector() {
        if (keepPolicy == KeepPolicy.KEEP_LAST) {
            return new NullSafeKeySelector<>(idExtractor, invalidId);
        }
        KeySelector<T, ID> ids = idExtractor;
        int n = shards;
        return new NullSafeKeySelector<T, Integer>(
                record -> ShardedDedupOperator.shardOf(ids.getKey(record), n),
                ShardedDedupOperator.INVALID_SHARD);
    }

    /** The type of the keys of {@link #keySelector()}. */
    public TypeInformation<?> keyType() {
        return keepPolicy == KeepPolicy.KEEP_LAST ? idType : Types.INT;
    }

    /**
     * The operator itself, for a stream keyed with {@link #keySelector()} ({@code transform(...)});
     * {@code recordType} is the type of the records.
     */
    public OneInputStreamOperator<T, T> operator(TypeInformation<T> recordType) {
        return keepPolicy == KeepPolicy.KEEP_LAST
                ? new ExactDedupOperator<>(this, recordType)
                : new ShardedDedupOperator<>(this, recordType);
    }

    public KeySelector<T, ID> idExtractor() {
        return idExtractor;
    }

    public TypeInformation<ID> idType() {
        return idType;
    }

    public long expireAfterMillis() {
        return expireAfterMillis;
    }

    public long granularityMillis() {
        return granularityMillis;
    }

    public TimeDomain timeDomain() {
        return timeDomain;
    }

    public KeepPolicy keepPolicy() {
        return keepPolicy;
    }

    @Nullable
    public OutputTag<T> duplicateTag() {
        return duplicateTag;
    }

    @Nullable
    public OutputTag<T> lateTag() {
        return lateTag;
    }

    @Nullable
    public OutputTag<T> invalidTag() {
        return invalidTag;
    }

    /** How error messages name the operator. */
    public String description() {
        return "Streamkit deduplication '" + name + "'";
    }

    public int miniBatchSize() {
        return miniBatchSize;
    }

    public int shards() {
        return shards;
    }

    public long idCacheBytes() {
        return idCacheBytes;
    }

    public int writeBufferIds() {
        return writeBufferIds;
    }

    /** Builds an {@link ExactDeduplicator}; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder<T, ID> {
        private final KeySelector<T, ID> idExtractor;
        private final TypeInformation<ID> idType;
        private Duration expireAfter;
        private Duration granularity;
        private TimeDomain timeDomain = TimeDomain.EVENT_TIME;
        private KeepPolicy keepPolicy = KeepPolicy.KEEP_FIRST;
        private OutputTag<T> duplicateTag;
        private OutputTag<T> lateTag;
        private OutputTag<T> invalidTag;
        private int miniBatchSize;
        private int shards = 128;
        private long idCacheBytes = DEFAULT_ID_CACHE_BYTES;
        private int writeBufferIds = DEFAULT_WRITE_BUFFER_IDS;
        private String name = "deduplicate";
        private String uid;

        Builder(KeySelector<T, ID> idExtractor, TypeInformation<ID> idType) {
            this.idExtractor = idExtractor;
            this.idType = idType;
        }

        /** Required: how long after it was last seen an id is forgotten. */
        public Builder<T, ID> expireAfter(Duration expireAfter) {
            this.expireAfter = expireAfter;
            return this;
        }

        /** Expire in event time (the default): expiry is driven by watermarks. */
        public Builder<T, ID> inEventTime() {
            this.timeDomain = TimeDomain.EVENT_TIME;
            return this;
        }

        /** Expire in processing time: "last seen" is the wall clock when the record arrived. */
        public Builder<T, ID> inProcessingTime() {
            this.timeDomain = TimeDomain.PROCESSING_TIME;
            return this;
        }

        /**
         * Expiry is rounded up to a multiple of this; default {@code expireAfter / 4}. Keep-first
         * keeps one timer and one bucket per shard and granule, so a finer granularity costs more
         * of them; an id is remembered at most this much longer than {@code expireAfter}.
         */
        public Builder<T, ID> timerGranularity(Duration granularity) {
            this.granularity = granularity;
            return this;
        }

        public Builder<T, ID> keepFirst() {
            this.keepPolicy = KeepPolicy.KEEP_FIRST;
            return this;
        }

        public Builder<T, ID> keepLast() {
            this.keepPolicy = KeepPolicy.KEEP_LAST;
            return this;
        }

        public Builder<T, ID> keep(KeepPolicy policy) {
            this.keepPolicy = policy;
            return this;
        }

        /** Route duplicates to this side output (they are always counted). */
        public Builder<T, ID> duplicatesTo(OutputTag<T> tag) {
            this.duplicateTag = tag;
            return this;
        }

        /**
         * Route late events (event time only: timestamp + expireAfter at or below the watermark, so
         * their id may already have been forgotten) to this side output instead of deduplicating
         * them.
         */
        public Builder<T, ID> lateEventsTo(OutputTag<T> tag) {
            this.lateTag = tag;
            return this;
        }

        /**
         * Route records whose id extractor returns null or throws to this side output, with their
         * timestamp; they are always counted ({@code numInvalidRecords}) and never deduplicated.
         * Without it they are dropped after counting. The job never fails on them.
         */
        public Builder<T, ID> invalidRecordsTo(OutputTag<T> tag) {
            this.invalidTag = tag;
            return this;
        }

        /**
         * Buffer up to {@code maxBufferedIds} distinct ids in memory and resolve them against state
         * in one pass on every watermark, before every checkpoint barrier, when the buffer is full
         * and at end of input. Saves one state access per duplicate inside a batch (most useful on
         * RocksDB) at the cost of output latency; exactly-once is kept because the buffer is
         * flushed before every snapshot. 0 (the default) disables it.
         */
        public Builder<T, ID> miniBatch(int maxBufferedIds) {
            this.miniBatchSize = maxBufferedIds;
            return this;
        }

        /**
         * Keep-first only: how many keys the ids are spread over (default 128; keep it at least the
         * job's max parallelism). Part of the state layout: keep it when restoring.
         */
        public Builder<T, ID> shards(int shards) {
            this.shards = shards;
            return this;
        }

        /**
         * Keep-first only: heap bytes per subtask for the negative id cache (blocked Bloom filters
         * of the ids in state, about 2 bytes per live id), which lets a new id skip the state read;
         * default 64 MiB, 0 disables it. Used on backends whose reads leave the heap (RocksDB); on
         * the HashMap backend a state read costs about as much as the filters, so it is off there.
         * The cache is rebuilt after every restore (until then each id reads state); if it would
         * outgrow this bound, the subtask stops using it and logs a warning. Decisions are exact
         * either way.
         */
        public Builder<T, ID> idCacheBytes(long maxBytes) {
            this.idCacheBytes = maxBytes;
            return this;
        }

        /**
         * Keep-first only: how many ids inserted or refreshed since the last checkpoint a subtask
         * holds on the heap before writing them to state (default {@value
         * ExactDeduplicator#DEFAULT_WRITE_BUFFER_IDS}, about 50 bytes per {@code Long} id; 0
         * disables it). Used on backends whose writes and reads leave the heap (RocksDB), off on
         * the HashMap backend. Duplicates of a buffered id are answered without a state read,
         * several refreshes of one id become one write, and an id that expires before the buffer is
         * written is never written at all. The buffer is written to state before every snapshot, so
         * checkpoints are exact and nothing adds output latency; when it is full, its newest ids
         * are written until half the bound is left, so the ids closest to expiry stay on the heap.
         */
        public Builder<T, ID> writeBuffer(int maxIds) {
            this.writeBufferIds = maxIds;
            return this;
        }

        /** The operator name (default {@code deduplicate}). */
        public Builder<T, ID> name(String name) {
            this.name = name;
            return this;
        }

        /** A stable operator uid for savepoint compatibility (recommended). */
        public Builder<T, ID> uid(String uid) {
            this.uid = uid;
            return this;
        }

        public ExactDeduplicator<T, ID> build() {
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
                    shards >= 1 && shards <= 1 << 20,
                    "shards must be in [1, 1048576], got %s",
                    shards);
            Preconditions.checkArgument(
                    idCacheBytes >= 0, "idCacheBytes must be >= 0, got %s", idCacheBytes);
            Preconditions.checkArgument(
                    writeBufferIds >= 0 && writeBufferIds <= 50_000_000,
                    "writeBuffer(maxIds) must be in [0, 50000000], got %s",
                    writeBufferIds);
            Preconditions.checkArgument(
                    lateTag == null || timeDomain == TimeDomain.EVENT_TIME,
                    "lateEventsTo is only meaningful in event time");
            Preconditions.checkArgument(
                    name != null && !name.isEmpty(), "name must not be null or empty");
            Preconditions.checkArgument(
                    uid == null || !uid.isEmpty(), "uid must not be empty when set");
            ID invalidId = keepPolicy == KeepPolicy.KEEP_LAST ? invalidId(idType) : null;
            return new ExactDeduplicator<>(this, invalidId);
        }

        /**
         * Keep-last keys the stream by the id itself, so records without an id need a key of the id
         * type: the default instance of its serializer. It must be non-null, hashable, serializable
         * with the id serializer (RocksDB serializes every key it is set to) and with Java
         * serialization (the key selector is part of the job graph), else building fails.
         */
        private static <ID> ID invalidId(TypeInformation<ID> idType) {
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
}
