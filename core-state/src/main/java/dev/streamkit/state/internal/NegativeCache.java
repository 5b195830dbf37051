package dev.streamkit.state.internal;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.IdHasher;
import java.util.UUID;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * The exact deduplicator's negative cache and when it may be trusted. A heap-only {@link
 * IdFilterCache} holds every id the owner put into the id map or found in it. Once it covers the
 * whole state ("warm"), an id it rejects is new without a state read. The cache is not state of
 * record: after {@code open()} it is warm only if no timer was restored; otherwise it turns warm
 * once every restored timer has fired (event time: the watermark reached the latest restored timer;
 * processing time: a later timer fired), because by then every id restored and not seen again has
 * been removed, and every id seen again was added. While cold, every id reads the map (exact, just
 * slower). A cache that reaches its memory bound is dropped for good ({@link #active} turns false).
 */
@Internal
final class NegativeCache {
    /** Logs as the operator, as before this part was extracted. */
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(ShardedDedupOperator.class);

    /** The filters, null when disabled or dropped at the bound. */
    @Nullable private IdFilterCache filters;

    /** Whether the filters cover every id in state. */
    private boolean warm;

    /** The latest timer restored at open ({@code Long.MIN_VALUE} if none). */
    private final long restoredUntil;

    /** The bound, for the log line when it is reached. */
    private final long maxBytes;

    /** State reads saved. */
    private long readsSkipped;

    /**
     * @param filters the filters, or null for no cache
     * @param restoredUntil the latest timer restored at open, {@code Long.MIN_VALUE} if none
     * @param maxBytes the filters' memory bound
     */
    NegativeCache(@Nullable IdFilterCache filters, long restoredUntil, long maxBytes) {
        this.filters = filters;
        this.restoredUntil = restoredUntil;
        this.maxBytes = maxBytes;
        this.warm = filters != null && restoredUntil == Long.MIN_VALUE;
    }

    /**
     * The filter epoch for a horizon: about two filters per horizon (a lookup of a new id probes
     * every live filter), a multiple of the granularity, the granularity itself on overflow.
     *
     * @param expireAfter the horizon in ms
     * @param granularity the timer granularity in ms
     * @return the epoch width in ms
     */
    static long epoch(long expireAfter, long granularity) {
        long granules = expireAfter / granularity + 2;
        long perEpoch = Math.max(1, (granules + 1) / 2);
        return perEpoch > Long.MAX_VALUE / granularity ? granularity : granularity * perEpoch;
    }

    /**
     * The 64-bit hash the cache files an id under: {@code Long}, {@code Integer}, {@code String}
     * and {@code UUID} ids hash all their bits; other ids their {@code hashCode}. (A 32-bit {@code
     * hashCode} alone puts a floor of ids / 2<sup>32</sup> under the false-positive rate: 0.1 % at
     * 5 M ids, each a state read.)
     *
     * @param id the id
     * @return its hash
     */
    static long hashOf(Object id) {
        if (id instanceof Long) {
            return IdHasher.mix64((Long) id);
        }
        if (id instanceof Integer) {
            return IdHasher.mix64((Integer) id);
        }
        if (id instanceof String) {
            String s = (String) id;
            long h = 0x9E3779B97F4A7C15L;
            for (int i = 0, n = s.length(); i < n; i++) {
                h = (h + s.charAt(i)) * 0xff51afd7ed558ccdL;
            }
            return IdHasher.mix64(h ^ s.length());
        }
        if (id instanceof UUID) {
            UUID u = (UUID) id;
            return IdHasher.mix64(
                    u.getMostSignificantBits() ^ IdHasher.mix64(u.getLeastSignificantBits()));
        }
        return IdHasher.mix64(id.hashCode());
    }

    /** Whether there is a cache (not disabled, bound not reached). */
    boolean active() {
        return filters != null;
    }

    /** Whether the cache answers for the whole state. */
    boolean warm() {
        return filters != null && warm;
    }

    /** State reads saved so far. */
    long readsSkipped() {
        return readsSkipped;
    }

    /**
     * Event time: the watermark is {@code watermark}; warms the cache once every restored timer has
     * fired.
     */
    void watermarkAt(long watermark) {
        if (!warm && restoredUntil < TimeMath.MAX_TIME && watermark >= restoredUntil) {
            warm = true; // every restored timer has fired
        }
    }

    /**
     * Whether an id with this hash is surely not in state (the cache is active and warm and rejects
     * it): the read it saves is counted.
     */
    boolean skipsRead(long hash) {
        if (warm && !filters.mightContain(hash)) {
            readsSkipped++;
            return true;
        }
        return false;
    }

    /**
     * Records an id in state with this expiry; at the memory bound the cache is dropped (logged).
     * Only while {@link #active}.
     */
    void remember(long hash, long expiry) {
        if (!filters.add(hash, expiry)) {
            LOG.warn(
                    "Deduplication id cache reached its bound of {} bytes; this subtask reads"
                            + " state for every id from now on (raise idCacheBytes to keep it)",
                    maxBytes);
            filters = null;
            warm = false;
        }
    }

    /** Whether the (shard, granule) timer must be registered (always without a cache). */
    boolean needsTimer(int shard, long granule) {
        return filters == null || filters.needsTimer(shard, granule);
    }

    /** The (shard, granule) timer fired. */
    void fired(int shard, long granule) {
        if (filters != null) {
            filters.fired(shard, granule);
        }
    }

    /** A processing-time timer at {@code time} fired (they fire in timestamp order). */
    void processingTimerFired(long time) {
        if (filters != null) {
            // every timer before this one fired, and new ids expire after the current time
            filters.dropThrough(TimeMath.subtract(time, 1));
            if (time > restoredUntil && restoredUntil < TimeMath.MAX_TIME) {
                warm = true;
            }
        }
    }

    /** An event-time watermark: every timer at or before it fired, including those of late ids. */
    void watermark(long watermark) {
        if (filters != null) {
            filters.dropThrough(watermark);
            watermarkAt(watermark);
        }
    }
}
