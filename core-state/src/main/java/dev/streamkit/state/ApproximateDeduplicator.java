package dev.streamkit.state;

import dev.streamkit.common.internal.NullSafeKeySelector;
import dev.streamkit.state.internal.ApproximateDedupConfig;
import dev.streamkit.state.internal.BloomDedupOperator;
import dev.streamkit.state.internal.Uids;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Bounded-memory approximate deduplication (keep-first) with time-bucketed, rotating blocked Bloom
 * filters held in Flink keyed state.
 *
 * <p>Ids are spread over {@code shards} keys by their hash (so the filters are checkpointed and
 * rescaled by key group like any keyed state). Each shard holds blocks of {@code slots} 512-bit
 * filters, one per epoch of width {@code (expireAfter + maxOutOfOrderness) / (slots - 1)}; an id is
 * checked against every live slot of its block and recorded in its epoch's slot, and a slot is
 * wiped when its epoch leaves the live range. A block is one state value; a bounded heap write-back
 * cache of blocks ({@link Builder#blockCacheBytes}, default 64 MiB per subtask) serves the lookups,
 * and dirty blocks are written to state before every checkpoint barrier.
 *
 * <p>Guarantees: no false negatives for a duplicate whose timestamp is within {@code expireAfter}
 * of an earlier occurrence, as long as no event is more than {@code maxOutOfOrderness} older than
 * the newest timestamp seen before it; an id is remembered for at most about {@code (expireAfter +
 * maxOutOfOrderness) * slots / (slots - 1)}. A new id is wrongly reported as a duplicate with
 * probability at most {@code falsePositiveRate} while at most {@code expectedIdsPerHorizon}
 * distinct ids arrive per {@code expireAfter}. State is fixed by the configuration: about {@link
 * #stateBytes()} once every block was touched, removed block by block when it stays idle for a
 * whole horizon.
 *
 * <p>Defaults: event time, {@code falsePositiveRate} 0.01, 4 slots, 128 shards, {@code
 * maxOutOfOrderness} 0, block cache 64 MiB per subtask, duplicates counted ({@code
 * numDuplicateRecords}) and dropped.
 *
 * <p><b>Records without an id.</b> A record whose hasher throws (the id is null: {@link
 * IdHasher#ofString} and friends throw on it) never fails the job: it is counted in {@code
 * numInvalidRecords}, routed to {@link Builder#invalidRecordsTo} if set (else dropped) and touches
 * no filter. So is a record whose timestamp is within {@code slots} epochs of {@code
 * Long.MAX_VALUE} (no watermark could sweep its block, and its block's clock would jump there). In
 * event time, a record without a timestamp (or with {@code Long.MIN_VALUE}) fails the job with a
 * message naming the operator.
 *
 * @serial exclude
 */
@PublicEvolving
public final class ApproximateDeduplicator<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ApproximateDedupConfig<T> config;
    private final String uid;

    /** Default bound of the heap block cache per subtask: 64 MiB. */
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;

    private ApproximateDeduplicator(ApproximateDedupConfig<T> config) {
        this.config = config;
        this.uid =
                config.uid() != null
                        ? config.uid()
                        : Uids.defaultUid("dedup-approximate", config.canonicalDescription());
    }

    /**
     * Keys {@code input} by shard and deduplicates it; the returned operator carries {@link
     * #name()} and {@link #uid()}. Duplicates, late records and records without an id go to the
     * side outputs configured with {@link Builder#duplicatesTo}, {@link Builder#lateRecordsTo} and
     * {@link Builder#invalidRecordsTo}; read them with {@link
     * SingleOutputStreamOperator#getSideOutput(OutputTag)} on the returned stream.
     *
     * @param input the records to deduplicate, with timestamps in event time
     * @return the deduplicated records
     */
    public SingleOutputStreamOperator<T> apply(DataStream<T> input) {
        return input.keyBy(shardSelector(), Types.INT)
                .transform(config.name(), input.getType(), operator())
                .uid(uid);
    }

    /**
     * For wiring the operator by hand: the key selector {@link #apply} uses, the shard of the
     * record's id hash; shard -1 (never a real shard) when the hasher throws, so keying never
     * fails.
     *
     * @return the shard key selector (keys of type {@code Types.INT})
     */
    public KeySelector<T, Integer> shardSelector() {
        IdHasher<T> h = config.hasher();
        int n = config.shards();
        return new NullSafeKeySelector<T, Integer>(
                record -> BloomDedupOperator.shardOf(h.hash(record), n),
                BloomDedupOperator.INVALID_SHARD);
    }

    /**
     * For wiring the operator by hand: the operator, for a stream keyed with {@link
     * #shardSelector()} ({@code transform(...)}).
     *
     * @return a new operator instance
     */
    public OneInputStreamOperator<T, T> operator() {
        return new BloomDedupOperator<>(config);
    }

    /** Tests only: the parameters and sizing the operator runs with. */
    ApproximateDedupConfig<T> config() {
        return config;
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, default {@code deduplicate-approximate}
     */
    public String name() {
        return config.name();
    }

    /**
     * The operator uid.
     *
     * @return the uid set with {@link Builder#uid}, else {@code streamkit-dedup-approximate-<8 hex
     *     digits>} (see {@link Builder#uid})
     */
    public String uid() {
        return uid;
    }

    /**
     * The side output of duplicates (and false positives).
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
     * @throws IllegalStateException if late records are counted and deduplicated against the live
     *     slots
     */
    public OutputTag<T> lateRecordsTag() {
        OutputTag<T> tag = config.lateTag();
        if (tag == null) {
            throw Uids.unset(
                    "late records are counted (numLateRecords) and deduplicated against the live"
                            + " slots",
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
     * @return {@code Streamkit approximate deduplication '<name>'}
     */
    public String description() {
        return config.description();
    }

    /**
     * Filter bytes when every block of every shard is live (excluding per-entry overhead).
     *
     * @return the state size bound in bytes
     */
    public long stateBytes() {
        return config.stateBytes();
    }

    /**
     * Builds an {@link ApproximateDeduplicator}; {@link #build()} validates and sizes. Builders are
     * immutable: every setter returns a new builder and leaves the receiver unchanged.
     *
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<T> {
        private final ApproximateDedupConfig<T> config;

        Builder(IdHasher<T> hasher) {
            this(new ApproximateDedupConfig<>(hasher));
        }

        private Builder(ApproximateDedupConfig<T> config) {
            this.config = config;
        }

        /**
         * Required: duplicates at most this far apart are always detected.
         *
         * @param expireAfter at least 1 ms
         * @return a new builder with the horizon set
         */
        public Builder<T> expireAfter(Duration expireAfter) {
            return new Builder<>(config.withExpireAfter(expireAfter));
        }

        /**
         * Event-time disorder the filters tolerate without false negatives; default 0.
         *
         * @param maxOutOfOrderness at least 0
         * @return a new builder with the disorder bound set
         */
        public Builder<T> maxOutOfOrderness(Duration maxOutOfOrderness) {
            return new Builder<>(config.withMaxOutOfOrderness(maxOutOfOrderness));
        }

        /**
         * Required: an upper bound of the distinct ids seen (first occurrences and repeats of older
         * ids alike) in any window of length {@code expireAfter}, across all shards; sizes the
         * filters. Above it the false-positive rate grows, false negatives stay impossible.
         *
         * @param expectedIds at least 1
         * @return a new builder with the sizing bound set
         */
        public Builder<T> expectedIdsPerHorizon(long expectedIds) {
            return new Builder<>(config.withExpectedIds(expectedIds));
        }

        /**
         * Probability that a new id is taken for a duplicate; default 0.01.
         *
         * @param falsePositiveRate in [1e-6, 0.5]
         * @return a new builder with the rate set
         */
        public Builder<T> falsePositiveRate(double falsePositiveRate) {
            return new Builder<>(config.withFalsePositiveRate(falsePositiveRate));
        }

        /**
         * Time slots per block (default 4): more slots, tighter retention, more bytes.
         *
         * @param slots in [3, 16]
         * @return a new builder with the slot count set
         */
        public Builder<T> slots(int slots) {
            return new Builder<>(config.withSlots(slots));
        }

        /**
         * Keys the ids are spread over (default 128; keep it at least the max parallelism). Part of
         * the state layout: keep it when restoring.
         *
         * @param shards in [1, 1048576]
         * @return a new builder with the shard count set
         */
        public Builder<T> shards(int shards) {
            return new Builder<>(config.withShards(shards));
        }

        /**
         * Rotate the slots in processing time (the wall clock when a record arrives). The default
         * is event time.
         *
         * @return a new builder in processing time
         */
        public Builder<T> inProcessingTime() {
            return new Builder<>(config.withTimeDomain(TimeDomain.PROCESSING_TIME));
        }

        /**
         * Route duplicates (and false positives) to this side output; they are always counted
         * ({@code numDuplicateRecords}). Without it they are dropped.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing duplicates
         */
        public Builder<T> duplicatesTo(OutputTag<T> tag) {
            return new Builder<>(config.withDuplicateTag(tag));
        }

        /**
         * Route records older than the live slots of their block (more than the horizon behind) to
         * this side output (event time only); they are counted ({@code numLateRecords}) either way,
         * and without it deduplicated against the live slots.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing late records
         */
        public Builder<T> lateRecordsTo(OutputTag<T> tag) {
            return new Builder<>(config.withLateTag(tag));
        }

        /**
         * Route records whose hasher throws (no id) to this side output, with their timestamp; they
         * are always counted ({@code numInvalidRecords}) and never touch the filters. Without it
         * they are dropped after counting. The job never fails on them.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing invalid records
         */
        public Builder<T> invalidRecordsTo(OutputTag<T> tag) {
            return new Builder<>(config.withInvalidTag(tag));
        }

        /**
         * Bound of the heap write-back cache of filter blocks, per subtask (default 64 MiB, {@code
         * 0} disables it). When the subtask's filters fit (about {@link
         * ApproximateDeduplicator#stateBytes()} divided by the parallelism, plus a few percent),
         * records touch no state between checkpoints; a smaller bound caches blocks as they are
         * read and evicts whole shards.
         *
         * @param blockCacheBytes at least 0
         * @return a new builder with the cache bound set
         */
        public Builder<T> blockCacheBytes(long blockCacheBytes) {
            return new Builder<>(config.withBlockCacheBytes(blockCacheBytes));
        }

        /**
         * The operator name (default {@code deduplicate-approximate}); part of the default uid.
         *
         * @param name not empty
         * @return a new builder with the name set
         */
        public Builder<T> name(String name) {
            return new Builder<>(config.withName(name));
        }

        /**
         * The operator uid, which savepoints match state by. Default: {@code
         * streamkit-dedup-approximate-<8 hex digits>} of a hash of the name and the parameters that
         * size the filters (expiry, disorder, expected ids, false-positive rate, slots, shards,
         * time domain): stable across runs, different for different configurations.
         *
         * @param uid not empty
         * @return a new builder with the uid set
         */
        public Builder<T> uid(String uid) {
            return new Builder<>(config.withUid(uid));
        }

        /**
         * Validates the configuration, naming the offending parameter, and sizes the filters.
         *
         * @return the immutable deduplicator
         * @throws IllegalArgumentException if a parameter is missing or out of range
         */
        public ApproximateDeduplicator<T> build() {
            return new ApproximateDeduplicator<>(config.validate());
        }
    }
}
