package dev.streamkit.state.internal;

import dev.streamkit.state.ApproximateDeduplicator;
import dev.streamkit.state.IdHasher;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.OutputTag;

/**
 * Every parameter of an approximate deduplication and the filter sizing derived from them: what
 * {@link ApproximateDeduplicator.Builder} collects, what the built {@link ApproximateDeduplicator}
 * holds, and what the operator runs with. The public classes keep only what a user wires with (the
 * fluent setters, the operator, its key selector, name, uid, side outputs and the state bound).
 *
 * <p>Immutable: every {@code with...} method returns a changed copy. A configuration is not
 * validated until {@link #validate()}, which {@link ApproximateDeduplicator.Builder#build()} calls
 * before any operator sees it; the sizing getters are only meaningful after it.
 *
 * @param <T> the record type
 */
@Internal
public final class ApproximateDedupConfig<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    // Not final only so that with(...) can change a fresh copy; never changed after that.
    private IdHasher<T> hasher;
    @Nullable private Duration expireAfter;
    @Nullable private Duration maxOutOfOrderness = Duration.ZERO;
    private long expectedIds;
    private double falsePositiveRate = 0.01;
    private int slots = 4;
    private int shards = 128;
    private TimeDomain timeDomain = TimeDomain.EVENT_TIME;
    @Nullable private OutputTag<T> duplicateTag;
    @Nullable private OutputTag<T> lateTag;
    @Nullable private OutputTag<T> invalidTag;
    private long blockCacheBytes = ApproximateDeduplicator.DEFAULT_BLOCK_CACHE_BYTES;
    private String name = "deduplicate-approximate";
    @Nullable private String uid;

    /**
     * The defaults (see {@link ApproximateDeduplicator}) for the given hasher; {@code expireAfter}
     * and {@code expectedIdsPerHorizon} are still to be set.
     *
     * @param hasher the id hasher
     */
    public ApproximateDedupConfig(IdHasher<T> hasher) {
        this.hasher = hasher;
    }

    private ApproximateDedupConfig(ApproximateDedupConfig<T> o) {
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
        this.blockCacheBytes = o.blockCacheBytes;
        this.name = o.name;
        this.uid = o.uid;
    }

    private ApproximateDedupConfig<T> with(Consumer<ApproximateDedupConfig<T>> change) {
        ApproximateDedupConfig<T> copy = new ApproximateDedupConfig<>(this);
        change.accept(copy);
        return copy;
    }

    /** A copy with the horizon set. */
    public ApproximateDedupConfig<T> withExpireAfter(Duration expireAfter) {
        return with(c -> c.expireAfter = expireAfter);
    }

    /** A copy with the tolerated event-time disorder set. */
    public ApproximateDedupConfig<T> withMaxOutOfOrderness(Duration maxOutOfOrderness) {
        return with(c -> c.maxOutOfOrderness = maxOutOfOrderness);
    }

    /** A copy with the distinct ids expected per horizon set. */
    public ApproximateDedupConfig<T> withExpectedIds(long expectedIds) {
        return with(c -> c.expectedIds = expectedIds);
    }

    /** A copy with the target false-positive rate set. */
    public ApproximateDedupConfig<T> withFalsePositiveRate(double falsePositiveRate) {
        return with(c -> c.falsePositiveRate = falsePositiveRate);
    }

    /** A copy with the time slots per block set. */
    public ApproximateDedupConfig<T> withSlots(int slots) {
        return with(c -> c.slots = slots);
    }

    /** A copy with the shard count set. */
    public ApproximateDedupConfig<T> withShards(int shards) {
        return with(c -> c.shards = shards);
    }

    /** A copy with the time domain set. */
    public ApproximateDedupConfig<T> withTimeDomain(TimeDomain timeDomain) {
        return with(c -> c.timeDomain = timeDomain);
    }

    /** A copy routing duplicates (and false positives) to {@code tag}. */
    public ApproximateDedupConfig<T> withDuplicateTag(OutputTag<T> tag) {
        return with(c -> c.duplicateTag = tag);
    }

    /** A copy routing late records to {@code tag}. */
    public ApproximateDedupConfig<T> withLateTag(OutputTag<T> tag) {
        return with(c -> c.lateTag = tag);
    }

    /** A copy routing records without an id to {@code tag}. */
    public ApproximateDedupConfig<T> withInvalidTag(OutputTag<T> tag) {
        return with(c -> c.invalidTag = tag);
    }

    /** A copy with the heap block cache bound set. */
    public ApproximateDedupConfig<T> withBlockCacheBytes(long blockCacheBytes) {
        return with(c -> c.blockCacheBytes = blockCacheBytes);
    }

    /** A copy with the operator name set. */
    public ApproximateDedupConfig<T> withName(String name) {
        return with(c -> c.name = name);
    }

    /** A copy with the operator uid set (null: derived from {@link #canonicalDescription()}). */
    public ApproximateDedupConfig<T> withUid(@Nullable String uid) {
        return with(c -> c.uid = uid);
    }

    /**
     * Checks every parameter, naming the offending one (see {@link
     * ApproximateDedupSpecs#validate}), and that the filters fit (see {@link
     * ApproximateDedupSpecs#sizing}).
     *
     * @return this configuration
     * @throws IllegalArgumentException if a parameter is missing or out of range
     */
    public ApproximateDedupConfig<T> validate() {
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
        sizing();
        return this;
    }

    /** Blocks per shard and bits per id, as {@link ApproximateDedupSpecs#sizing}. */
    private long[] sizing() {
        return ApproximateDedupSpecs.sizing(
                expectedIds, epochMillis(), expireAfterMillis(), shards, slots, falsePositiveRate);
    }

    /** The id hasher. */
    public IdHasher<T> hasher() {
        return hasher;
    }

    /** The horizon within which duplicates are always detected, in milliseconds. */
    public long expireAfterMillis() {
        return expireAfter.toMillis();
    }

    /** The event-time disorder tolerated without false negatives, in milliseconds. */
    public long maxOutOfOrdernessMillis() {
        return maxOutOfOrderness.toMillis();
    }

    /** The sizing bound: distinct ids expected per {@code expireAfter}. */
    public long expectedIdsPerHorizon() {
        return expectedIds;
    }

    /** The target probability that a new id is taken for a duplicate. */
    public double falsePositiveRate() {
        return falsePositiveRate;
    }

    /** Time slots per block. */
    public int slots() {
        return slots;
    }

    /** How many keys the ids are spread over. */
    public int shards() {
        return shards;
    }

    /** The time domain of the slots. */
    public TimeDomain timeDomain() {
        return timeDomain;
    }

    /** Whether the slots advance with event time. */
    public boolean eventTime() {
        return timeDomain == TimeDomain.EVENT_TIME;
    }

    /** The side output of duplicates, or null when they are counted and dropped. */
    @Nullable
    public OutputTag<T> duplicateTag() {
        return duplicateTag;
    }

    /** The side output of late records, or null when they are checked against the live slots. */
    @Nullable
    public OutputTag<T> lateTag() {
        return lateTag;
    }

    /** The side output of records without an id, or null when they are counted and dropped. */
    @Nullable
    public OutputTag<T> invalidTag() {
        return invalidTag;
    }

    /** The heap block cache bound in bytes per subtask, 0 when there is no cache. */
    public long blockCacheBytes() {
        return blockCacheBytes;
    }

    /** The operator name. */
    public String name() {
        return name;
    }

    /** The uid set by the user, or null for the derived one. */
    @Nullable
    public String uid() {
        return uid;
    }

    /**
     * How error messages name the operator: {@code Streamkit approximate deduplication '<name>'}.
     */
    public String description() {
        return "Streamkit approximate deduplication '" + name + "'";
    }

    /** The width of one time slot in milliseconds (see {@link ApproximateDedupSpecs#epoch}). */
    public long epochMillis() {
        return ApproximateDedupSpecs.epoch(expireAfterMillis(), maxOutOfOrdernessMillis(), slots);
    }

    /** 512-bit blocks per shard and slot. */
    public int blocksPerShard() {
        return (int) sizing()[0];
    }

    /** Bits set per id inside its block. */
    public int hashesPerId() {
        return (int) sizing()[1];
    }

    /** Filter bytes when every block of every shard is live (excluding per-entry overhead). */
    public long stateBytes() {
        return (long) shards * blocksPerShard() * 8L * FilterBlocks.words(slots);
    }

    /**
     * What the default uid is derived from: the name and the parameters that size and lay out the
     * filters. The block cache and side outputs are left out: changing them keeps the uid. Part of
     * the savepoint contract: a change of this text changes every default uid.
     *
     * @return the canonical description
     */
    public String canonicalDescription() {
        return "approximate;name="
                + name
                + ";expireAfterMillis="
                + expireAfterMillis()
                + ";maxOutOfOrdernessMillis="
                + maxOutOfOrdernessMillis()
                + ";expectedIds="
                + expectedIds
                + ";falsePositiveRate="
                + falsePositiveRate
                + ";slots="
                + slots
                + ";shards="
                + shards
                + ";timeDomain="
                + timeDomain;
    }
}
