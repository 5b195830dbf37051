package dev.streamkit.state;

import dev.streamkit.common.internal.NullSafeKeySelector;
import dev.streamkit.state.internal.ExactDedupOperator;
import dev.streamkit.state.internal.ExactDedupSpecs;
import dev.streamkit.state.internal.ShardedDedupOperator;
import dev.streamkit.state.internal.Uids;
import java.io.Serializable;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.OutputTag;

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
 * (at least 1 ms), 128 shards, no mini-batch, a write-back buffer sized from the heap ({@link
 * #AUTO_WRITE_BUFFER_IDS}) on RocksDB, duplicates counted (metric {@code numDuplicateRecords}) and
 * dropped, late records counted ({@code numLateRecords}) and deduplicated like any other event.
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
 *
 * @serial exclude
 */
@PublicEvolving
public final class ExactDeduplicator<T, ID> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default bound of the keep-first negative id cache, per subtask: 64 MiB. */
    public static final long DEFAULT_ID_CACHE_BYTES = 64L << 20;

    /**
     * Default bound of the keep-first write-back buffer, in ids per subtask: 262 144 ids, about 13
     * MB with {@code Long} ids (an open-addressing table of 17 bytes per slot, at most 60 % full,
     * plus the id objects).
     */
    public static final int DEFAULT_WRITE_BUFFER_IDS = 1 << 18;

    /**
     * The default of {@link Builder#writeBuffer}: the bound follows the heap, 1/32 of the JVM's
     * maximum heap at 64 bytes per id (2 M ids with a 4 GiB heap), at least {@link
     * #DEFAULT_WRITE_BUFFER_IDS}.
     */
    public static final int AUTO_WRITE_BUFFER_IDS = -1;

    /** Largest explicit bound of {@link Builder#writeBuffer}. */
    public static final int MAX_WRITE_BUFFER_IDS = 50_000_000;

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
    private final String uid;

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
        this.uid =
                b.uid != null
                        ? b.uid
                        : Uids.defaultUid("dedup", ExactDedupSpecs.canonicalDescription(this));
    }

    /**
     * Keys {@code input} by the id and deduplicates it; the returned operator carries {@link
     * #name()} and {@link #uid()}. Duplicates, late records and records without an id go to the
     * side outputs configured with {@link Builder#duplicatesTo}, {@link Builder#lateRecordsTo} and
     * {@link Builder#invalidRecordsTo}; read them with {@link
     * SingleOutputStreamOperator#getSideOutput(OutputTag)} on the returned stream.
     *
     * @param input the records to deduplicate, with timestamps in event time
     * @return the deduplicated records
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public SingleOutputStreamOperator<T> apply(DataStream<T> input) {
        return input.keyBy((KeySelector) keySelector(), (TypeInformation) keyType())
                .transform(name, input.getType(), operator(input.getType()))
                .uid(uid);
    }

    /**
     * For wiring the operator by hand: the key selector of the stream the {@link #operator} runs
     * on, the shard of the id for keep-first, the id itself for keep-last. It never throws: a
     * record without an id gets the invalid key (shard -1, or the keep-last sentinel), and the
     * operator counts it as invalid.
     *
     * @return the key selector {@link #apply} keys the input with
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

    /**
     * The type of the keys of {@link #keySelector()}.
     *
     * @return {@code Types.INT} for keep-first (shards), the id type for keep-last
     */
    public TypeInformation<?> keyType() {
        return keepPolicy == KeepPolicy.KEEP_LAST ? idType : Types.INT;
    }

    /**
     * For wiring the operator by hand: the operator itself, for a stream keyed with {@link
     * #keySelector()} ({@code transform(...)}).
     *
     * @param recordType the type of the records
     * @return a new operator instance
     */
    public OneInputStreamOperator<T, T> operator(TypeInformation<T> recordType) {
        return keepPolicy == KeepPolicy.KEEP_LAST
                ? new ExactDedupOperator<>(this, recordType, duplicateTag, lateTag, invalidTag)
                : new ShardedDedupOperator<>(this, recordType, duplicateTag, lateTag, invalidTag);
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, default {@code deduplicate}
     */
    public String name() {
        return name;
    }

    /**
     * The operator uid.
     *
     * @return the uid set with {@link Builder#uid}, else {@code streamkit-dedup-<8 hex digits>}
     *     derived from the name and the parameters that define state (see {@link Builder#uid})
     */
    public String uid() {
        return uid;
    }

    /**
     * The id extractor.
     *
     * @return the extractor given to {@link Deduplicate#exact}
     */
    public KeySelector<T, ID> idExtractor() {
        return idExtractor;
    }

    /**
     * The id type.
     *
     * @return the type given to {@link Deduplicate#exact}
     */
    public TypeInformation<ID> idType() {
        return idType;
    }

    /**
     * How long an id is remembered after it was last seen.
     *
     * @return {@code expireAfter} in milliseconds
     */
    public long expireAfterMillis() {
        return expireAfterMillis;
    }

    /**
     * The timer granularity expiry is rounded up to.
     *
     * @return the granularity in milliseconds
     */
    public long granularityMillis() {
        return granularityMillis;
    }

    /**
     * The time domain expiry runs in.
     *
     * @return event time unless {@link Builder#inProcessingTime()} was set
     */
    public TimeDomain timeDomain() {
        return timeDomain;
    }

    /**
     * Which occurrence is let through.
     *
     * @return the keep policy, default {@link KeepPolicy#KEEP_FIRST}
     */
    public KeepPolicy keepPolicy() {
        return keepPolicy;
    }

    /**
     * The side output of duplicates.
     *
     * @return the tag given to {@link Builder#duplicatesTo}
     * @throws IllegalStateException if duplicates are only counted and dropped
     */
    public OutputTag<T> duplicatesTag() {
        if (duplicateTag == null) {
            throw Uids.unset(
                    "duplicates are counted (numDuplicateRecords) and dropped", "duplicatesTo");
        }
        return duplicateTag;
    }

    /**
     * The side output of late records.
     *
     * @return the tag given to {@link Builder#lateRecordsTo}
     * @throws IllegalStateException if late records are counted and deduplicated like any other
     */
    public OutputTag<T> lateRecordsTag() {
        if (lateTag == null) {
            throw Uids.unset(
                    "late records are counted (numLateRecords) and deduplicated like any other",
                    "lateRecordsTo");
        }
        return lateTag;
    }

    /**
     * The side output of records without an id.
     *
     * @return the tag given to {@link Builder#invalidRecordsTo}
     * @throws IllegalStateException if invalid records are only counted and dropped
     */
    public OutputTag<T> invalidRecordsTag() {
        if (invalidTag == null) {
            throw Uids.unset(
                    "records without an id are counted (numInvalidRecords) and dropped",
                    "invalidRecordsTo");
        }
        return invalidTag;
    }

    /**
     * How error messages name the operator.
     *
     * @return {@code Streamkit deduplication '<name>'}
     */
    public String description() {
        return "Streamkit deduplication '" + name + "'";
    }

    /**
     * The mini-batch bound.
     *
     * @return the most distinct ids buffered before resolving them, 0 when disabled
     */
    public int miniBatchSize() {
        return miniBatchSize;
    }

    /**
     * The keep-first shard count.
     *
     * @return how many keys the ids are spread over
     */
    public int shards() {
        return shards;
    }

    /**
     * The keep-first negative id cache bound.
     *
     * @return heap bytes per subtask, 0 when disabled
     */
    public long idCacheBytes() {
        return idCacheBytes;
    }

    /**
     * The keep-first write-back buffer bound.
     *
     * @return ids per subtask, 0 when disabled, {@link #AUTO_WRITE_BUFFER_IDS} when sized from the
     *     heap
     */
    public int writeBufferIds() {
        return writeBufferIds;
    }

    /**
     * Builds an {@link ExactDeduplicator}; {@link #build()} validates every parameter. Builders are
     * immutable: every setter returns a new builder and leaves the receiver unchanged, so a builder
     * can be shared and branched.
     *
     * @param <T> the record type
     * @param <ID> the id type
     */
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
        private int writeBufferIds = AUTO_WRITE_BUFFER_IDS;
        private String name = "deduplicate";
        private String uid;

        Builder(KeySelector<T, ID> idExtractor, TypeInformation<ID> idType) {
            this.idExtractor = idExtractor;
            this.idType = idType;
        }

        private Builder(Builder<T, ID> o) {
            this.idExtractor = o.idExtractor;
            this.idType = o.idType;
            this.expireAfter = o.expireAfter;
            this.granularity = o.granularity;
            this.timeDomain = o.timeDomain;
            this.keepPolicy = o.keepPolicy;
            this.duplicateTag = o.duplicateTag;
            this.lateTag = o.lateTag;
            this.invalidTag = o.invalidTag;
            this.miniBatchSize = o.miniBatchSize;
            this.shards = o.shards;
            this.idCacheBytes = o.idCacheBytes;
            this.writeBufferIds = o.writeBufferIds;
            this.name = o.name;
            this.uid = o.uid;
        }

        /**
         * Required: how long after it was last seen an id is forgotten.
         *
         * @param expireAfter at least 1 ms
         * @return a new builder with the horizon set
         */
        public Builder<T, ID> expireAfter(Duration expireAfter) {
            Builder<T, ID> b = new Builder<>(this);
            b.expireAfter = expireAfter;
            return b;
        }

        /**
         * Expire in processing time: "last seen" is the wall clock when the record arrived. The
         * default is event time, driven by watermarks.
         *
         * @return a new builder in processing time
         */
        public Builder<T, ID> inProcessingTime() {
            Builder<T, ID> b = new Builder<>(this);
            b.timeDomain = TimeDomain.PROCESSING_TIME;
            return b;
        }

        /**
         * Expiry is rounded up to a multiple of this; default {@code expireAfter / 4}. Keep-first
         * keeps one timer and one bucket per shard and granule, so a finer granularity costs more
         * of them; an id is remembered at most this much longer than {@code expireAfter}.
         *
         * @param granularity between 1 ms and {@code expireAfter}
         * @return a new builder with the granularity set
         */
        public Builder<T, ID> timerGranularity(Duration granularity) {
            Builder<T, ID> b = new Builder<>(this);
            b.granularity = granularity;
            return b;
        }

        /**
         * Let the first occurrence of an id through at once (the default).
         *
         * @return a new builder with {@link KeepPolicy#KEEP_FIRST}
         */
        public Builder<T, ID> keepFirst() {
            return keep(KeepPolicy.KEEP_FIRST);
        }

        /**
         * Let the latest occurrence of an id through once the id expires.
         *
         * @return a new builder with {@link KeepPolicy#KEEP_LAST}
         */
        public Builder<T, ID> keepLast() {
            return keep(KeepPolicy.KEEP_LAST);
        }

        /**
         * Which occurrence of an id is let through.
         *
         * @param policy the keep policy
         * @return a new builder with the policy set
         */
        public Builder<T, ID> keep(KeepPolicy policy) {
            Builder<T, ID> b = new Builder<>(this);
            b.keepPolicy = policy;
            return b;
        }

        /**
         * Route duplicates to this side output (they are always counted in {@code
         * numDuplicateRecords}); without it they are dropped.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing duplicates
         */
        public Builder<T, ID> duplicatesTo(OutputTag<T> tag) {
            Builder<T, ID> b = new Builder<>(this);
            b.duplicateTag = tag;
            return b;
        }

        /**
         * Route late records (event time only: timestamp + expireAfter at or below the watermark,
         * so their id may already have been forgotten) to this side output instead of deduplicating
         * them. They are counted in {@code numLateRecords} either way.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing late records
         */
        public Builder<T, ID> lateRecordsTo(OutputTag<T> tag) {
            Builder<T, ID> b = new Builder<>(this);
            b.lateTag = tag;
            return b;
        }

        /**
         * Route records whose id extractor returns null or throws to this side output, with their
         * timestamp; they are always counted ({@code numInvalidRecords}) and never deduplicated.
         * Without it they are dropped after counting. The job never fails on them.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing invalid records
         */
        public Builder<T, ID> invalidRecordsTo(OutputTag<T> tag) {
            Builder<T, ID> b = new Builder<>(this);
            b.invalidTag = tag;
            return b;
        }

        /**
         * Buffer up to {@code maxBufferedIds} distinct ids in memory and resolve them against state
         * in one pass on every watermark, before every checkpoint barrier, when the buffer is full
         * and at end of input. Saves one state access per duplicate inside a batch (most useful on
         * RocksDB) at the cost of output latency; exactly-once is kept because the buffer is
         * flushed before every snapshot. 0 (the default) disables it.
         *
         * @param maxBufferedIds in [0, 10000000]
         * @return a new builder with the mini-batch bound set
         */
        public Builder<T, ID> miniBatch(int maxBufferedIds) {
            Builder<T, ID> b = new Builder<>(this);
            b.miniBatchSize = maxBufferedIds;
            return b;
        }

        /**
         * Keep-first only: how many keys the ids are spread over (default 128; keep it at least the
         * job's max parallelism). Part of the state layout: keep it when restoring.
         *
         * @param shards in [1, 1048576]
         * @return a new builder with the shard count set
         */
        public Builder<T, ID> shards(int shards) {
            Builder<T, ID> b = new Builder<>(this);
            b.shards = shards;
            return b;
        }

        /**
         * Keep-first only: heap bytes per subtask for the negative id cache (blocked Bloom filters
         * of the ids in state, about 2 bytes per live id), which lets a new id skip the state read;
         * default 64 MiB, 0 disables it. Used on backends whose reads leave the heap (RocksDB); on
         * the HashMap backend a state read costs about as much as the filters, so it is off there.
         * The cache is rebuilt after every restore (until then each id reads state); if it would
         * outgrow this bound, the subtask stops using it and logs a warning. Decisions are exact
         * either way.
         *
         * @param maxBytes at least 0
         * @return a new builder with the cache bound set
         */
        public Builder<T, ID> idCacheBytes(long maxBytes) {
            Builder<T, ID> b = new Builder<>(this);
            b.idCacheBytes = maxBytes;
            return b;
        }

        /**
         * Keep-first only: how many inserted or refreshed ids a subtask holds on the heap before
         * writing them to the id map in state (default {@link
         * ExactDeduplicator#AUTO_WRITE_BUFFER_IDS}: 1/32 of the JVM's maximum heap at 64 bytes per
         * id, at least {@value ExactDeduplicator#DEFAULT_WRITE_BUFFER_IDS}; about 50 bytes per
         * {@code Long} id; 0 disables it). Used on backends whose writes and reads leave the heap
         * (RocksDB), off on the HashMap backend. Duplicates of a buffered id are answered without a
         * state read, several refreshes of one id become one write, and an id that expires while
         * buffered is never written to the map at all, whatever the checkpoint interval: every
         * snapshot holds the buffer as one list per shard (not one entry per id), and a restore
         * reads it back. When the buffer is full, its newest ids are written to the map until half
         * the bound is left, so the ids closest to expiry stay on the heap.
         *
         * @param maxIds in [0, 50000000], or {@link ExactDeduplicator#AUTO_WRITE_BUFFER_IDS}
         * @return a new builder with the buffer bound set
         */
        public Builder<T, ID> writeBuffer(int maxIds) {
            Builder<T, ID> b = new Builder<>(this);
            b.writeBufferIds = maxIds;
            return b;
        }

        /**
         * The operator name (default {@code deduplicate}); part of the default uid.
         *
         * @param name not empty
         * @return a new builder with the name set
         */
        public Builder<T, ID> name(String name) {
            Builder<T, ID> b = new Builder<>(this);
            b.name = name;
            return b;
        }

        /**
         * The operator uid, which savepoints match state by. Default: {@code streamkit-dedup-<8 hex
         * digits>} of a hash of the name, id type, expiry, granularity, time domain, keep policy
         * and (keep-first) shards: stable across runs, different for different configurations. Set
         * it explicitly in production, so that tuning the horizon keeps the state.
         *
         * @param uid not empty
         * @return a new builder with the uid set
         */
        public Builder<T, ID> uid(String uid) {
            Builder<T, ID> b = new Builder<>(this);
            b.uid = uid;
            return b;
        }

        /**
         * Validates the configuration, naming the offending parameter.
         *
         * @return the immutable deduplicator
         * @throws IllegalArgumentException if a parameter is missing or out of range
         */
        public ExactDeduplicator<T, ID> build() {
            ExactDedupSpecs.validate(
                    idExtractor,
                    idType,
                    expireAfter,
                    granularity,
                    timeDomain,
                    keepPolicy,
                    miniBatchSize,
                    shards,
                    idCacheBytes,
                    writeBufferIds,
                    lateTag != null,
                    name,
                    uid);
            ID invalidId =
                    keepPolicy == KeepPolicy.KEEP_LAST ? ExactDedupSpecs.invalidId(idType) : null;
            return new ExactDeduplicator<>(this, invalidId);
        }
    }
}
