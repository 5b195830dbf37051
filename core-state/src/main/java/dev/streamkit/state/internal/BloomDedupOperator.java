package dev.streamkit.state.internal;

import dev.streamkit.state.ApproximateDeduplicator;
import dev.streamkit.state.IdHasher;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.TimeDomain;
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
 * BlockedBloom}); one state read per record and one write when a bit changes. A block whose newest
 * epoch left the live range is deleted by a per-shard timer at the end of that range, so idle
 * shards return to zero state and zero timers.
 */
@Internal
public final class BloomDedupOperator<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, Triggerable<Integer, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /** State names are part of the savepoint contract: never rename. */
    public static final String BLOCKS_STATE = "streamkit-bloom-blocks";

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

    private transient MapState<Integer, long[]> blockState;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient DedupMetrics metrics;

    public BloomDedupOperator(ApproximateDeduplicator<T> spec) {
        this.hasher = spec.hasher();
        this.shards = spec.shards();
        this.blocks = spec.blocksPerShard();
        this.k = spec.hashesPerId();
        this.slots = spec.slots();
        this.epochMillis = spec.epochMillis();
        this.eventTime = spec.timeDomain() == TimeDomain.EVENT_TIME;
        this.duplicateTag = spec.duplicateTag();
        this.lateTag = spec.lateTag();
    }

    /**
     * The shard (the key) of an id hash: its top bits, so block and probe bits stay independent.
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
        blockState =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        BLOCKS_STATE,
                                        Types.INT,
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        metrics = new DedupMetrics(getMetricGroup());
    }

    /** The operator's counters (for tests; the same counters are in the metric group). */
    @VisibleForTesting
    public DedupMetrics metrics() {
        return metrics;
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        long ts;
        if (eventTime) {
            if (!element.hasTimestamp()) {
                throw new IllegalStateException(
                        "Event-time deduplication needs record timestamps. Did you forget to call"
                                + " assignTimestampsAndWatermarks(...) or to use"
                                + " inProcessingTime()?");
            }
            ts = element.getTimestamp();
        } else {
            ts = getProcessingTimeService().getCurrentProcessingTime();
        }
        long idHash = hasher.hash(element.getValue());
        long probe = BlockedBloom.probeHash(idHash);
        Integer blockIndex = blockOf(idHash, blocks);
        long epoch = Math.floorDiv(ts, epochMillis);

        long[] block = blockState.get(blockIndex);
        if (block == null) {
            block = new long[1 + BlockedBloom.WORDS * slots];
            block[0] = epoch;
            BlockedBloom.put(block, slot(epoch), probe, k);
            blockState.put(blockIndex, block);
            registerSweep(epoch);
            unique(element);
            return;
        }
        if (block.length != 1 + BlockedBloom.WORDS * slots) {
            throw new IllegalStateException(
                    "The restored Bloom filter blocks were written with a different number of"
                            + " slots: keep slots, shards and expectedIdsPerHorizon unchanged"
                            + " when restoring");
        }
        boolean dirty = false;
        long newest = block[0];
        if (epoch > newest) {
            // the block's clock advances: wipe the slots whose epochs leave the live range
            long from = Math.max(newest + 1, epoch - slots + 1);
            for (long e = from; e <= epoch; e++) {
                BlockedBloom.clear(block, slot(e));
            }
            block[0] = epoch;
            newest = epoch;
            registerSweep(epoch);
            dirty = true;
        }
        long oldestLive = newest - slots + 1;
        long insertEpoch = epoch;
        if (epoch < oldestLive) {
            metrics.late.inc();
            if (lateTag != null) {
                if (dirty) {
                    blockState.put(blockIndex, block);
                }
                output.collect(lateTag, element);
                return;
            }
            insertEpoch = oldestLive;
        }
        int insertSlot = slot(insertEpoch);
        boolean inInsertSlot = BlockedBloom.contains(block, insertSlot, probe, k);
        boolean seen = inInsertSlot;
        for (int s = 0; s < slots && !seen; s++) {
            seen = s != insertSlot && BlockedBloom.contains(block, s, probe, k);
        }
        if (!inInsertSlot) {
            // record (or refresh) the id in its epoch's slot: it is remembered from this time on
            BlockedBloom.put(block, insertSlot, probe, k);
            dirty = true;
        }
        if (dirty) {
            blockState.put(blockIndex, block);
        }
        if (seen) {
            metrics.duplicates.inc();
            if (duplicateTag != null) {
                output.collect(duplicateTag, element);
            }
        } else {
            unique(element);
        }
    }

    private void unique(StreamRecord<T> element) {
        metrics.unique.inc();
        output.collect(element);
    }

    private int slot(long epoch) {
        return (int) Math.floorMod(epoch, (long) slots);
    }

    /**
     * A block whose newest epoch is {@code epoch} is dead once epoch {@code epoch + slots} starts.
     */
    private void registerSweep(long epoch) {
        if (epoch + slots > TimeMath.MAX_TIME / epochMillis) {
            return;
        }
        long at = (epoch + slots) * epochMillis;
        if (eventTime) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        } else {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, at);
        }
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        sweep(timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        sweep(timer.getTimestamp());
    }

    private void sweep(long time) throws Exception {
        long current = Math.floorDiv(time, epochMillis);
        Iterator<Map.Entry<Integer, long[]>> it = blockState.iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, long[]> entry = it.next();
            if (entry.getValue()[0] + slots <= current) {
                it.remove();
            }
        }
        if (blockState.isEmpty()) {
            blockState.clear();
        }
    }
}
