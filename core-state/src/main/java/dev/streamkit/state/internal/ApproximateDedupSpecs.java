package dev.streamkit.state.internal;

import dev.streamkit.state.ApproximateDeduplicator;
import dev.streamkit.state.IdHasher;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.Preconditions;

/**
 * The checks and arithmetic behind {@link ApproximateDeduplicator}: validation of its builder's
 * parameters (failing with a message naming the parameter) and the sizing of its filters. The
 * parameters themselves and the text the default uid is derived from are {@link
 * ApproximateDedupConfig}'s.
 */
@Internal
public final class ApproximateDedupSpecs {
    private ApproximateDedupSpecs() {}

    /**
     * Validates a builder's parameters, naming the offending one.
     *
     * @param hasher the id hasher
     * @param expireAfter the horizon
     * @param maxOutOfOrderness the out-of-orderness bound
     * @param expectedIds the expected ids per horizon
     * @param falsePositiveRate the target false-positive rate
     * @param slots the filter slots
     * @param shards the shard count
     * @param timeDomain the time domain
     * @param lateTagSet whether late records have a side output
     * @param blockCacheBytes the block cache's bound
     * @param name the operator name
     * @param uid the uid, or null for the default
     * @throws IllegalArgumentException if a parameter is missing or out of range
     */
    public static void validate(
            @Nullable IdHasher<?> hasher,
            @Nullable Duration expireAfter,
            @Nullable Duration maxOutOfOrderness,
            long expectedIds,
            double falsePositiveRate,
            int slots,
            int shards,
            @Nullable TimeDomain timeDomain,
            boolean lateTagSet,
            long blockCacheBytes,
            @Nullable String name,
            @Nullable String uid) {
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
                shards >= 1 && shards <= 1 << 20, "shards must be in [1, 1048576], got %s", shards);
        Preconditions.checkArgument(timeDomain != null, "timeDomain must not be null");
        Preconditions.checkArgument(
                !lateTagSet || timeDomain == TimeDomain.EVENT_TIME,
                "lateRecordsTo is only meaningful in event time");
        Preconditions.checkArgument(
                blockCacheBytes >= 0, "blockCacheBytes must be >= 0, got %s", blockCacheBytes);
        Preconditions.checkArgument(
                name != null && !name.isEmpty(), "name must not be null or empty");
        Preconditions.checkArgument(
                uid == null || !uid.isEmpty(), "uid must not be empty when set");
    }

    /**
     * The epoch width of one filter slot: {@code floor(span / epoch) <= slots - 2} keeps both
     * occurrences' epochs of a duplicate within the live range.
     *
     * @param expireAfterMillis the horizon
     * @param maxOutOfOrdernessMillis the out-of-orderness bound
     * @param slots the filter slots
     * @return the epoch width in ms
     */
    public static long epoch(long expireAfterMillis, long maxOutOfOrdernessMillis, int slots) {
        long span = expireAfterMillis + maxOutOfOrdernessMillis;
        return span / (slots - 1) + 1;
    }

    /**
     * The filter of one slot and shard: {@link BlockedBloom#size} for the ids of one epoch and
     * shard plus three standard deviations for the hash spread, at a rate that keeps the union over
     * all live slots below the target.
     *
     * @param expectedIds the expected ids per horizon
     * @param epoch the epoch width ({@link #epoch})
     * @param expireAfterMillis the horizon
     * @param shards the shard count
     * @param slots the filter slots
     * @param falsePositiveRate the target false-positive rate
     * @return blocks per shard and bits per id, as {@link BlockedBloom#size}
     * @throws IllegalArgumentException if the blocks do not fit an int
     */
    public static long[] sizing(
            long expectedIds,
            long epoch,
            long expireAfterMillis,
            int shards,
            int slots,
            double falsePositiveRate) {
        // ids per slot and shard, plus three standard deviations for the hash spread
        double perSlot = (double) expectedIds * epoch / expireAfterMillis / shards;
        perSlot = Math.max(1, perSlot + 3 * Math.sqrt(perSlot));
        // the union over all live slots must stay below the target
        long[] sizing = BlockedBloom.size(perSlot, falsePositiveRate / slots);
        Preconditions.checkArgument(
                sizing[0] <= Integer.MAX_VALUE,
                "expectedIdsPerHorizon %s needs too many blocks per shard: raise shards",
                expectedIds);
        return sizing;
    }
}
