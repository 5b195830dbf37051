package dev.streamkit.state.internal;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.IdHasher;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The approximate deduplication operator; runs on a stream keyed by {@link #shardOf}.
 *
 * <p>State per shard: a {@code MapState<Integer, long[]>} from block index to block (see {@link
 * BlockedBloom}). A block whose newest epoch left the live range is deleted by a per-shard timer at
 * the end of that range ({@link BlockSweep}), so idle shards return to zero state and zero timers.
 *
 * <p>Block cache ({@link BloomBlockCache}, bounded by {@code blockCacheBytes}, default 64 MiB): a
 * heap write-back cache in front of the map state, so records neither read nor write state. Dirty
 * blocks are written back in {@link #prepareSnapshotPreBarrier} (every snapshot holds every record
 * before its barrier), on eviction, and never for a block the sweep deletes first. If every shard
 * of the subtask's key groups fits the bound when full, a shard is loaded whole (one state scan)
 * when first touched after {@code open()} and stays cached: misses and sweeps then need no state
 * access at all. Otherwise blocks are read through and whole shards evicted when the bound is
 * exceeded. The cache is not state of record: it starts empty after a restore or rescale. Without
 * the cache ({@code blockCacheBytes(0)}) each record reads its block and writes it back when a bit
 * changed.
 *
 * @serial exclude
 */
@Internal
public final class BloomDedupOperator<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, Triggerable<Integer, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    // State names are part of the savepoint contract: never rename.

    /** Name of the filter-block map state (savepoint contract). */
    public static final String BLOCKS_STATE = "streamkit-bloom-blocks";

    /** Name of the sweep timer service. */
    public static final String TIMERS = "streamkit-bloom-timers";

    private final IdHasher<T> hasher;
    private final int shards;
    private final int blocks;
    private final int k;
    private final int slots;
    private final long epochMillis;
    private final boolean eventTime;
    private final OutputTag<T> duplicateTag;
    private final OutputTag<T> lateTag;
    private final OutputTag<T> invalidTag;
    private final String description;

    private final long blockCacheBytes;

    private transient MapState<Integer, long[]> blockState;

    /** Writes the cache's dirty blocks to state, null without a cache. */
    private transient BlockWriteBack writeBack;

    /** The layout and clock of the filter blocks. */
    private transient FilterBlocks layout;

    /** Deletes dead blocks on the per-shard timers. */
    private transient BlockSweep sweep;

    private transient InternalTimerService<VoidNamespace> timers;
    private transient DedupMetrics metrics;

    /** Null when disabled ({@code blockCacheBytes(0)}). */
    private transient BloomBlockCache cache;

    /** Whether every local shard fits the cache bound even when full (see {@link #open()}). */
    private transient boolean wholeShards;

    /**
     * The operator for {@code config}.
     *
     * @param config the validated configuration, side outputs included
     */
    public BloomDedupOperator(ApproximateDedupConfig<T> config) {
        this.hasher = config.hasher();
        this.shards = config.shards();
        this.blocks = config.blocksPerShard();
        this.k = config.hashesPerId();
        this.slots = config.slots();
        this.epochMillis = config.epochMillis();
        this.eventTime = config.eventTime();
        this.duplicateTag = config.duplicateTag();
        this.lateTag = config.lateTag();
        this.invalidTag = config.invalidTag();
        this.description = config.description();
        this.blockCacheBytes = config.blockCacheBytes();
    }

    /** The key of records whose hasher throws (never a shard: {@link #shardOf} is >= 0). */
    public static final int INVALID_SHARD = -1;

    /**
     * The shard (the key) of an id hash: its top bits, so block and probe bits stay independent.
     *
     * @param idHash the id hash
     * @param shards the shard count
     * @return the shard, in [0, shards)
     */
    public static int shardOf(long idHash, int shards) {
        return (int) (((idHash >>> 33) * shards) >>> 31);
    }

    static int blockOf(long idHash, int blocks) {
        return (int) (((idHash & 0xFFFFFFFFL) * blocks) >>> 32);
    }

    @Override
    public void open() throws Exception {
        super.open();
        layout = new FilterBlocks(slots, k);
        blockState =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        BLOCKS_STATE,
                                        Types.INT,
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        metrics = new DedupMetrics(getMetricGroup());
        if (blockCacheBytes > 0) {
            int blockWords = FilterBlocks.words(slots);
            cache = new BloomBlockCache(blocks, blockWords, blockCacheBytes);
            writeBack =
                    new BlockWriteBack(
                            cache,
                            new BlockWriteBack.Target() {
                                @Override
                                public void setShard(Integer shard) {
                                    setCurrentKey(shard);
                                }

                                @Override
                                public void put(int index, long[] block) throws Exception {
                                    blockState.put(index, block);
                                }
                            });
            // whole shards when every shard of this subtask's key groups fits even when full
            int localShards = OwnedShards.of(shards, getRuntimeContext().getTaskInfo()).length;
            long full =
                    localShards
                            * (BloomBlockCache.shardBytes(blocks)
                                    + (long) blocks * BloomBlockCache.blockBytes(blockWords));
            wholeShards = full <= blockCacheBytes;
            if (!wholeShards) {
                LOG.info(
                        "Approximate dedup: the Bloom filters of this subtask ({} shards, up to {}"
                                + " bytes) exceed blockCacheBytes ({}): blocks are cached as read"
                                + " and shards evicted when the bound is reached",
                        localShards,
                        full,
                        blockCacheBytes);
            }
            getMetricGroup().gauge("bloomCacheBytes", () -> cache.bytes());
            getMetricGroup().gauge("bloomCacheEvictions", () -> cache.evictions());
        }
        sweep =
                new BlockSweep(
                        layout,
                        blocks,
                        slots,
                        epochMillis,
                        cache,
                        wholeShards,
                        new BlockSweep.Store() {
                            @Override
                            public Iterator<Map.Entry<Integer, long[]>> iterator()
                                    throws Exception {
                                return blockState.iterator();
                            }

                            @Override
                            public void remove(int index) throws Exception {
                                blockState.remove(index);
                            }

                            @Override
                            public void clearIfEmpty() throws Exception {
                                if (blockState.isEmpty()) {
                                    blockState.clear();
                                }
                            }
                        },
                        this::loadShard,
                        this::register);
    }

    /** Registers the current shard's sweep timer at {@code at}. */
    private void register(long at) {
        if (eventTime) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        } else {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, at);
        }
    }

    /**
     * The operator's counters (for tests; the same counters are in the metric group).
     *
     * @return the counters
     */
    @VisibleForTesting
    public DedupMetrics metrics() {
        return metrics;
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        long idHash;
        try {
            idHash = hasher.hash(element.getValue());
        } catch (RuntimeException e) {
            // KeyCheck's contract for a primitive hash (no boxing on the hot path): the record has
            // no id, the key selector sent it to INVALID_SHARD; it never touches state
            metrics.invalid.inc();
            if (invalidTag != null) {
                output.collect(invalidTag, element);
            }
            return;
        }
        long ts =
                eventTime
                        ? RecordTime.eventTimeOf(element, description, "inProcessingTime()")
                        : getProcessingTimeService().getCurrentProcessingTime();
        long probe = BlockedBloom.probeHash(idHash);
        int blockIndex = blockOf(idHash, blocks);
        long epoch = Math.floorDiv(ts, epochMillis);
        if (TimeMath.add(epoch, slots) > TimeMath.MAX_TIME / epochMillis) {
            // within a horizon of Long.MAX_VALUE: no watermark could ever sweep the block, and its
            // clock would jump there, making every later record of the block late
            metrics.invalid.inc();
            if (invalidTag != null) {
                output.collect(invalidTag, element);
            }
            return;
        }
        if (cache != null) {
            processCached(element, blockIndex, epoch, probe);
            return;
        }

        long[] block = blockState.get(blockIndex);
        if (block == null) {
            block = layout.newBlock(epoch);
            sweep.schedule(null, epoch);
        } else {
            block = layout.restored(block);
        }
        int outcome = update(null, block, epoch, probe);
        if ((outcome & FilterBlocks.DIRTY) != 0) {
            blockState.put(blockIndex, block);
        }
        route(element, outcome);
    }

    /** {@link #processElement} with the block cache: no state access unless a block is missing. */
    private void processCached(StreamRecord<T> element, int blockIndex, long epoch, long probe)
            throws Exception {
        Integer key = (Integer) getCurrentKey();
        BloomBlockCache.Shard shard = cache.shard(key);
        if (shard == null) {
            shard = loadShard(key);
        }
        long[] block = shard.blocks[blockIndex];
        if (block == null) {
            long[] stored = shard.complete ? null : blockState.get(blockIndex);
            if (stored != null) {
                block = layout.restored(stored);
                if (block == stored) {
                    block = stored.clone(); // never share an array with the backend
                }
                cache.put(shard, blockIndex, block, true);
            } else {
                block = layout.newBlock(epoch);
                cache.put(shard, blockIndex, block, false);
                shard.markDirty(blockIndex);
                sweep.schedule(shard, epoch);
            }
        }
        int outcome = update(shard, block, epoch, probe);
        if ((outcome & FilterBlocks.DIRTY) != 0) {
            shard.markDirty(blockIndex);
        }
        route(element, outcome);
        if (cache.overBound()) {
            writeBack.evict(key);
        }
    }

    /** Records the id in {@code block}: {@link FilterBlocks#update}, sweep and late count. */
    private int update(BloomBlockCache.Shard shard, long[] block, long epoch, long probe) {
        int outcome = layout.update(block, epoch, probe, lateTag != null);
        if ((outcome & FilterBlocks.ADVANCED) != 0) {
            sweep.schedule(shard, epoch);
        }
        if ((outcome & FilterBlocks.LATE) != 0) {
            metrics.late.inc();
        }
        return outcome;
    }

    private void route(StreamRecord<T> element, int outcome) {
        if ((outcome & FilterBlocks.LATE_ROUTED) != 0) {
            output.collect(lateTag, element);
        } else if ((outcome & FilterBlocks.SEEN) != 0) {
            metrics.duplicates.inc();
            if (duplicateTag != null) {
                output.collect(duplicateTag, element);
            }
        } else {
            unique(element);
        }
    }

    /**
     * Creates the cache entry of the current key's shard: in whole-shard mode loads every block of
     * the shard from state (one scan per shard and operator instance), else starts it empty.
     */
    private BloomBlockCache.Shard loadShard(Integer key) throws Exception {
        BloomBlockCache.Shard shard = cache.addShard(key, wholeShards);
        if (wholeShards) {
            for (Map.Entry<Integer, long[]> entry : blockState.entries()) {
                int index = entry.getKey();
                long[] block = entry.getValue();
                if (index < 0 || index >= blocks) {
                    throw new IllegalStateException(
                            "The restored Bloom filter has block index "
                                    + index
                                    + " but "
                                    + blocks
                                    + " blocks per shard are configured: keep slots, shards and"
                                    + " expectedIdsPerHorizon unchanged when restoring");
                }
                long[] current = layout.restored(block);
                cache.put(shard, index, current == block ? block.clone() : current, true);
            }
        }
        return shard;
    }

    /** Writes every dirty cached block to state, so a snapshot holds every record before it. */
    private void writeBackAll() throws Exception {
        if (cache != null) {
            writeBack.writeBackAll();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        writeBackAll();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        // normally a no-op (prepareSnapshotPreBarrier wrote back); kept for callers that snapshot
        // without it, since the keyed state is snapshotted after this method
        writeBackAll();
        super.snapshotState(context);
    }

    private void unique(StreamRecord<T> element) {
        metrics.unique.inc();
        output.collect(element);
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        sweep.sweep(timer.getKey(), timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        sweep.sweep(timer.getKey(), timer.getTimestamp());
    }

    /**
     * Bytes the block cache holds now (0 when disabled).
     *
     * @return the bytes
     */
    @VisibleForTesting
    public long cacheBytes() {
        return cache == null ? 0 : cache.bytes();
    }

    /**
     * Blocks the cache holds now.
     *
     * @return the block count
     */
    @VisibleForTesting
    public long cachedBlocks() {
        return cache == null ? 0 : cache.cachedBlocks();
    }

    /**
     * Cached blocks not yet written to state.
     *
     * @return the block count
     */
    @VisibleForTesting
    public long dirtyBlocks() {
        return cache == null ? 0 : cache.dirtyBlocks();
    }

    /**
     * Shards evicted from the cache so far.
     *
     * @return the eviction count
     */
    @VisibleForTesting
    public long cacheEvictions() {
        return cache == null ? 0 : cache.evictions();
    }

    /**
     * Whether shards are loaded whole and never evicted (every local shard fits the bound).
     *
     * @return whether shards are cached whole
     */
    @VisibleForTesting
    public boolean wholeShards() {
        return wholeShards;
    }
}
