package dev.streamkit.state;

import dev.streamkit.common.internal.NullSafeKeySelector;
import dev.streamkit.state.internal.ExactDedupConfig;
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

    private final ExactDedupConfig<T, ID> config;
    private final String uid;

    /** Keep-last: the key of records without an id (see the class comment); null for keep-first. */
    @Nullable private final ID invalidId;

    private ExactDeduplicator(ExactDedupConfig<T, ID> config) {
        this.config = config;
        this.invalidId =
                config.keepPolicy() == KeepPolicy.KEEP_LAST
                        ? ExactDedupSpecs.invalidId(config.idType())
                        : null;
        this.uid =
                config.uid() != null
                        ? config.uid()
                        : Uids.defaultUid("dedup", config.canonicalDescription());
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
                .transform(config.name(), input.getType(), operator(input.getType()))
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
        if (config.keepPolicy() == KeepPolicy.KEEP_LAST) {
            return new NullSafeKeySelector<>(config.idExtractor(), invalidId);
        }
        KeySelector<T, ID> ids = config.idExtractor();
        int n = config.shards();
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
        return config.keepPolicy() == KeepPolicy.KEEP_LAST ? config.idType() : Types.INT;
    }

    /**
     * For wiring the operator by hand: the operator itself, for a stream keyed with {@link
     * #keySelector()} ({@code transform(...)}).
     *
     * @param recordType the type of the records
     * @return a new operator instance
     */
    public OneInputStreamOperator<T, T> operator(TypeInformation<T> recordType) {
        return config.keepPolicy() == KeepPolicy.KEEP_LAST
                ? new ExactDedupOperator<>(config, recordType)
                : new ShardedDedupOperator<>(config, recordType);
    }

    /** Tests only: the parameters the operators run with. */
    ExactDedupConfig<T, ID> config() {
        return config;
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, default {@code deduplicate}
     */
    public String name() {
        return config.name();
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
     * The side output of duplicates.
     *
     * @return the tag given to {@link Builder#duplicatesTo}
     * @throws IllegalStateException if duplicates are only counted and dropped
     */
    public OutputTag<T> duplicatesTag() {
        OutputTag<T> tag = config.duplicateTag();
        if (tag == null) {
            throw Uids.unset(
                    "duplicates are counted (numDuplicateRecords) and dropped", "duplicatesTo");
        }
        return tag;
    }

    /**
     * The side output of late records.
     *
     * @return the tag given to {@link Builder#lateRecordsTo}
     * @throws IllegalStateException if late records are counted and deduplicated like any other
     */
    public OutputTag<T> lateRecordsTag() {
        OutputTag<T> tag = config.lateTag();
        if (tag == null) {
            throw Uids.unset(
                    "late records are counted (numLateRecords) and deduplicated like any other",
                    "lateRecordsTo");
        }
        return tag;
    }

    /**
     * The side output of records without an id.
     *
     * @return the tag given to {@link Builder#invalidRecordsTo}
     * @throws IllegalStateException if invalid records are only counted and dropped
     */
    public OutputTag<T> invalidRecordsTag() {
        OutputTag<T> tag = config.invalidTag();
        if (tag == null) {
            throw Uids.unset(
                    "records without an id are counted (numInvalidRecords) and dropped",
                    "invalidRecordsTo");
        }
        return tag;
    }

    /**
     * How error messages name the operator.
     *
     * @return {@code Streamkit deduplication '<name>'}
     */
    public String description() {
        return config.description();
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
        private final ExactDedupConfig<T, ID> config;

        Builder(KeySelector<T, ID> idExtractor, TypeInformation<ID> idType) {
            this(new ExactDedupConfig<>(idExtractor, idType));
        }

        private Builder(ExactDedupConfig<T, ID> config) {
            this.config = config;
        }

        /**
         * Required: how long after it was last seen an id is forgotten.
         *
         * @param expireAfter at least 1 ms
         * @return a new builder with the horizon set
         */
        public Builder<T, ID> expireAfter(Duration expireAfter) {
            return new Builder<>(config.withExpireAfter(expireAfter));
        }

        /**
         * Expire in processing time: "last seen" is the wall clock when the record arrived. The
         * default is event time, driven by watermarks.
         *
         * @return a new builder in processing time
         */
        public Builder<T, ID> inProcessingTime() {
            return new Builder<>(config.withTimeDomain(TimeDomain.PROCESSING_TIME));
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
            return new Builder<>(config.withGranularity(granularity));
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
            return new Builder<>(config.withKeepPolicy(policy));
        }

        /**
         * Route duplicates to this side output (they are always counted in {@code
         * numDuplicateRecords}); without it they are dropped.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing duplicates
         */
        public Builder<T, ID> duplicatesTo(OutputTag<T> tag) {
            return new Builder<>(config.withDuplicateTag(tag));
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
            return new Builder<>(config.withLateTag(tag));
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
            return new Builder<>(config.withInvalidTag(tag));
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
            return new Builder<>(config.withMiniBatchSize(maxBufferedIds));
        }

        /**
         * Keep-first only: how many keys the ids are spread over (default 128; keep it at least the
         * job's max parallelism). Part of the state layout: keep it when restoring.
         *
         * @param shards in [1, 1048576]
         * @return a new builder with the shard count set
         */
        public Builder<T, ID> shards(int shards) {
            return new Builder<>(config.withShards(shards));
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
            return new Builder<>(config.withIdCacheBytes(maxBytes));
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
         * reads it back. When the buffer is full, its newest ids are written to the map, a quarter
         * of the bound at a time, so the ids closest to expiry stay on the heap.
         *
         * @param maxIds in [0, 50000000], or {@link ExactDeduplicator#AUTO_WRITE_BUFFER_IDS}
         * @return a new builder with the buffer bound set
         */
        public Builder<T, ID> writeBuffer(int maxIds) {
            return new Builder<>(config.withWriteBufferIds(maxIds));
        }

        /**
         * The operator name (default {@code deduplicate}); part of the default uid.
         *
         * @param name not empty
         * @return a new builder with the name set
         */
        public Builder<T, ID> name(String name) {
            return new Builder<>(config.withName(name));
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
            return new Builder<>(config.withUid(uid));
        }

        /**
         * Validates the configuration, naming the offending parameter.
         *
         * @return the immutable deduplicator
         * @throws IllegalArgumentException if a parameter is missing or out of range
         */
        public ExactDeduplicator<T, ID> build() {
            return new ExactDeduplicator<>(config.validate());
        }
    }
}
