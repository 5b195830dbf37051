package dev.streamkit.state.internal;

import dev.streamkit.state.ExactDeduplicator;
import dev.streamkit.state.IdHasher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
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
 */
@Internal
public final class ShardedDedupOperator<T, ID> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>,
                Triggerable<Integer, VoidNamespace>,
                BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** State names are part of the savepoint contract: never rename. */
    public static final String IDS_STATE = "streamkit-dedup-ids";

    public static final String BUCKETS_STATE = "streamkit-dedup-buckets";

    public static final String TIMERS = "streamkit-dedup-shard-timers";

    private final KeySelector<T, ID> idExtractor;
    private final TypeInformation<ID> idType;
    private final int shards;
    private final long expireAfter;
    private final long granularity;
    private final boolean eventTime;
    private final OutputTag<T> duplicateTag;
    private final OutputTag<T> lateTag;
    private final int miniBatchSize;
    private final TypeInformation<T> recordType;

    private transient MapState<ID, Long> ids;
    private transient InternalListState<Integer, Long, ID> buckets;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient DedupMetrics metrics;
    private transient LinkedHashMap<ID, Pending<T>> buffer;
    private transient TypeSerializer<T> copier;

    public ShardedDedupOperator(ExactDeduplicator<T, ID> spec, TypeInformation<T> recordType) {
        this.idExtractor = spec.idExtractor();
        this.idType = spec.idType();
        this.shards = spec.shards();
        this.expireAfter = spec.expireAfterMillis();
        this.granularity = spec.granularityMillis();
        this.eventTime = spec.timeDomain() == TimeDomain.EVENT_TIME;
        this.duplicateTag = spec.duplicateTag();
        this.lateTag = spec.lateTag();
        this.miniBatchSize = spec.miniBatchSize();
        this.recordType = recordType;
    }

    /** The shard of an id: its {@code hashCode}, mixed, scaled to [0, shards). */
    public static int shardOf(Object id, int shards) {
        long h = IdHasher.mix64(id.hashCode());
        return (int) (((h >>> 33) * shards) >>> 31);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        ids =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>(IDS_STATE, idType, Types.LONG));
        buckets =
                (InternalListState<Integer, Long, ID>)
                        getOrCreateKeyedState(
                                LongSerializer.INSTANCE,
                                new ListStateDescriptor<>(BUCKETS_STATE, idType));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        metrics = new DedupMetrics(getMetricGroup());
        if (miniBatchSize > 0) {
            buffer = new LinkedHashMap<>();
            if (getExecutionConfig().isObjectReuseEnabled()) {
                copier = recordType.createSerializer(getExecutionConfig().getSerializerConfig());
            }
        }
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
            if (TimeMath.add(ts, expireAfter) <= timers.currentWatermark()) {
                metrics.late.inc();
                if (lateTag != null) {
                    output.collect(lateTag, element);
                    return;
                }
            }
        } else {
            ts = getProcessingTimeService().getCurrentProcessingTime();
        }
        ID id = idExtractor.getKey(element.getValue());
        if (buffer == null) {
            if (resolve(id, ts)) {
                metrics.unique.inc();
                output.collect(element);
            } else {
                duplicate(element.getValue(), element.hasTimestamp(), element.getTimestamp());
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
            pending.maxTs = Math.max(pending.maxTs, ts);
            pending.duplicates++;
            if (duplicateTag != null) {
                T value = copier == null ? element.getValue() : copier.copy(element.getValue());
                pending.addDuplicate(value, element.hasTimestamp() ? element.getTimestamp() : null);
            }
        }
    }

    /** Records an occurrence of {@code id} (current key: its shard); true if it was new. */
    private boolean resolve(ID id, long ts) throws Exception {
        long expiry = TimeMath.ceil(TimeMath.add(ts, expireAfter), granularity);
        Long current = ids.get(id);
        if (current == null) {
            ids.put(id, expiry);
            bucket(id, expiry);
            return true;
        }
        if (expiry > current) {
            ids.put(id, expiry);
            bucket(id, expiry);
        }
        return false;
    }

    /** Files the id under its (new) expiry granule, which has one timer per shard. */
    private void bucket(ID id, long expiry) throws Exception {
        if (expiry >= TimeMath.MAX_TIME) {
            return; // never expires
        }
        buckets.setCurrentNamespace(expiry);
        buckets.add(id);
        register(expiry);
    }

    private void duplicate(T value, boolean hasTs, long ts) {
        metrics.duplicates.inc();
        if (duplicateTag != null) {
            output.collect(
                    duplicateTag,
                    hasTs ? new StreamRecord<>(value, ts) : new StreamRecord<>(value));
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
        expire(timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        if (buffer != null && !buffer.isEmpty()) {
            flush();
            setCurrentKey(timer.getKey());
        }
        expire(timer.getTimestamp());
    }

    private void expire(long time) throws Exception {
        buckets.setCurrentNamespace(time);
        Iterable<ID> due = buckets.get();
        if (due == null) {
            return;
        }
        for (ID id : due) {
            Long expiry = ids.get(id);
            // ids seen again since have moved to a later bucket
            if (expiry != null && expiry <= time) {
                ids.remove(id);
            }
        }
        buckets.clear();
    }

    private void flush() throws Exception {
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
            if (p.duplicates > 0) {
                metrics.duplicates.inc(p.duplicates);
                if (p.dupValues != null) {
                    for (int i = 0; i < p.dupValues.size(); i++) {
                        Long t = p.dupTimestamps.get(i);
                        output.collect(
                                duplicateTag,
                                t == null
                                        ? new StreamRecord<>(p.dupValues.get(i))
                                        : new StreamRecord<>(p.dupValues.get(i), t));
                    }
                }
            }
        }
        buffer.clear();
    }

    private void emit(T value, boolean hasTs, long ts) {
        output.collect(hasTs ? new StreamRecord<>(value, ts) : new StreamRecord<>(value));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** The first record of one id buffered between two flushes, and its duplicates. */
    private static final class Pending<T> {
        final T value;
        final boolean hasTs;
        final long recordTs;
        long maxTs;
        int duplicates;
        List<T> dupValues;
        List<Long> dupTimestamps;

        Pending(T value, boolean hasTs, long recordTs, long ts) {
            this.value = value;
            this.hasTs = hasTs;
            this.recordTs = recordTs;
            this.maxTs = ts;
        }

        void addDuplicate(T v, Long ts) {
            if (dupValues == null) {
                dupValues = new ArrayList<>();
                dupTimestamps = new ArrayList<>();
            }
            dupValues.add(v);
            dupTimestamps.add(ts);
        }
    }
}
