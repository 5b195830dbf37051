package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.WindowResult;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Event-time tumbling, sliding and cumulative windows by stream slicing.
 *
 * <p>Per key, each event updates exactly one slice accumulator (first in a mini-batch buffer, then
 * in {@code MapState<sliceIndex, acc>}); windows are combined from slices when they fire: sliding
 * windows through two stacks (suffix aggregates of the older slices in {@code MapState}, the
 * running aggregate of the newer ones in {@code ValueState}: amortised O(1) merges per window for
 * any mergeable aggregate), cumulative windows through a running accumulator, tumbling windows are
 * their slice. Each key has at most one event-time timer: the next window end or the next slice
 * cleanup time: on the heap backend in {@link BucketedTimers} (one list of keys per time), else in
 * Flink's timer service. A timer fires every window of its key that ends at or before the
 * watermark; when they are many (a watermark jump, the end of the input) or the key expires, they
 * are computed in memory from one read of the key's slices (a "sweep") instead of through the
 * stacks in state.
 *
 * <p>The buffer holds, per key, the slices touched since the last flush; it is flushed to keyed
 * state when a watermark reaches the first window end of a buffered slice (earlier watermarks
 * cannot fire or make late anything buffered), before every checkpoint barrier ({@link
 * #prepareSnapshotPreBarrier}) and when it holds {@code maxBufferedKeys} keys, so snapshots never
 * miss buffered data (exactly-once). A key without state whose buffered slices all expire at the
 * watermark (tumbling windows, the end of the input) is fired straight from the buffer.
 *
 * <p>Late data follows Flink's {@code WindowOperator}: an event is late when every window it
 * belongs to has passed its cleanup time ({@code end - 1 + lateness <= watermark}); it is then
 * dropped or side-output and counted. An event behind the watermark whose windows are not all
 * cleaned up updates its slice and re-emits every already-fired window it belongs to, flagged as a
 * correction.
 *
 * <p>Parts: {@link SliceAssigner} (event time to slices and windows), {@link MiniBatchBuffer} (the
 * buffer, adaptive by default), {@link SliceStore} (keyed state, {@link SliceBookkeeping}, on
 * RocksDB behind a {@link BookkeepingCache} written back in {@link #snapshotState}), one {@link
 * WindowFiring} per window kind, {@link LatePolicyHandler} (late and invalid records, their
 * metrics) and {@link SliceTimerScheduler} (the one timer per key, cleanup times; {@link
 * TimerRestore} carries timers across a change of timer kind). This class routes records,
 * watermarks and timers between them.
 *
 * <p>State per key: the slices of the last {@code size + lateness}, up to {@code size / gcd} suffix
 * aggregates, one running aggregate and one {@code long[]} of bookkeeping; all of it is removed
 * when the last slice of the key expires.
 */
@Internal
public final class SlicingWindowOperator<K, T, A, R>
        extends AbstractStreamOperator<WindowResult<K, R>>
        implements OneInputStreamOperator<T, WindowResult<K, R>>, Triggerable<K, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /**
     * {@code maxBufferedKeys} value for an adaptive buffer: it starts at {@link
     * #INITIAL_ADAPTIVE_KEYS} keys and doubles whenever it fills before a watermark or checkpoint
     * flushes it, up to {@link MiniBatchBuffer#heapCap}.
     */
    public static final int ADAPTIVE_BUFFER = 0;

    /** The initial bound of an adaptive buffer (the old fixed default). */
    static final int INITIAL_ADAPTIVE_KEYS = 20_000;

    /**
     * {@link #cacheBookkeeping} value: a {@link BookkeepingCache} in front of serializing state
     * backends (RocksDB), holding up to max heap / 10 KiB keys (about 1/64 of the heap), at least
     * 10 000; on the heap backend one for sliding windows only (one lookup per fire instead of
     * four), up to max heap / 2 KiB keys, and none for tumbling and cumulative windows.
     */
    static final int AUTO_BOOKKEEPING_CACHE = -1;

    private final Aggregator<T, A, R> aggregator;
    private final SliceAssigner slices;
    private final long lateness;
    private final OutputTag<LateEvent<T>> lateTag;
    private final int maxBufferedKeys;
    private final OutputTag<T> invalidTag;
    private final String description;
    private final String processingTimeHint;

    /**
     * The range of event times whose windows and timer times are representable (see {@link
     * SliceAssigner#representableEventTimes}); a record outside it is invalid.
     */
    private final long minTime;

    private final long maxTime;

    private int bookkeepingCacheKeys = AUTO_BOOKKEEPING_CACHE;
    private long stackCacheBytes = AUTO_BOOKKEEPING_CACHE;

    private transient SliceStore<A> store;
    private transient WindowFiring<A> firing;
    private transient SliceTimerScheduler scheduler;
    private transient BucketedTimers bucketed; // null: Flink's timer service
    private transient TimerRestore timerRestore;
    private transient LatePolicyHandler<T> late;
    private transient MiniBatchBuffer<A> buffer;
    private transient KeySweeper<A> sweeper;
    // the slice of the last event: [cachedSliceStart, cachedSliceEnd) ms is slice cachedSlice
    private transient long cachedSliceStart;
    private transient long cachedSliceEnd;
    private transient long cachedSlice;
    private transient long cachedCleanup;
    private transient long cachedFirstFire;
    // the earliest fire time of any window of a buffered slice (MAX_VALUE when empty)
    private transient long bufferedFirstFire;
    private transient StreamRecord<WindowResult<K, R>> reuse;

    /**
     * Creates the operator (see the class comment for the parameters' roles).
     *
     * @param aggregator the aggregation
     * @param slices the slicing
     * @param lateness the allowed lateness in ms
     * @param lateTag the side output of late records, or null
     * @param maxBufferedKeys the mini-batch bound in keys
     * @param invalidTag the side output of invalid records, or null
     * @param description the operator name, for error messages
     * @param processingTimeHint the processing-time alternative named in the missing-timestamp
     *     error, or null
     */
    public SlicingWindowOperator(
            Aggregator<T, A, R> aggregator,
            SliceAssigner slices,
            long lateness,
            OutputTag<LateEvent<T>> lateTag,
            int maxBufferedKeys,
            OutputTag<T> invalidTag,
            String description,
            String processingTimeHint) {
        this.aggregator = aggregator;
        this.slices = slices;
        this.lateness = lateness;
        this.lateTag = lateTag;
        this.maxBufferedKeys = maxBufferedKeys;
        this.invalidTag = invalidTag;
        this.description = description;
        this.processingTimeHint = processingTimeHint;
        long[] range = slices.representableEventTimes();
        this.minTime = range[0];
        this.maxTime = range[1];
    }

    /**
     * Sets the bookkeeping cache, for tests: {@link #AUTO_BOOKKEEPING_CACHE}, 0 (none) or a bound
     * in keys (then also on the heap backend), and the estimated bytes of the sliding stacks it
     * holds on the heap ({@link #AUTO_BOOKKEEPING_CACHE}: one eighth of the max heap, half of it on
     * the heap backend).
     */
    @VisibleForTesting
    SlicingWindowOperator<K, T, A, R> cacheBookkeeping(int keys, long stackBytes) {
        this.bookkeepingCacheKeys = keys;
        this.stackCacheBytes = stackBytes;
        return this;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        timerRestore = new TimerRestore(context);
    }

    @Override
    public void open() throws Exception {
        super.open();
        store = new SliceStore<>(aggregator, getRuntimeContext());
        boolean heap = getKeyedStateBackend() instanceof HeapKeyedStateBackend;
        store.cacheBookkeeping(
                this,
                getKeyedStateBackend().getKeySerializer(),
                heap,
                bookkeepingCacheKeys,
                stackCacheBytes,
                slices.kind());
        firing = WindowFiring.of(slices, store);
        KeyTimers timers =
                timerRestore.open(
                        this,
                        getKeyedStateBackend(),
                        store,
                        heap,
                        getInternalTimerService(
                                "slice-timers", VoidNamespaceSerializer.INSTANCE, this));
        bucketed = timers instanceof BucketedTimers ? (BucketedTimers) timers : null;
        scheduler = new SliceTimerScheduler(timers, slices, lateness);
        late = new LatePolicyHandler<>(lateTag, invalidTag, getMetricGroup());
        buffer = MiniBatchBuffer.forOperator(maxBufferedKeys);
        sweeper = new KeySweeper<>(slices, store, firing, scheduler, this::emit);
        bufferedFirstFire = Long.MAX_VALUE;
        cachedSliceStart = Long.MAX_VALUE;
        cachedSliceEnd = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
    }

    /** Metric values, for tests: {dropped, side output, accepted within lateness, corrections}. */
    @VisibleForTesting
    long[] lateCounts() {
        return late.counts();
    }

    /** The bucketed timers held (live and stale; 0 with Flink's timer service), for tests. */
    @VisibleForTesting
    long bucketedTimers() {
        return bucketed == null ? 0 : bucketed.size();
    }

    /** The current bound of the mini-batch buffer, for tests. */
    @VisibleForTesting
    int bufferBound() {
        return buffer.bound();
    }

    // ---------------------------------------------------------------------------------------
    // Input

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        long t = RecordTime.eventTimeOf(element, description, processingTimeHint);
        if (t < minTime || t > maxTime) {
            // within a few windows of the ends of time: some window bound would overflow
            late.invalid(element, output);
            return;
        }
        if (t < cachedSliceStart || t >= cachedSliceEnd) {
            cacheSlice(t);
        }
        long j = cachedSlice;
        long wm = scheduler.currentWatermark();
        if (cachedCleanup <= wm) {
            long lastWindow = slices.lastWindowEnd(j);
            late.late(
                    element.getValue(),
                    t,
                    wm,
                    slices.windowStartMillis(lastWindow),
                    slices.windowEndMillis(lastWindow),
                    output);
            return;
        }
        long firstFire = cachedFirstFire;
        if (firstFire <= wm) {
            onLateWithinLateness(element.getValue(), j, wm);
            return;
        }
        if (firstFire < bufferedFirstFire) {
            bufferedFirstFire = firstFire;
        }
        BufferedSlices<A> b = buffer.get(getCurrentKey());
        int slot = b.slot(j);
        boolean full = false;
        if (slot < 0) {
            full = b.size() == 0 && buffer.added();
            slot = b.add(j, aggregator.createAccumulator());
        }
        b.addTo(slot, aggregator.add(b.acc(slot), element.getValue()));
        if (full) {
            flush();
        }
    }

    /** Caches the slice of {@code t} and its window times (events mostly hit the last slice). */
    private void cacheSlice(long t) {
        long j = slices.sliceIndex(t);
        cachedSlice = j;
        cachedCleanup = scheduler.sliceCleanupTime(j);
        cachedFirstFire = slices.fireTime(slices.firstWindowEnd(j));
        long len = slices.sliceLength();
        long start = (j - 1) * len;
        long end = start + len;
        // near the ends of the long range the bounds may overflow: then never hit the cache
        boolean exact = start <= t && t < end && Math.floorDiv(start, len) + 1 == j;
        cachedSliceStart = exact ? start : Long.MAX_VALUE;
        cachedSliceEnd = exact ? end : Long.MIN_VALUE;
    }

    /** An event behind the watermark whose windows are not all cleaned up: update and re-emit. */
    private void onLateWithinLateness(T event, long j, long wm) throws Exception {
        late.accepted();
        SliceBookkeeping b = store.bookkeeping();
        b = b == null ? newBookkeeping() : b;
        Tuple2<Long, A> single =
                Tuple2.of(1L, aggregator.add(aggregator.createAccumulator(), event));
        Tuple2<Long, A> existing = store.slice(j);
        store.putSlice(b, j, existing == null ? single : store.mergeInto(existing, single));
        b.include(j);
        b.dirty = true;
        long step = slices.slicesPerStep();
        long lastFired = Math.min(slices.lastWindowEnd(j), slices.lastWindowEndAtOrBefore(wm));
        for (long e = slices.firstWindowEnd(j); e <= lastFired; e += step) {
            if (scheduler.cleanupTime(e) > wm) {
                Tuple2<Long, A> window = store.combineRange(slices.firstSlice(e), e);
                if (window != null) {
                    emit(e, window, true);
                    late.corrected();
                }
            }
        }
        b.lastFired = Math.max(b.lastFired, lastFired);
        scheduler.schedule(b);
        store.save(b);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Buffered slices only matter to windows that fire at or after bufferedFirstFire: until
        // the watermark reaches it, no timer reads them and no event can be late for them.
        if (mark.getTimestamp() >= bufferedFirstFire) {
            flush(mark.getTimestamp());
        }
        if (bucketed != null) {
            bucketed.advance(mark.getTimestamp(), this::onBucketedTimer);
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        // runs before the keyed state backend snapshots: cached bookkeeping must be in it
        store.writeBack();
        timerRestore.snapshot(bucketed != null);
        super.snapshotState(context);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() throws Exception {
        flush(Long.MIN_VALUE);
    }

    /**
     * Writes the buffer to keyed state. When {@code watermark} is about to be processed, a key
     * without state whose buffered slices all expire at it is fired from the buffer instead: its
     * windows are final and nothing of it needs to be stored.
     */
    private void flush(long watermark) throws Exception {
        bufferedFirstFire = Long.MAX_VALUE;
        buffer.flush(b -> flushKey(b, watermark));
    }

    private void flushKey(BufferedSlices<A> buffered, long watermark) throws Exception {
        setCurrentKey(buffered.key());
        SliceBookkeeping b = store.bookkeeping();
        if (b == null) {
            if (sweeper.fireFromBuffer(buffered, watermark)) {
                return;
            }
            b = newBookkeeping();
        } else if (expiresWithBuffer(b, buffered, watermark)) {
            sweeper.fireWithBuffer(b, buffered, watermark);
            clearKey(b, true);
            return;
        }
        for (int i = 0; i < buffered.size(); i++) {
            long j = buffered.slice(i);
            store.addToSlice(b, j, Tuple2.of(buffered.count(i), buffered.acc(i)));
            if (j <= b.lastFired) {
                // only after a restore, before the first watermark: keep the stacks exact
                b.dirty = true;
            }
        }
        scheduler.schedule(b);
        store.save(b);
    }

    private SliceBookkeeping newBookkeeping() {
        return SliceBookkeeping.fresh(slices.lastWindowEndAtOrBefore(scheduler.currentWatermark()));
    }

    /** Whether every slice of the key, in state and buffered, expires at {@code watermark}. */
    private boolean expiresWithBuffer(
            SliceBookkeeping b, BufferedSlices<A> buffered, long watermark) {
        long max = Math.max(b.maxSlice, buffered.maxSlice());
        return scheduler.sliceCleanupTime(max) <= watermark;
    }

    // ---------------------------------------------------------------------------------------
    // Timers

    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        // bucketed: a timer restored from an earlier writer, also in the buckets, which fired it
        SliceBookkeeping b = bucketed == null ? store.bookkeeping() : null;
        if (b != null) {
            onTimer(b, timer.getTimestamp());
        }
    }

    /** A bucketed timer of the current key: live only if the bookkeeping still names it. */
    private void onBucketedTimer(long time) throws Exception {
        SliceBookkeeping b = store.bookkeeping();
        if (b != null && b.timer == time) {
            onTimer(b, time);
        }
    }

    private void onTimer(SliceBookkeeping b, long timestamp) throws Exception {
        b.timer = SliceBookkeeping.NO_TIMER; // fired: the service removed it
        // The timer service advances its watermark before firing: every window of this key that
        // ends at or before it is final, so all of them fire in this one callback.
        long time = Math.max(timestamp, scheduler.currentWatermark());
        long step = slices.slicesPerStep();
        long first = Math.max(b.lastFired + step, slices.firstWindowEnd(b.minSlice));
        long last =
                Math.min(slices.lastWindowEndAtOrBefore(time), slices.lastWindowEnd(b.maxSlice));
        boolean slicesCleared = false;
        if (first <= last && sweepPays(first, last, b, time)) {
            slicesCleared = sweeper.sweep(b, first, last, time);
        } else {
            for (long e = first; e <= last; e += step) {
                fire(b, e);
            }
            cleanup(b, time);
            // cleanup removes slices one by one: none is left to clear when it removed them all
            slicesCleared = !b.hasSlices();
        }
        if (!b.hasSlices()) {
            clearKey(b, slicesCleared);
            return;
        }
        scheduler.schedule(b);
        store.save(b);
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) {
        // event time only
    }

    /**
     * Whether firing windows {@code first..last} from one read of all the key's slices is cheaper
     * than the incremental path: when the key expires (no stack to write back), or when the
     * incremental path would rebuild its stacks anyway.
     */
    private boolean sweepPays(long first, long last, SliceBookkeeping b, long time) {
        return scheduler.sliceCleanupTime(b.maxSlice) <= time || firing.sweepPays(first, last);
    }

    /** Fires window {@code e} incrementally and records it as the last fired. */
    private void fire(SliceBookkeeping b, long e) throws Exception {
        Tuple2<Long, A> window = firing.fire(b, e);
        b.lastFired = e;
        b.dirty = false;
        if (window != null && window.f0 > 0) {
            emit(e, window, false);
        }
    }

    /** Removes slices whose last window is past its cleanup time at {@code time}. */
    private void cleanup(SliceBookkeeping b, long time) throws Exception {
        while (b.hasSlices() && scheduler.sliceCleanupTime(b.minSlice) <= time) {
            long j = b.minSlice;
            store.removeSlice(b, j);
            b.minSlice = store.nextExistingSlice(b, j);
        }
    }

    private void clearKey(SliceBookkeeping b, boolean slicesCleared) throws Exception {
        scheduler.cancel(b);
        store.clearKey(b, slicesCleared, slices.kind());
    }

    @SuppressWarnings("unchecked")
    private void emit(long e, Tuple2<Long, A> window, boolean correction) {
        WindowResult<K, R> result =
                new WindowResult<>(
                        (K) getCurrentKey(),
                        slices.windowStartMillis(e),
                        slices.windowEndMillis(e),
                        aggregator.getResult(window.f1),
                        correction);
        output.collect(reuse.replace(result, slices.fireTime(e)));
    }
}
