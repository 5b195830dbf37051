package dev.streamkit.state.internal;

import dev.streamkit.common.internal.KeyCheck;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.state.IdHasher;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

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
 * so expiry removes ids without a read ({@link BucketIndex}). Which occurrence is new, and where
 * its expiry is filed, is decided by the {@link IdResolver}.
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
 * its bound, only its newest ids are written to the map, a quarter of the bound at a time: the ids
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

    // State names are part of the savepoint contract: never rename.

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

    private final ExactDedupConfig<T, ID> config;
    private final TypeInformation<T> recordType;
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

    /** Decides whether an id is new and files its expiry. */
    private transient IdResolver<ID> resolver;

    /**
     * The keep-first operator for {@code config}.
     *
     * @param config the validated configuration, side outputs included
     * @param recordType the record type
     */
    public ShardedDedupOperator(ExactDedupConfig<T, ID> config, TypeInformation<T> recordType) {
        super(config);
        this.config = config;
        this.recordType = recordType;
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
                        .getMapState(
                                new MapStateDescriptor<>(IDS_STATE, config.idType(), Types.LONG));
        buckets =
                (InternalListState<Integer, Long, ID>)
                        getOrCreateKeyedState(
                                LongSerializer.INSTANCE,
                                new ListStateDescriptor<>(BUCKETS_STATE, config.idType()));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        long[] latest = {Long.MIN_VALUE};
        // timers, not ids: at most one per shard and granule
        timers.forEachEventTimeTimer((ns, t) -> latest[0] = Math.max(latest[0], t));
        timers.forEachProcessingTimeTimer((ns, t) -> latest[0] = Math.max(latest[0], t));
        restoredUntil = latest[0];
        boolean heap = getKeyedStateBackend() instanceof HeapKeyedStateBackend;
        // on the heap the order of writes and deletes does not matter: sorting would be pure cost
        Comparator<ID> stateOrder = heap ? null : StateOrder.of(config.idType());
        index =
                new BucketIndex<>(
                        config.shards(),
                        BucketIndex.inState(buckets, this::setCurrentKey),
                        stateOrder);
        bound = WriteBackPath.bound(config.writeBufferIds(), Runtime.getRuntime().maxMemory());
        if (bound > 0 && (writeBufferOnHeap || !heap)) {
            written = new WriteBuffer<>();
        }
        IdFilterCache filters = null;
        if (config.idCacheBytes() > 0 && (cacheOnHeap || !heap)) {
            long granularity = config.granularityMillis();
            long epoch = NegativeCache.epoch(expireAfter, granularity);
            // with a write-back buffer, ids reach state (and the cache) a spill at a time
            long firstIds = written == null ? 0 : WriteBackPath.spillSize(bound);
            filters =
                    new IdFilterCache(
                            epoch, granularity, config.idCacheBytes(), cacheFixedBlocks, firstIds);
        }
        cache = new NegativeCache(filters, restoredUntil, config.idCacheBytes());
        idMap = new IdMap<>(IdMap.inState(ids), written, cache);
        resolver =
                new IdResolver<>(
                        expireAfter,
                        config.granularityMillis(),
                        written,
                        idMap,
                        cache,
                        index,
                        eventTime ? timers::currentWatermark : null,
                        this::register);
        writeBack =
                new WriteBackPath<>(
                        config.shards(),
                        OwnedShards.of(config.shards(), getRuntimeContext().getTaskInfo()),
                        getRuntimeContext()
                                .getListState(
                                        new ListStateDescriptor<>(
                                                BUFFERED_STATE,
                                                new TupleTypeInfo<Tuple3<ID, Long, Boolean>>(
                                                        config.idType(),
                                                        Types.LONG,
                                                        Types.BOOLEAN))),
                        new WriteBackPath.Target<ID>() {
                            @Override
                            public void setShard(int shard) {
                                setCurrentKey(shard);
                            }

                            @Override
                            public void put(ID id, long expiry) throws Exception {
                                idMap.put(id, expiry);
                            }
                        },
                        stateOrder);
        writeBack.restore(written);
        if (config.miniBatchSize() > 0) {
            buffer = new LinkedHashMap<>();
            if (getExecutionConfig().isObjectReuseEnabled()) {
                copier = recordType.createSerializer(getExecutionConfig().getSerializerConfig());
            }
        }
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        // the key selector sent a record without an id to shard -1: re-check before any state
        ID id = KeyCheck.keyOrNull(config.idExtractor(), element.getValue());
        if (id == null) {
            invalid(element);
            return;
        }
        long ts = timeOf(element);
        if (routedLate(element, ts, timers.currentWatermark())) {
            return;
        }
        if (buffer == null) {
            if (resolver.resolve((Integer) getCurrentKey(), id, ts)) {
                metrics.unique.inc();
                output.collect(element);
            } else {
                duplicate(element.getValue(), element.hasTimestamp(), element.getTimestamp());
            }
            keepWithinBounds();
            return;
        }
        Pending<T> pending = buffer.get(id);
        if (pending == null) {
            T value = copier == null ? element.getValue() : copier.copy(element.getValue());
            buffer.put(
                    id, new Pending<>(value, element.hasTimestamp(), element.getTimestamp(), ts));
            if (buffer.size() >= config.miniBatchSize()) {
                flush();
            }
        } else {
            boolean keep = duplicateTag != null;
            T value =
                    !keep || copier == null ? element.getValue() : copier.copy(element.getValue());
            pending.addDuplicate(value, element.hasTimestamp(), element.getTimestamp(), ts, keep);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        index.flush();
        writeBack.snapshot(written);
        super.snapshotState(context);
    }

    /** Registers the current shard's expiry timer at {@code expiry}. */
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
            int shard = shardOf(id, config.shards());
            setCurrentKey(shard);
            if (resolver.resolve(shard, id, p.maxTs)) {
                metrics.unique.inc();
                emit(p.value, p.hasTs, p.recordTs);
            } else {
                duplicate(p.value, p.hasTs, p.recordTs);
            }
            duplicates(p);
        }
        buffer.clear();
        keepWithinBounds();
    }

    /** Writes the pending bucket appends and spills the write-back buffer when they are full. */
    private void keepWithinBounds() throws Exception {
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
