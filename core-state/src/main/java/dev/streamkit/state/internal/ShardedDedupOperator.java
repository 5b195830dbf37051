package dev.streamkit.state.internal;

import dev.streamkit.common.internal.KeyCheck;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.ExactDeduplicator;
import dev.streamkit.state.IdHasher;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Exact keep-first deduplication with time-bucketed expiry: ids are spread over a fixed number of
 * shard keys; each shard holds a {@code MapState<id, expiry>} (expiry = last seen + horizon,
 * rounded up to the timer granularity) and, per expiry granule, a {@code ListState<id>} bucket of
 * the ids whose expiry moved into that granule. Expiry is driven by one timer per shard and
 * granule, never one per id: when it fires, the granule's bucket is read in one access, its ids
 * whose expiry has not moved on are removed, and the bucket is dropped whole. Nothing is ever
 * iterated, so RocksDB never walks over deleted entries. An id is forgotten exactly when a per-id
 * timer at its coalesced expiry would have forgotten it.
 *
 * <p>With mini-batch on, records are buffered per id and resolved on every watermark (before timers
 * fire), before every checkpoint barrier, before processing-time timers, when the buffer is full
 * and at end of input: every snapshot contains the effect of every record before its barrier.
 *
 * <p><b>Negative cache.</b> A heap-only {@link NegativeCache} holds every id this instance put into
 * the map or found in it. Once it covers the whole state ("warm"), an id it rejects is new without
 * a state read: the put and the bucket append are the only state accesses.
 *
 * <p><b>Moved markers.</b> A duplicate that moves an id's expiry also marks it in its old bucket,
 * so expiry removes ids without a read ({@link BucketIndex}).
 *
 * <p><b>Write-back buffer.</b> On backends whose state lives off the heap (RocksDB), the map writes
 * of ids inserted or refreshed stay in a heap table ({@link WriteBuffer}: id -> expiry, whether the
 * id may also be in the map; bounded, by default from the heap size) that overlays the map state: a
 * duplicate of a buffered id is answered from it without a state read, refreshes of one id collapse
 * into one entry, and an id whose expiry timer fires while it is still buffered is dropped from the
 * heap without ever being written to the map (and without a delete, unless the entry refreshed an
 * id read from state). {@code snapshotState} writes the buffer as one list of (id, expiry, in map)
 * per shard ({@link #BUFFERED_STATE}), replacing the previous snapshot's list, and keeps it on the
 * heap: the checkpoint interval does not decide which ids reach the map, and a checkpoint costs one
 * write per shard instead of one per buffered id. A restore reads the lists of its shards back into
 * the buffer (or into the map without a buffer), so rescaling moves them with their key groups;
 * snapshots of earlier versions have no such lists and restore as before. When the buffer reaches
 * its bound, only its newest ids are written to the map, until half the bound is left: the ids
 * closest to expiry stay and may still expire unwritten. Ids enter the negative cache when they are
 * written to map state, so those that expire while buffered never occupy it. Buckets, markers and
 * timers are unchanged by the buffer.
 *
 * @serial exclude
 */
@Internal
public final class ShardedDedupOperator<T, ID> extends AbstractDedupOperator<T>
        implements Triggerable<Integer, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /** State names are part of the savepoint contract: never rename. */
    /** Name of the id -> expiry map state (savepoint contract). */
    public static final String IDS_STATE = "streamkit-dedup-ids";

    /** Name of the per-granule id bucket state (savepoint contract). */
    public static final String BUCKETS_STATE = "streamkit-dedup-buckets";

    /**
     * Name of the per-shard list of write-back buffer entries (id, expiry, may also be in the map)
     * at the last snapshot (savepoint contract; absent in snapshots of earlier versions).
     */
    public static final String BUFFERED_STATE = "streamkit-dedup-buffered";

    /** Name of the granule timer service. */
    public static final String TIMERS = "streamkit-dedup-shard-timers";

    private final KeySelector<T, ID> idExtractor;
    private final TypeInformation<ID> idType;
    private final int shards;
    private final long granularity;
    private final int miniBatchSize;
    private final TypeInformation<T> recordType;
    private final long cacheBytes;
    private final int writeBufferIds;
    private int cacheFixedBlocks;
    private boolean cacheOnHeap;
    private boolean writeBufferOnHeap;

    /** The id -> expiry map, through the write-back buffer. */
    private transient IdMap<ID> idMap;

    private transient InternalListState<Integer, Long, ID> buckets;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient LinkedHashMap<ID, Pending<T>> buffer;
    private transient TypeSerializer<T> copier;

    /** The negative cache (inactive when disabled). */
    private transient NegativeCache cache;

    /** The latest timer restored at open (Long.MIN_VALUE if none): see the class comment. */
    private transient long restoredUntil;

    /**
     * The write-back buffer (see the class comment), null when disabled: map writes of the current
     * run not yet in state.
     */
    private transient WriteBuffer<ID> written;

    /** The write-back buffer's bound in ids ({@link WriteBackPath#bound}). */
    private transient int bound;

    /** Snapshots, restores and spills the write-back buffer. */
    private transient WriteBackPath<ID> writeBack;

    /** The per-granule id buckets, and the appends not yet written to them. */
    private transient BucketIndex<ID> index;

    /**
     * The keep-first operator for {@code spec}.
     *
     * @param spec the configuration
     * @param recordType the record type
     * @param duplicateTag side output of duplicates, or null
     * @param lateTag side output of late records, or null
     * @param invalidTag side output of records without an id, or null
     */
    public ShardedDedupOperator(
            ExactDeduplicator<T, ID> spec,
            TypeInformation<T> recordType,
            @Nullable OutputTag<T> duplicateTag,
            @Nullable OutputTag<T> lateTag,
            @Nullable OutputTag<T> invalidTag) {
        super(
                spec.expireAfterMillis(),
                spec.timeDomain() == TimeDomain.EVENT_TIME,
                duplicateTag,
                lateTag,
                invalidTag,
                spec.description());
        this.idExtractor = spec.idExtractor();
        this.idType = spec.idType();
        this.shards = spec.shards();
        this.granularity = spec.granularityMillis();
        this.miniBatchSize = spec.miniBatchSize();
        this.recordType = recordType;
        this.cacheBytes = spec.idCacheBytes();
        this.writeBufferIds = spec.writeBufferIds();
    }

    /**
     * Tests only: use the write-back buffer on the HashMap backend too.
     *
     * @return this operator
     */
    @VisibleForTesting
    public ShardedDedupOperator<T, ID> withWriteBufferOnHeap() {
        this.writeBufferOnHeap = true;
        return this;
    }

    /**
     * Ids in the write-back buffer, not yet written to state (for tests).
     *
     * @return the id count
     */
    @VisibleForTesting
    public int bufferedWrites() {
        return written == null ? 0 : written.size();
    }

    /**
     * Buffered ids that expired before they were written to state (for tests).
     *
     * @return the id count
     */
    @VisibleForTesting
    public long writesAvoided() {
        return idMap == null ? 0 : idMap.writesAvoided();
    }

    /**
     * Tests only: every cache filter is {@code blocks} 512-bit blocks using 8 bit positions per
     * block, which forces false positives. Call before the operator is set up.
     *
     * @param blocks blocks per filter
     * @return this operator
     */
    @VisibleForTesting
    public ShardedDedupOperator<T, ID> withFixedCacheBlocks(int blocks) {
        this.cacheFixedBlocks = blocks;
        return this;
    }

    /**
     * Tests only: use the negative cache on the HashMap backend too (by default only backends whose
     * reads leave the heap use it: a heap map read costs about as much as the filters).
     *
     * @return this operator
     */
    @VisibleForTesting
    public ShardedDedupOperator<T, ID> withCacheOnHeap() {
        this.cacheOnHeap = true;
        return this;
    }

    /**
     * State reads the negative cache saved so far (for tests).
     *
     * @return the read count
     */
    @VisibleForTesting
    public long readsSkipped() {
        return cache == null ? 0 : cache.readsSkipped();
    }

    /**
     * Whether the negative cache currently answers for the whole state (for tests).
     *
     * @return whether the cache is warm
     */
    @VisibleForTesting
    public boolean cacheWarm() {
        return cache != null && cache.warm();
    }

    /** The key of records without an id (never a shard: {@link #shardOf} is never negative). */
    public static final int INVALID_SHARD = -1;

    /**
     * The shard of an id: its {@code hashCode}, mixed, scaled to [0, shards).
     *
     * @param id the id, not null
     * @param shards the shard count
     * @return the shard, in [0, shards)
     */
    public static int shardOf(Object id, int shards) {
        long h = IdHasher.mix64(id.hashCode());
        return (int) (((h >>> 33) * shards) >>> 31);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        MapState<ID, Long> ids =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>(IDS_STATE, idType, Types.LONG));
        buckets =
                (InternalListState<Integer, Long, ID>)
                        getOrCreateKeyedState(
                                LongSerializer.INSTANCE,
                                new ListStateDescriptor<>(BUCKETS_STATE, idType));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        long[] latest = {Long.MIN_VALUE};
        // timers, not ids: at most one per shard and granule
        timers.forEachEventTimeTimer((ns, t) -> latest[0] = Math.max(latest[0], t));
        timers.forEachProcessingTimeTimer((ns, t) -> latest[0] = Math.max(latest[0], t));
        restoredUntil = latest[0];
        index = new BucketIndex<>(shards, BucketIndex.inState(buckets, this::setCurrentKey));
        boolean heap = getKeyedStateBackend() instanceof HeapKeyedStateBackend;
        IdFilterCache filters = null;
        if (cacheBytes > 0 && (cacheOnHeap || !heap)) {
            long epoch = NegativeCache.epoch(expireAfter, granularity);
            filters = new IdFilterCache(epoch, granularity, cacheBytes, cacheFixedBlocks);
        }
        cache = new NegativeCache(filters, restoredUntil, cacheBytes);
        bound = WriteBackPath.bound(writeBufferIds, Runtime.getRuntime().maxMemory());
        if (bound > 0 && (writeBufferOnHeap || !heap)) {
            written = new WriteBuffer<>();
        }
        idMap = new IdMap<>(IdMap.inState(ids), written, cache);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        writeBack =
                new WriteBackPath<>(
                        shards,
                        WriteBackPath.ownedShards(
                                shards,
                                task.getMaxNumberOfParallelSubtasks(),
                                task.getNumberOfParallelSubtasks(),
                                task.getIndexOfThisSubtask()),
                        getRuntimeContext()
                                .getListState(
                                        new ListStateDescriptor<>(
                                                BUFFERED_STATE,
                                                new TupleTypeInfo<Tuple3<ID, Long, Boolean>>(
                                                        idType, Types.LONG, Types.BOOLEAN))),
                        new WriteBackPath.Target<ID>() {
                            @Override
                            public void setShard(int shard) {
                                setCurrentKey(shard);
                            }

                            @Override
                            public void put(ID id, long expiry) throws Exception {
                                idMap.put(id, expiry);
                            }
                        });
        writeBack.restore(written);
        if (miniBatchSize > 0) {
            buffer = new LinkedHashMap<>();
            if (getExecutionConfig().isObjectReuseEnabled()) {
                copier = recordType.createSerializer(getExecutionConfig().getSerializerConfig());
            }
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        // the key selector sent a record without an id to shard -1: re-check before any state
        ID id = KeyCheck.keyOrNull(idExtractor, element.getValue());
        if (id == null) {
            invalid(element);
            return;
        }
        long ts = timeOf(element);
        if (routedLate(element, ts, timers.currentWatermark())) {
            return;
        }
        if (buffer == null) {
            if (resolve(id, ts)) {
                metrics.unique.inc();
                output.collect(element);
            } else {
                duplicate(element.getValue(), element.hasTimestamp(), element.getTimestamp());
            }
            if (index.full()) {
                index.flush();
            }
            if (written != null && written.size() >= bound) {
                writeBack.spill(written, bound);
            }
            return;
        }
        Pending<T> pending = buffer.get(id);
        if (pending == null) {
            T value = copier == null ? element.getValue() : copier.copy(element.getValue());
            buffer.put(
                    id, new Pending<>(value, element.hasTimestamp(), element.getTimestamp(), ts));
            if (buffer.size() >= miniBatchSize) {
                flush();
            }
        } else {
            boolean keep = duplicateTag != null;
            T value =
                    !keep || copier == null ? element.getValue() : copier.copy(element.getValue());
            pending.addDuplicate(value, element.hasTimestamp(), element.getTimestamp(), ts, keep);
        }
    }

    /** Records an occurrence of {@code id} (current key: its shard); true if it was new. */
    private boolean resolve(ID id, long ts) throws Exception {
        long expiry = TimeMath.ceil(TimeMath.add(ts, expireAfter), granularity);
        if (written != null) {
            int slot = written.find(id);
            if (slot >= 0) {
                // written since the last write-back: no state access at all
                long buffered = written.expiry(slot);
                if (expiry > buffered) {
                    written.setExpiry(slot, expiry);
                    moved(id, buffered);
                    bucket(id, expiry);
                }
                return false;
            }
        }
        if (!cache.active()) {
            Long current = idMap.read(id);
            if (current == null) {
                idMap.store(id, expiry, false);
                bucket(id, expiry);
                return true;
            }
            if (expiry > current) {
                idMap.store(id, expiry, true);
                moved(id, current);
                bucket(id, expiry);
            }
            return false;
        }
        if (eventTime) {
            cache.watermarkAt(timers.currentWatermark());
        }
        long hash = IdHasher.mix64(id.hashCode());
        Long current = cache.skipsRead(hash) ? null : idMap.read(id);
        if (current == null) {
            idMap.store(id, expiry, false);
            bucket(id, expiry);
            return true;
        }
        if (expiry > current) {
            idMap.store(id, expiry, true);
            moved(id, current);
            bucket(id, expiry);
        } else if (!cache.warm()) {
            cache.remember(hash, current); // possibly restored: cover it before it turns warm
        }
        return false;
    }

    /** Marks {@code id} as moved out of the bucket of {@code oldExpiry} (a merge, no read). */
    private void moved(ID id, long oldExpiry) {
        index.moved((Integer) getCurrentKey(), id, oldExpiry);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        index.flush();
        writeBack.snapshot(written);
        super.snapshotState(context);
    }

    /** Files the id under its (new) expiry granule, which has one timer per shard. */
    private void bucket(ID id, long expiry) throws Exception {
        if (expiry >= TimeMath.MAX_TIME) {
            // never expires: a sentinel timer keeps the cache cold after a restore
            register(TimeMath.MAX_TIME);
            return;
        }
        index.add((Integer) getCurrentKey(), expiry, id);
        if (cache.needsTimer((Integer) getCurrentKey(), expiry)) {
            register(expiry);
        }
    }

    private void register(long expiry) {
        // one timer per shard and granule: Flink keeps a single timer for equal registrations
        if (eventTime) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
        } else {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, expiry);
        }
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        expire(timer.getKey(), timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        if (buffer != null && !buffer.isEmpty()) {
            flush();
            setCurrentKey(timer.getKey());
        }
        long time = timer.getTimestamp();
        expire(timer.getKey(), time);
        cache.processingTimerFired(time);
    }

    private void expire(int shard, long time) throws Exception {
        cache.fired(shard, time);
        if (time >= TimeMath.MAX_TIME) {
            return; // sentinel of ids that never expire
        }
        index.expire(shard, time, time <= restoredUntil, idMap::lookup, idMap::forget);
    }

    @Override
    protected void flush() throws Exception {
        if (buffer == null || buffer.isEmpty()) {
            return;
        }
        for (Map.Entry<ID, Pending<T>> entry : buffer.entrySet()) {
            ID id = entry.getKey();
            Pending<T> p = entry.getValue();
            setCurrentKey(shardOf(id, shards));
            if (resolve(id, p.maxTs)) {
                metrics.unique.inc();
                emit(p.value, p.hasTs, p.recordTs);
            } else {
                duplicate(p.value, p.hasTs, p.recordTs);
            }
            duplicates(p);
        }
        buffer.clear();
        if (index.full()) {
            index.flush();
        }
        if (written != null && written.size() >= bound) {
            writeBack.spill(written, bound);
        }
    }

    private void emit(T value, boolean hasTs, long ts) {
        output.collect(hasTs ? new StreamRecord<>(value, ts) : new StreamRecord<>(value));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        super.processWatermark(mark); // flushes first
        if (eventTime) {
            cache.watermark(mark.getTimestamp());
        }
    }
}
