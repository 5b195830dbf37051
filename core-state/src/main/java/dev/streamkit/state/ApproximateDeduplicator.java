package dev.streamkit.state;

import dev.streamkit.common.internal.NullSafeKeySelector;
import dev.streamkit.state.internal.BlockedBloom;
import dev.streamkit.state.internal.BloomDedupOperator;
import java.io.Serializable;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;

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
    @Nullable private final String uid;
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
        this.uid = b.uid;
        this.epochMillis = epochMillis;
        this.blocksPerShard = (int) sizing[0];
        this.bitsPerId = (int) sizing[1];
        this.blockCacheBytes = b.blockCacheBytes;
    }

    /** Keys {@code input} by shard and deduplicates it. */
    public SingleOutputStreamOperator<T> apply(DataStream<T> input) {
        SingleOutputStreamOperator<T> out =
                input.keyBy(shardSelector(), Types.INT)
                        .transform(name, input.getType(), operator());
        if (uid != null) {
            out.uid(uid);
        }
        return out;
    }

    /**
     * The key selector {@link #apply} uses: the shard of the record's id hash; shard -1 (never a
     * real shard) when the hasher throws, so keying never fails.
     */
    public KeySelector<T, Integer> shardSelector() {
        IdHasher<T> h = hasher;
        int n = shards;
        return new NullSafeKeySelector<T, Integer>(
                record -> BloomDedupOperator.shardOf(h.hash(record), n),
                BloomDedupOperator.INVALID_SHARD);
    }

    /** The operator, for a stream keyed with {@link #shardSelector()}. */
    public BloomDedupOperator<T> operator() {
        return new BloomDedupOperator<>(this);
    }

    public IdHasher<T> hasher() {
        return hasher;
    }

    public long expireAfterMillis() {
        return expireAfterMillis;
    }

    public long maxOutOfOrdernessMillis() {
        return maxOutOfOrdernessMillis;
    }

    public long expectedIdsPerHorizon() {
        return expectedIds;
    }

    public double falsePositiveRate() {
        return falsePositiveRate;
    }

    public int slots() {
        return slots;
    }

    public int shards() {
        return shards;
    }

    public TimeDomain timeDomain() {
        return timeDomain;
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
        return "Streamkit approximate deduplication '" + name + "'";
    }

    /** Width of one time slot. */
    public long epochMillis() {
        return epochMillis;
    }

    /** 512-bit blocks per shard and slot. */
    public int blocksPerShard() {
        return blocksPerShard;
    }

    /** Bits set per id inside its block. */
    public int hashesPerId() {
        return bitsPerId;
    }

    /** Bound of the heap block cache per subtask (0: no cache). */
    public long blockCacheBytes() {
        return blockCacheBytes;
    }

    /** Filter bytes when every block of every shard is live (excluding per-entry overhead). */
    public long stateBytes() {
        return (long) shards * blocksPerShard * 8L * (1 + BlockedBloom.WORDS * slots);
    }

    /** Builds an {@link ApproximateDeduplicator}; {@link #build()} validates and sizes. */
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

        /** Required: duplicates at most this far apart are always detected. */
        public Builder<T> expireAfter(Duration expireAfter) {
            this.expireAfter = expireAfter;
            return this;
        }

        /** Event-time disorder the filters tolerate without false negatives; default 0. */
        public Builder<T> maxOutOfOrderness(Duration maxOutOfOrderness) {
            this.maxOutOfOrderness = maxOutOfOrderness;
            return this;
        }

        /**
         * Required: an upper bound of the distinct ids seen (first occurrences and repeats of older
         * ids alike) in any window of length {@code expireAfter}, across all shards; sizes the
         * filters. Above it the false-positive rate grows, false negatives stay impossible.
         */
        public Builder<T> expectedIdsPerHorizon(long expectedIds) {
            this.expectedIds = expectedIds;
            return this;
        }

        /** Probability that a new id is taken for a duplicate; default 0.01. */
        public Builder<T> falsePositiveRate(double falsePositiveRate) {
            this.falsePositiveRate = falsePositiveRate;
            return this;
        }

        /** Time slots per block (3..16, default 4): more slots, tighter retention, more bytes. */
        public Builder<T> slots(int slots) {
            this.slots = slots;
            return this;
        }

        /** Keys the ids are spread over (default 128; keep it >= the max parallelism). */
        public Builder<T> shards(int shards) {
            this.shards = shards;
            return this;
        }

        public Builder<T> inEventTime() {
            this.timeDomain = TimeDomain.EVENT_TIME;
            return this;
        }

        public Builder<T> inProcessingTime() {
            this.timeDomain = TimeDomain.PROCESSING_TIME;
            return this;
        }

        /** Route duplicates (and false positives) to this side output; they are always counted. */
        public Builder<T> duplicatesTo(OutputTag<T> tag) {
            this.duplicateTag = tag;
            return this;
        }

        /**
         * Route events older than the live slots of their block (more than the horizon behind) to
         * this side output; by default they are counted ({@code numLateRecords}) and deduplicated
         * against the live slots.
         */
        public Builder<T> lateEventsTo(OutputTag<T> tag) {
            this.lateTag = tag;
            return this;
        }

        /**
         * Route records whose hasher throws (no id) to this side output, with their timestamp; they
         * are always counted ({@code numInvalidRecords}) and never touch the filters. Without it
         * they are dropped after counting. The job never fails on them.
         */
        public Builder<T> invalidRecordsTo(OutputTag<T> tag) {
            this.invalidTag = tag;
            return this;
        }

        /**
         * Bound of the heap write-back cache of filter blocks, per subtask (default 64 MiB, {@code
         * 0} disables it). When the subtask's filters fit (about {@link
         * ApproximateDeduplicator#stateBytes()} divided by the parallelism, plus a few percent),
         * records touch no state between checkpoints; a smaller bound caches blocks as they are
         * read and evicts whole shards.
         */
        public Builder<T> blockCacheBytes(long blockCacheBytes) {
            this.blockCacheBytes = blockCacheBytes;
            return this;
        }

        public Builder<T> name(String name) {
            this.name = name;
            return this;
        }

        public Builder<T> uid(String uid) {
            this.uid = uid;
            return this;
        }

        public ApproximateDeduplicator<T> build() {
            Preconditions.checkArgument(hasher != null, "hasher must not be null");
            Preconditions.checkArgument(
                    expireAfter != null && expireAfter.toMillis() >= 1,
                    "expireAfter is required and must be at least 1 ms, got %s",
                    expireAfter);
            Preconditions.checkArgument(
                    maxOutOfOrderness != null && !maxOutOfOrderness.isNegative(),
                    "maxOutOfOrderness must be >= 0, got %s",
                    maxOutOfOrderness);
            Preconditions.checkArgument(
                    expectedIds >= 1,
                    "expectedIdsPerHorizon is required and must be >= 1, got %s",
                    expectedIds);
            Preconditions.checkArgument(
                    falsePositiveRate >= 1e-6 && falsePositiveRate <= 0.5,
                    "falsePositiveRate must be in [1e-6, 0.5], got %s",
                    falsePositiveRate);
            Preconditions.checkArgument(
                    slots >= 3 && slots <= 16, "slots must be in [3, 16], got %s", slots);
            Preconditions.checkArgument(
                    shards >= 1 && shards <= 1 << 20,
                    "shards must be in [1, 1048576], got %s",
                    shards);
            Preconditions.checkArgument(timeDomain != null, "timeDomain must not be null");
            Preconditions.checkArgument(
                    lateTag == null || timeDomain == TimeDomain.EVENT_TIME,
                    "lateEventsTo is only meaningful in event time");
            Preconditions.checkArgument(
                    blockCacheBytes >= 0, "blockCacheBytes must be >= 0, got %s", blockCacheBytes);
            Preconditions.checkArgument(
                    name != null && !name.isEmpty(), "name must not be null or empty");
            Preconditions.checkArgument(
                    uid == null || !uid.isEmpty(), "uid must not be empty when set");
            long span = expireAfter.toMillis() + maxOutOfOrderness.toMillis();
            // floor(span / epoch) <= slots - 2 keeps both occurrences' epochs in the live range
            long epoch = span / (slots - 1) + 1;
            // ids per slot and shard, plus three standard deviations for the hash spread
            double perSlot = (double) expectedIds * epoch / expireAfter.toMillis() / shards;
            perSlot = Math.max(1, perSlot + 3 * Math.sqrt(perSlot));
            // the union over all live slots must stay below the target
            long[] sizing = BlockedBloom.size(perSlot, falsePositiveRate / slots);
            Preconditions.checkArgument(
                    sizing[0] <= Integer.MAX_VALUE,
                    "expectedIdsPerHorizon %s needs too many blocks per shard: raise shards",
                    expectedIds);
            return new ApproximateDeduplicator<>(this, epoch, sizing);
        }
    }
}
