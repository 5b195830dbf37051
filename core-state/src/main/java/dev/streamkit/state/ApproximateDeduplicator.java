package dev.streamkit.state;

import dev.streamkit.common.internal.NullSafeKeySelector;
import dev.streamkit.state.internal.ApproximateDedupSpecs;
import dev.streamkit.state.internal.BlockedBloom;
import dev.streamkit.state.internal.BloomDedupOperator;
import dev.streamkit.state.internal.Uids;
import java.io.Serializable;
import java.time.Duration;
import javax.annotation.Nullable;
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

    private final IdHasher<T> hasher;
    private final long expireAfterMillis;
    private final long maxOutOfOrdernessMillis;
    private final long expectedIds;
    private final double falsePositiveRate;
    private final int slots;
    private final int shards;
    private final TimeDomain timeDomain;
    @Nullable private final OutputTag<T> duplicateTag;
    @Nullable private final OutputTag<T> lateTag;
    @Nullable private final OutputTag<T> invalidTag;
    private final String name;
    private final String uid;
    private final long epochMillis;
    private final int blocksPerShard;
    private final int bitsPerId;
    private final long blockCacheBytes;

    /** Default bound of the heap block cache per subtask: 64 MiB. */
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;

    private ApproximateDeduplicator(Builder<T> b, long epochMillis, long[] sizing) {
        this.hasher = b.hasher;
        this.expireAfterMillis = b.expireAfter.toMillis();
        this.maxOutOfOrdernessMillis = b.maxOutOfOrderness.toMillis();
        this.expectedIds = b.expectedIds;
        this.falsePositiveRate = b.falsePositiveRate;
        this.slots = b.slots;
        this.shards = b.shards;
        this.timeDomain = b.timeDomain;
        this.duplicateTag = b.duplicateTag;
        this.lateTag = b.lateTag;
        this.invalidTag = b.invalidTag;
        this.name = b.name;
        this.epochMillis = epochMillis;
        this.blocksPerShard = (int) sizing[0];
        this.bitsPerId = (int) sizing[1];
        this.blockCacheBytes = b.blockCacheBytes;
        this.uid =
                b.uid != null
                        ? b.uid
                        : Uids.defaultUid(
                                "dedup-approximate",
                                ApproximateDedupSpecs.canonicalDescription(this));
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
                .transform(name, input.getType(), operator())
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
        IdHasher<T> h = hasher;
        int n = shards;
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
        return new BloomDedupOperator<>(this, duplicateTag, lateTag, invalidTag);
    }

    /**
     * The operator name.
     *
     * @return the name set with {@link Builder#name}, default {@code deduplicate-approximate}
     */
    public String name() {
        return name;
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
     * The id hasher.
     *
     * @return the hasher given to {@link Deduplicate#approximate}
     */
    public IdHasher<T> hasher() {
        return hasher;
    }

    /**
     * The horizon within which duplicates are always detected.
     *
     * @return {@code expireAfter} in milliseconds
     */
    public long expireAfterMillis() {
        return expireAfterMillis;
    }

    /**
     * The event-time disorder tolerated without false negatives.
     *
     * @return {@code maxOutOfOrderness} in milliseconds
     */
    public long maxOutOfOrdernessMillis() {
        return maxOutOfOrdernessMillis;
    }

    /**
     * The sizing bound of distinct ids.
     *
     * @return distinct ids expected per {@code expireAfter}
     */
    public long expectedIdsPerHorizon() {
        return expectedIds;
    }

    /**
     * The target false-positive rate.
     *
     * @return the probability that a new id is taken for a duplicate
     */
    public double falsePositiveRate() {
        return falsePositiveRate;
    }

    /**
     * Time slots per block.
     *
     * @return the slot count
     */
    public int slots() {
        return slots;
    }

    /**
     * The shard count.
     *
     * @return how many keys the ids are spread over
     */
    public int shards() {
        return shards;
    }

    /**
     * The time domain of the slots.
     *
     * @return event time unless {@link Builder#inProcessingTime()} was set
     */
    public TimeDomain timeDomain() {
        return timeDomain;
    }

    /**
     * The side output of duplicates (and false positives).
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
     * @throws IllegalStateException if late records are counted and deduplicated against the live
     *     slots
     */
    public OutputTag<T> lateRecordsTag() {
        if (lateTag == null) {
            throw Uids.unset(
                    "late records are counted (numLateRecords) and deduplicated against the live"
                            + " slots",
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
     * @return {@code Streamkit approximate deduplication '<name>'}
     */
    public String description() {
        return "Streamkit approximate deduplication '" + name + "'";
    }

    /**
     * Width of one time slot.
     *
     * @return the epoch width in milliseconds
     */
    public long epochMillis() {
        return epochMillis;
    }

    /**
     * 512-bit blocks per shard and slot.
     *
     * @return the block count
     */
    public int blocksPerShard() {
        return blocksPerShard;
    }

    /**
     * Bits set per id inside its block.
     *
     * @return the hash count
     */
    public int hashesPerId() {
        return bitsPerId;
    }

    /**
     * Bound of the heap block cache per subtask.
     *
     * @return bytes, 0 when there is no cache
     */
    public long blockCacheBytes() {
        return blockCacheBytes;
    }

    /**
     * Filter bytes when every block of every shard is live (excluding per-entry overhead).
     *
     * @return the state size bound in bytes
     */
    public long stateBytes() {
        return (long) shards * blocksPerShard * 8L * (1 + BlockedBloom.WORDS * slots);
    }

    /**
     * Builds an {@link ApproximateDeduplicator}; {@link #build()} validates and sizes. Builders are
     * immutable: every setter returns a new builder and leaves the receiver unchanged.
     *
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<T> {
        private final IdHasher<T> hasher;
        private Duration expireAfter;
        private Duration maxOutOfOrderness = Duration.ZERO;
        private long expectedIds;
        private double falsePositiveRate = 0.01;
        private int slots = 4;
        private int shards = 128;
        private TimeDomain timeDomain = TimeDomain.EVENT_TIME;
        private OutputTag<T> duplicateTag;
        private OutputTag<T> lateTag;
        private OutputTag<T> invalidTag;
        private String name = "deduplicate-approximate";
        private String uid;
        private long blockCacheBytes = DEFAULT_BLOCK_CACHE_BYTES;

        Builder(IdHasher<T> hasher) {
            this.hasher = hasher;
        }

        private Builder(Builder<T> o) {
            this.hasher = o.hasher;
            this.expireAfter = o.expireAfter;
            this.maxOutOfOrderness = o.maxOutOfOrderness;
            this.expectedIds = o.expectedIds;
            this.falsePositiveRate = o.falsePositiveRate;
            this.slots = o.slots;
            this.shards = o.shards;
            this.timeDomain = o.timeDomain;
            this.duplicateTag = o.duplicateTag;
            this.lateTag = o.lateTag;
            this.invalidTag = o.invalidTag;
            this.name = o.name;
            this.uid = o.uid;
            this.blockCacheBytes = o.blockCacheBytes;
        }

        /**
         * Required: duplicates at most this far apart are always detected.
         *
         * @param expireAfter at least 1 ms
         * @return a new builder with the horizon set
         */
        public Builder<T> expireAfter(Duration expireAfter) {
            Builder<T> b = new Builder<>(this);
            b.expireAfter = expireAfter;
            return b;
        }

        /**
         * Event-time disorder the filters tolerate without false negatives; default 0.
         *
         * @param maxOutOfOrderness at least 0
         * @return a new builder with the disorder bound set
         */
        public Builder<T> maxOutOfOrderness(Duration maxOutOfOrderness) {
            Builder<T> b = new Builder<>(this);
            b.maxOutOfOrderness = maxOutOfOrderness;
            return b;
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
            Builder<T> b = new Builder<>(this);
            b.expectedIds = expectedIds;
            return b;
        }

        /**
         * Probability that a new id is taken for a duplicate; default 0.01.
         *
         * @param falsePositiveRate in [1e-6, 0.5]
         * @return a new builder with the rate set
         */
        public Builder<T> falsePositiveRate(double falsePositiveRate) {
            Builder<T> b = new Builder<>(this);
            b.falsePositiveRate = falsePositiveRate;
            return b;
        }

        /**
         * Time slots per block (default 4): more slots, tighter retention, more bytes.
         *
         * @param slots in [3, 16]
         * @return a new builder with the slot count set
         */
        public Builder<T> slots(int slots) {
            Builder<T> b = new Builder<>(this);
            b.slots = slots;
            return b;
        }

        /**
         * Keys the ids are spread over (default 128; keep it at least the max parallelism). Part of
         * the state layout: keep it when restoring.
         *
         * @param shards in [1, 1048576]
         * @return a new builder with the shard count set
         */
        public Builder<T> shards(int shards) {
            Builder<T> b = new Builder<>(this);
            b.shards = shards;
            return b;
        }

        /**
         * Rotate the slots in processing time (the wall clock when a record arrives). The default
         * is event time.
         *
         * @return a new builder in processing time
         */
        public Builder<T> inProcessingTime() {
            Builder<T> b = new Builder<>(this);
            b.timeDomain = TimeDomain.PROCESSING_TIME;
            return b;
        }

        /**
         * Route duplicates (and false positives) to this side output; they are always counted
         * ({@code numDuplicateRecords}). Without it they are dropped.
         *
         * @param tag the side output, read with {@code getSideOutput(tag)} on the applied stream
         * @return a new builder routing duplicates
         */
        public Builder<T> duplicatesTo(OutputTag<T> tag) {
            Builder<T> b = new Builder<>(this);
            b.duplicateTag = tag;
            return b;
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
            Builder<T> b = new Builder<>(this);
            b.lateTag = tag;
            return b;
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
            Builder<T> b = new Builder<>(this);
            b.invalidTag = tag;
            return b;
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
            Builder<T> b = new Builder<>(this);
            b.blockCacheBytes = blockCacheBytes;
            return b;
        }

        /**
         * The operator name (default {@code deduplicate-approximate}); part of the default uid.
         *
         * @param name not empty
         * @return a new builder with the name set
         */
        public Builder<T> name(String name) {
            Builder<T> b = new Builder<>(this);
            b.name = name;
            return b;
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
            Builder<T> b = new Builder<>(this);
            b.uid = uid;
            return b;
        }

        /**
         * Validates the configuration, naming the offending parameter, and sizes the filters.
         *
         * @return the immutable deduplicator
         * @throws IllegalArgumentException if a parameter is missing or out of range
         */
        public ApproximateDeduplicator<T> build() {
            ApproximateDedupSpecs.validate(
                    hasher,
                    expireAfter,
                    maxOutOfOrderness,
                    expectedIds,
                    falsePositiveRate,
                    slots,
                    shards,
                    timeDomain,
                    lateTag != null,
                    blockCacheBytes,
                    name,
                    uid);
            long epoch =
                    ApproximateDedupSpecs.epoch(
                            expireAfter.toMillis(), maxOutOfOrderness.toMillis(), slots);
            long[] sizing =
                    ApproximateDedupSpecs.sizing(
                            expectedIds,
                            epoch,
                            expireAfter.toMillis(),
                            shards,
                            slots,
                            falsePositiveRate);
            return new ApproximateDeduplicator<>(this, epoch, sizing);
        }
    }
}
