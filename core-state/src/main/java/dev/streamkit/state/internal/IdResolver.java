package dev.streamkit.state.internal;

import dev.streamkit.common.internal.TimeMath;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import javax.annotation.Nullable;

/**
 * The keep-first decision of {@link ShardedDedupOperator}: whether an occurrence of an id is its
 * first within the horizon, and where its expiry is filed. An occurrence at time {@code ts} sets
 * the id's expiry to {@code ceil(ts + expireAfter, granularity)}; the id is new if no expiry is
 * remembered for it.
 *
 * <p>The remembered expiry is looked up in the cheapest place that answers for it: the write-back
 * buffer (no state access), else the negative cache (a warm cache that rejects the id answers "new"
 * without a state read), else the id map in state. A new id, or a duplicate whose expiry moves to a
 * later granule, is stored with the new expiry and filed in that granule's bucket (one expiry timer
 * per shard and granule); a move also marks the id in its old bucket, so that bucket's expiry skips
 * it without a read. A duplicate whose expiry stays in its granule changes nothing.
 */
final class IdResolver<ID> {
    private final long expireAfter;
    private final long granularity;
    @Nullable private final WriteBuffer<ID> written;
    private final IdMap<ID> idMap;
    private final NegativeCache cache;
    private final BucketIndex<ID> index;

    /** The event-time watermark, or null in processing time. */
    @Nullable private final LongSupplier watermark;

    /** Registers the expiry timer of the current shard at the given time. */
    private final LongConsumer timers;

    /**
     * @param expireAfter the horizon in ms
     * @param granularity the timer granularity in ms
     * @param written the write-back buffer, null when disabled
     * @param idMap the id map (through {@code written})
     * @param cache the negative cache (inactive when disabled)
     * @param index the per-granule buckets
     * @param watermark the current watermark in event time, null in processing time
     * @param timers registers the current shard's timer at a time (equal times coalesce)
     */
    IdResolver(
            long expireAfter,
            long granularity,
            @Nullable WriteBuffer<ID> written,
            IdMap<ID> idMap,
            NegativeCache cache,
            BucketIndex<ID> index,
            @Nullable LongSupplier watermark,
            LongConsumer timers) {
        this.expireAfter = expireAfter;
        this.granularity = granularity;
        this.written = written;
        this.idMap = idMap;
        this.cache = cache;
        this.index = index;
        this.watermark = watermark;
        this.timers = timers;
    }

    /**
     * Records an occurrence of {@code id} at {@code ts}; the caller has set the current key to
     * {@code shard}.
     *
     * @param shard the id's shard
     * @param id the id
     * @param ts the occurrence's time in the operator's time domain
     * @return true if the id was new
     * @throws Exception if state access fails
     */
    boolean resolve(int shard, ID id, long ts) throws Exception {
        long expiry = TimeMath.ceil(TimeMath.add(ts, expireAfter), granularity);
        if (written != null) {
            int slot = written.find(id);
            if (slot >= 0) {
                // written since the last write-back: no state access at all
                long buffered = written.expiry(slot);
                if (expiry > buffered) {
                    written.setExpiry(slot, expiry);
                    index.moved(shard, id, buffered);
                    bucket(shard, id, expiry);
                }
                return false;
            }
        }
        long hash = 0;
        boolean cached = cache.active();
        if (cached) {
            if (watermark != null) {
                cache.watermarkAt(watermark.getAsLong());
            }
            hash = NegativeCache.hashOf(id);
        }
        Long current = cached && cache.skipsRead(hash) ? null : idMap.read(id);
        if (current == null) {
            idMap.store(id, expiry, false);
            bucket(shard, id, expiry);
            return true;
        }
        if (expiry > current) {
            idMap.store(id, expiry, true);
            index.moved(shard, id, current);
            bucket(shard, id, expiry);
        } else if (cached && !cache.warm()) {
            cache.remember(hash, current); // possibly restored: cover it before it turns warm
        }
        return false;
    }

    /** Files the id under its (new) expiry granule, which has one timer per shard. */
    private void bucket(int shard, ID id, long expiry) throws Exception {
        if (expiry >= TimeMath.MAX_TIME) {
            // never expires: a sentinel timer keeps the cache cold after a restore
            timers.accept(TimeMath.MAX_TIME);
            return;
        }
        index.add(shard, expiry, id);
        if (cache.needsTimer(shard, expiry)) {
            timers.accept(expiry);
        }
    }
}
