package dev.streamkit.windows.internal;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowResult;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
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
 * cleanup time. A timer fires every window of its key that ends at or before the watermark; when
 * they are many (a watermark jump, the end of the input) or the key expires, they are computed in
 * memory from one read of the key's slices (a "sweep") instead of through the stacks in state.
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
 * <p>State per key: the slices of the last {@code size + lateness}, up to {@code size / gcd} suffix
 * aggregates, one running aggregate and one {@code long[]} of bookkeeping; all of it is removed
 * when the last slice of the key expires.
 */
@Internal
public final class SlicingWindowOperator<K, T, A, R>
        extends AbstractStreamOperator<WindowResult<K, R>>
        implements OneInputStreamOperator<T, WindowResult<K, R>>, Triggerable<K, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    // meta[] layout
    private static final int C = 0; // last fired window end index
    private static final int A_ = 1; // first slice of the front stack
    private static final int B = 2; // first slice of the back stack
    private static final int MIN_RAW = 3; // smallest existing slice index
    private static final int MAX_RAW = 4; // largest existing slice index
    private static final int TIMER = 5; // registered timer time, NONE if none
    private static final int DIRTY = 6; // 1 when the combined aggregates must be rebuilt
    private static final long NONE = Long.MIN_VALUE;

    /**
     * {@code maxBufferedKeys} value for an adaptive buffer: it starts at {@link
     * #INITIAL_ADAPTIVE_KEYS} keys and doubles whenever it fills before a watermark or checkpoint
     * flushes it, up to {@link MiniBatchBuffer#heapCap}.
     */
    public static final int ADAPTIVE_BUFFER = 0;

    /** The initial bound of an adaptive buffer (the old fixed default). */
    static final int INITIAL_ADAPTIVE_KEYS = 20_000;

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
     * #timeRange}); a record outside it is invalid.
     */
    private final long minTime;

    private final long maxTime;

    private transient TypeSerializer<Tuple2<Long, A>> countedSerializer;
    private transient MapState<Long, Tuple2<Long, A>> rawState;
    private transient MapState<Long, Tuple2<Long, A>> suffixState;
    private transient ValueState<Tuple2<Long, A>> runningState;
    private transient ValueState<long[]> metaState;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient MiniBatchBuffer<A> buffer;
    // the slice of the last event: [cachedSliceStart, cachedSliceEnd) ms is slice cachedSlice
    private transient long cachedSliceStart;
    private transient long cachedSliceEnd;
    private transient long cachedSlice;
    private transient long cachedCleanup;
    private transient long cachedFirstFire;
    // the earliest fire time of any window of a buffered slice (MAX_VALUE when empty)
    private transient long bufferedFirstFire;
    // scratch of sweep(): the key's slices sorted by index, and suffix aggregates
    private transient long[] sweepIdx;
    private transient long[] loadedIdx;
    private transient Tuple2<Long, A>[] sweepVals;
    private transient Tuple2<Long, A>[] sweepSuffix;
    private transient Tuple2<Long, A> sweepRunning;
    private transient StreamRecord<WindowResult<K, R>> reuse;
    private transient Counter lateDropped;
    private transient Counter lateSideOutput;
    private transient Counter lateAccepted;
    private transient Counter corrections;
    private transient Counter invalid;

    /**
     * Creates the operator (see the class comment for the parameters' roles).
     *
     * @param aggregator the aggregation
     * @param slices the slicing
     * @param lateness the allowed lateness in ms
     * @param lateTag the side output of late records, or null
     * @param maxBufferedKeys the mini-batch bound in keys
     */
    public SlicingWindowOperator(
            Aggregator<T, A, R> aggregator,
            SliceAssigner slices,
            long lateness,
            OutputTag<LateEvent<T>> lateTag,
            int maxBufferedKeys) {
        this(
                aggregator,
                slices,
                lateness,
                lateTag,
                maxBufferedKeys,
                null,
                "Streamkit window",
                null);
    }

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
        long[] range = timeRange(slices);
        this.minTime = range[0];
        this.maxTime = range[1];
    }

    /**
     * The event times this operator can window, {min, max}: every window of such a time starts at
     * or after {@code Long.MIN_VALUE}, and ends (in slice indices) before the last window a {@code
     * Long.MAX_VALUE} watermark fires ({@link SliceAssigner#lastWindowEndAtOrBefore}), so its
     * bounds, fire time and cleanup time never overflow and its state is removed at the end of
     * input. The margin of {@code (2 * slicesPerWindow + 2 * slicesPerStep + 4)} slices keeps every
     * slice index computation away from the ends of the long range; it is a few window sizes out of
     * 292 million years.
     */
    static long[] timeRange(SliceAssigner slices) {
        long len = slices.sliceLength();
        long marginSlices =
                TimeMath.add(
                        TimeMath.add(slices.slicesPerWindow(), slices.slicesPerStep()) * 2L, 4);
        long maxSlices = Long.MAX_VALUE / len - 1;
        if (marginSlices >= maxSlices) {
            return new long[] {0, -1}; // windows of about 2^62 ms: nothing is representable
        }
        long margin = marginSlices * len;
        return new long[] {Long.MIN_VALUE + margin, Long.MAX_VALUE - margin};
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open() throws Exception {
        super.open();
        countedSerializer =
                new TupleSerializer<>(
                        (Class) Tuple2.class,
                        new TypeSerializer<?>[] {
                            LongSerializer.INSTANCE, aggregator.accumulatorSerializer()
                        });
        rawState =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "slices", LongSerializer.INSTANCE, countedSerializer));
        suffixState =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "suffix-aggregates",
                                        LongSerializer.INSTANCE,
                                        countedSerializer));
        runningState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("running-aggregate", countedSerializer));
        metaState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "slice-bookkeeping",
                                        LongPrimitiveArraySerializer.INSTANCE));
        timers = getInternalTimerService("slice-timers", VoidNamespaceSerializer.INSTANCE, this);
        buffer =
                maxBufferedKeys == ADAPTIVE_BUFFER
                        ? MiniBatchBuffer.adaptive(
                                INITIAL_ADAPTIVE_KEYS,
                                MiniBatchBuffer.heapCap(
                                        Runtime.getRuntime().maxMemory(), INITIAL_ADAPTIVE_KEYS))
                        : MiniBatchBuffer.fixed(maxBufferedKeys);
        bufferedFirstFire = Long.MAX_VALUE;
        cachedSliceStart = Long.MAX_VALUE;
        cachedSliceEnd = Long.MIN_VALUE;
        sweepIdx = new long[16];
        loadedIdx = new long[16];
        sweepVals = new Tuple2[16];
        sweepSuffix = new Tuple2[16];
        reuse = new StreamRecord<>(null);
        lateDropped = getMetricGroup().counter(LatePolicy.DROPPED_METRIC);
        lateSideOutput = getMetricGroup().counter(LatePolicy.SIDE_OUTPUT_METRIC);
        lateAccepted = getMetricGroup().counter(LatePolicy.ACCEPTED_METRIC);
        corrections = getMetricGroup().counter(LatePolicy.CORRECTIONS_METRIC);
        invalid = getMetricGroup().counter(LatePolicy.INVALID_METRIC);
    }

    /** Metric values, for tests: {dropped, side output, accepted within lateness, corrections}. */
    @org.apache.flink.annotation.VisibleForTesting
    long[] lateCounts() {
        return new long[] {
            lateDropped.getCount(),
            lateSideOutput.getCount(),
            lateAccepted.getCount(),
            corrections.getCount()
        };
    }

    // ---------------------------------------------------------------------------------------
    // Input

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(StreamRecord<T> element) throws Exception {
        long t = RecordTime.eventTimeOf(element, description, processingTimeHint);
        if (t < minTime || t > maxTime) {
            // within a few windows of the ends of time: some window bound would overflow
            invalid.inc();
            if (invalidTag != null) {
                output.collect(invalidTag, element);
            }
            return;
        }
        if (t < cachedSliceStart || t >= cachedSliceEnd) {
            cacheSlice(t);
        }
        long j = cachedSlice;
        long wm = timers.currentWatermark();
        if (cachedCleanup <= wm) {
            onLate(element.getValue(), t, wm, slices.lastWindowEnd(j));
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
        cachedCleanup = cleanupTime(slices.lastWindowEnd(j));
        cachedFirstFire = slices.fireTime(slices.firstWindowEnd(j));
        long len = slices.sliceLength();
        long start = (j - 1) * len;
        long end = start + len;
        // near the ends of the long range the bounds may overflow: then never hit the cache
        boolean exact = start <= t && t < end && Math.floorDiv(start, len) + 1 == j;
        cachedSliceStart = exact ? start : Long.MAX_VALUE;
        cachedSliceEnd = exact ? end : Long.MIN_VALUE;
    }

    private void onLate(T event, long t, long wm, long lastWindow) {
        LateEvent<T> late =
                new LateEvent<>(
                        event,
                        t,
                        wm,
                        slices.windowStartMillis(lastWindow),
                        slices.windowEndMillis(lastWindow));
        if (lateTag != null) {
            lateSideOutput.inc();
            output.collect(lateTag, new StreamRecord<>(late, t));
        } else {
            lateDropped.inc();
        }
    }

    /** An event behind the watermark whose windows are not all cleaned up: update and re-emit. */
    private void onLateWithinLateness(T event, long j, long wm) throws Exception {
        lateAccepted.inc();
        long[] meta = metaOrInit();
        Tuple2<Long, A> single =
                Tuple2.of(1L, aggregator.add(aggregator.createAccumulator(), event));
        Tuple2<Long, A> existing = rawState.get(j);
        rawState.put(j, existing == null ? single : mergeInto(existing, single));
        meta[MIN_RAW] = Math.min(meta[MIN_RAW], j);
        meta[MAX_RAW] = Math.max(meta[MAX_RAW], j);
        meta[DIRTY] = 1;
        long step = slices.slicesPerStep();
        long lastFired = Math.min(slices.lastWindowEnd(j), slices.lastWindowEndAtOrBefore(wm));
        for (long e = slices.firstWindowEnd(j); e <= lastFired; e += step) {
            if (cleanupTime(e) > wm) {
                Tuple2<Long, A> window = combineRange(slices.firstSlice(e), e);
                if (window != null) {
                    emit(e, window, true);
                    corrections.inc();
                }
            }
        }
        meta[C] = Math.max(meta[C], lastFired);
        schedule(meta);
        metaState.update(meta);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // Buffered slices only matter to windows that fire at or after bufferedFirstFire: until
        // the watermark reaches it, no timer reads them and no event can be late for them.
        if (mark.getTimestamp() >= bufferedFirstFire) {
            flush(mark.getTimestamp());
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
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

    private void flushKey(BufferedSlices<A> b, long watermark) throws Exception {
        setCurrentKey(b.key());
        long[] meta = metaState.value();
        if (meta == null) {
            if (fireFromBuffer(b, watermark)) {
                return;
            }
            meta = newMeta();
        } else if (expiresWithBuffer(meta, b, watermark)) {
            fireWithBuffer(meta, b, watermark);
            return;
        }
        for (int i = 0; i < b.size(); i++) {
            long j = b.slice(i);
            Tuple2<Long, A> acc = Tuple2.of(b.count(i), b.acc(i));
            Tuple2<Long, A> existing =
                    j < meta[MIN_RAW] || j > meta[MAX_RAW] ? null : rawState.get(j);
            rawState.put(j, existing == null ? acc : mergeInto(existing, acc));
            meta[MIN_RAW] = Math.min(meta[MIN_RAW], j);
            meta[MAX_RAW] = Math.max(meta[MAX_RAW], j);
            if (j <= meta[C]) {
                // only after a restore, before the first watermark: keep the stacks exact
                meta[DIRTY] = 1;
            }
        }
        schedule(meta);
        metaState.update(meta);
    }

    private long[] metaOrInit() throws Exception {
        long[] meta = metaState.value();
        return meta == null ? newMeta() : meta;
    }

    private long[] newMeta() {
        long c = slices.lastWindowEndAtOrBefore(timers.currentWatermark());
        return new long[] {c, c + 1, c + 1, Long.MAX_VALUE, Long.MIN_VALUE, NONE, 0};
    }

    /** Whether every slice of the key, in state and buffered, expires at {@code watermark}. */
    private boolean expiresWithBuffer(long[] meta, BufferedSlices<A> b, long watermark) {
        long max = meta[MAX_RAW];
        for (int i = 0; i < b.size(); i++) {
            max = Math.max(max, b.slice(i));
        }
        return cleanupTime(slices.lastWindowEnd(max)) <= watermark;
    }

    /**
     * The key expires at {@code watermark} (typically the end of the input): fires its remaining
     * windows from its slices in state merged with its buffered ones in memory, then removes all of
     * its state and its timer, without writing the buffer to state first.
     */
    private void fireWithBuffer(long[] meta, BufferedSlices<A> b, long watermark) throws Exception {
        int n = loadSlices();
        int loaded = n;
        if (loadedIdx.length < n) {
            loadedIdx = new long[sweepIdx.length];
        }
        System.arraycopy(sweepIdx, 0, loadedIdx, 0, n);
        for (int i = 0; i < b.size(); i++) {
            long j = b.slice(i);
            Tuple2<Long, A> acc = Tuple2.of(b.count(i), b.acc(i));
            int pos = java.util.Arrays.binarySearch(sweepIdx, 0, n, j);
            if (pos >= 0) {
                // the state's copy is about to be removed: merge into it (state first, as flush)
                sweepVals[pos] = mergeInto(sweepVals[pos], acc);
                continue;
            }
            if (n == sweepIdx.length) {
                sweepIdx = java.util.Arrays.copyOf(sweepIdx, n * 2);
                sweepVals = java.util.Arrays.copyOf(sweepVals, n * 2);
                sweepSuffix = java.util.Arrays.copyOf(sweepSuffix, n * 2);
            }
            int at = -pos - 1;
            System.arraycopy(sweepIdx, at, sweepIdx, at + 1, n - at);
            System.arraycopy(sweepVals, at, sweepVals, at + 1, n - at);
            sweepIdx[at] = j;
            sweepVals[at] = acc;
            n++;
        }
        long first = Math.max(meta[C] + slices.slicesPerStep(), slices.firstWindowEnd(sweepIdx[0]));
        long last =
                Math.min(
                        slices.lastWindowEndAtOrBefore(watermark),
                        slices.lastWindowEnd(sweepIdx[n - 1]));
        if (first <= last) {
            emitSwept(n, first, last);
        }
        for (int t = 0; t < loaded; t++) {
            rawState.remove(loadedIdx[t]);
        }
        sweepRunning = null;
        java.util.Arrays.fill(sweepVals, 0, n, null);
        java.util.Arrays.fill(sweepSuffix, 0, n, null);
        clearKey(meta, true);
    }

    /**
     * Emits the windows of a key without state from its buffered slices if all of them expire at
     * {@code watermark}; returns false (and does nothing) otherwise.
     */
    private boolean fireFromBuffer(BufferedSlices<A> b, long watermark) {
        int n = b.size();
        for (int i = 0; i < n; i++) {
            if (cleanupTime(slices.lastWindowEnd(b.slice(i))) > watermark) {
                return false;
            }
        }
        if (n > sweepIdx.length) {
            sweepIdx = new long[n];
            sweepVals = java.util.Arrays.copyOf(sweepVals, n);
            sweepSuffix = java.util.Arrays.copyOf(sweepSuffix, n);
        }
        // insertion sort: a key rarely touches more than two slices between watermarks
        for (int i = 0; i < n; i++) {
            long j = b.slice(i);
            Tuple2<Long, A> acc = Tuple2.of(b.count(i), b.acc(i));
            int t = i;
            while (t > 0 && sweepIdx[t - 1] > j) {
                sweepIdx[t] = sweepIdx[t - 1];
                sweepVals[t] = sweepVals[t - 1];
                t--;
            }
            sweepIdx[t] = j;
            sweepVals[t] = acc;
        }
        // the key has no state: no window of it fired before, all of its windows fire now
        long first = slices.firstWindowEnd(sweepIdx[0]);
        long last = slices.lastWindowEnd(sweepIdx[n - 1]);
        emitSwept(n, first, last);
        sweepRunning = null;
        java.util.Arrays.fill(sweepVals, 0, n, null);
        java.util.Arrays.fill(sweepSuffix, 0, n, null);
        return true;
    }

    // ---------------------------------------------------------------------------------------
    // Timers

    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        long[] meta = metaState.value();
        if (meta == null) {
            return;
        }
        meta[TIMER] = NONE;
        // The timer service advances its watermark before firing: every window of this key that
        // ends at or before it is final, so all of them fire in this one callback.
        long time = Math.max(timer.getTimestamp(), timers.currentWatermark());
        long step = slices.slicesPerStep();
        long first = Math.max(meta[C] + step, slices.firstWindowEnd(meta[MIN_RAW]));
        long last =
                Math.min(slices.lastWindowEndAtOrBefore(time), slices.lastWindowEnd(meta[MAX_RAW]));
        boolean rawCleared = false;
        if (first <= last && sweepPays(first, last, meta, time)) {
            rawCleared = sweep(meta, first, last, time);
        } else {
            for (long e = first; e <= last; e += step) {
                fire(meta, e);
            }
            cleanup(meta, time);
        }
        if (meta[MIN_RAW] > meta[MAX_RAW]) {
            clearKey(meta, rawCleared);
            return;
        }
        schedule(meta);
        metaState.update(meta);
    }

    /**
     * Whether firing windows {@code first..last} from one read of all the key's slices is cheaper
     * than the incremental path: when the key expires (no stack to write back), or when the
     * incremental path would rebuild its stacks anyway.
     */
    private boolean sweepPays(long first, long last, long[] meta, long time) {
        if (cleanupTime(slices.lastWindowEnd(meta[MAX_RAW])) <= time) {
            return true;
        }
        switch (slices.kind()) {
            case TUMBLING:
            case CUMULATIVE:
                return last > first;
            default:
                return last - first + slices.slicesPerStep() >= slices.slicesPerWindow();
        }
    }

    /**
     * Fires windows {@code first..last} (by end index) from one read of the key's slices, in
     * memory; then removes the slices that expire at {@code time} and writes back the stacks the
     * incremental path continues from. Returns whether no slice is left.
     */
    private boolean sweep(long[] meta, long first, long last, long time) throws Exception {
        int n = loadSlices();
        emitSwept(n, first, last);
        meta[C] = last;
        meta[DIRTY] = 0;
        int keep = 0;
        while (keep < n && cleanupTime(slices.lastWindowEnd(sweepIdx[keep])) <= time) {
            keep++;
        }
        for (int t = 0; t < keep; t++) {
            rawState.remove(sweepIdx[t]);
        }
        boolean empty = keep == n;
        if (empty) {
            meta[MIN_RAW] = Long.MAX_VALUE;
            meta[MAX_RAW] = Long.MIN_VALUE;
        } else {
            meta[MIN_RAW] = sweepIdx[keep];
            if (slices.kind() == SliceAssigner.Kind.SLIDING) {
                writeBackFront(meta, keep, n, last);
            } else if (slices.kind() == SliceAssigner.Kind.CUMULATIVE) {
                if (sweepRunning == null) {
                    runningState.clear();
                } else {
                    runningState.update(sweepRunning);
                }
            }
        }
        sweepRunning = null;
        java.util.Arrays.fill(sweepVals, 0, n, null);
        java.util.Arrays.fill(sweepSuffix, 0, n, null);
        return empty;
    }

    /** Emits windows {@code first..last} from the slices in {@code sweepIdx}/{@code sweepVals}. */
    private void emitSwept(int n, long first, long last) {
        switch (slices.kind()) {
            case TUMBLING:
                for (int t = 0; t < n; t++) {
                    if (sweepIdx[t] >= first && sweepIdx[t] <= last) {
                        emit(sweepIdx[t], sweepVals[t], false);
                    }
                }
                break;
            case CUMULATIVE:
                sweepCumulative(n, first, last);
                break;
            default:
                sweepSliding(n, first, last);
        }
    }

    /** Reads every slice of the current key into {@code sweepIdx}/{@code sweepVals}, sorted. */
    private int loadSlices() throws Exception {
        int n = 0;
        boolean sorted = true;
        for (Map.Entry<Long, Tuple2<Long, A>> entry : rawState.entries()) {
            if (n == sweepIdx.length) {
                sweepIdx = java.util.Arrays.copyOf(sweepIdx, n * 2);
                sweepVals = java.util.Arrays.copyOf(sweepVals, n * 2);
                sweepSuffix = java.util.Arrays.copyOf(sweepSuffix, n * 2);
            }
            long j = entry.getKey();
            sorted &= n == 0 || sweepIdx[n - 1] < j;
            sweepIdx[n] = j;
            sweepVals[n] = entry.getValue();
            n++;
        }
        if (!sorted) {
            long[] idx = java.util.Arrays.copyOf(sweepIdx, n);
            java.util.Arrays.sort(idx);
            @SuppressWarnings("unchecked")
            Tuple2<Long, A>[] vals = new Tuple2[n];
            for (int t = 0; t < n; t++) {
                vals[java.util.Arrays.binarySearch(idx, sweepIdx[t])] = sweepVals[t];
            }
            System.arraycopy(idx, 0, sweepIdx, 0, n);
            System.arraycopy(vals, 0, sweepVals, 0, n);
        }
        return n;
    }

    /**
     * Sliding windows over the loaded slices with two stacks in memory: positions {@code [lo, fe)}
     * hold suffix aggregates (front), {@code back} aggregates positions {@code [fe, hi)}. Slice
     * objects are never modified (on the heap backend they are the state's own objects).
     */
    private void sweepSliding(int n, long first, long last) {
        long k = slices.slicesPerWindow();
        long p = slices.slicesPerStep();
        int lo = 0;
        int hi = 0;
        int fe = 0;
        Tuple2<Long, A> back = null;
        long e = first;
        while (e <= last) {
            while (hi < n && sweepIdx[hi] <= e) {
                back =
                        back == null
                                ? countedSerializer.copy(sweepVals[hi])
                                : mergeInto(back, sweepVals[hi]);
                hi++;
            }
            long start = e - k + 1;
            while (lo < hi && sweepIdx[lo] < start) {
                lo++;
            }
            if (lo == hi) {
                // no slice in this window: skip to the first window of the next slice
                back = null;
                fe = hi;
                if (hi == n) {
                    break;
                }
                e = Math.max(e + p, slices.firstWindowEnd(sweepIdx[hi]));
                continue;
            }
            if (lo >= fe) {
                Tuple2<Long, A> run = null;
                for (int t = hi - 1; t >= lo; t--) {
                    run =
                            run == null
                                    ? sweepVals[t]
                                    : mergeInto(countedSerializer.copy(run), sweepVals[t]);
                    sweepSuffix[t] = run;
                }
                fe = hi;
                back = null;
            }
            // after a rebuild fe == hi > lo: the front is never empty here
            Tuple2<Long, A> window =
                    back == null
                            ? sweepSuffix[lo]
                            : mergeInto(countedSerializer.copy(sweepSuffix[lo]), back);
            emit(e, window, false);
            e += p;
        }
    }

    /** Cumulative windows over the loaded slices: a running accumulator per period. */
    private void sweepCumulative(int n, long first, long last) {
        int t = 0;
        long period = Long.MIN_VALUE;
        Tuple2<Long, A> run = null;
        long e = first;
        while (e <= last) {
            long start = slices.firstSlice(e);
            if (start != period) {
                // periods only move forward: slices before the new period are behind t or skipped
                period = start;
                run = null;
                while (t < n && sweepIdx[t] < start) {
                    t++;
                }
            }
            while (t < n && sweepIdx[t] <= e) {
                run =
                        run == null
                                ? countedSerializer.copy(sweepVals[t])
                                : mergeInto(run, sweepVals[t]);
                t++;
            }
            if (run != null) {
                emit(e, run, false);
                e++;
            } else if (t == n) {
                break;
            } else {
                e = Math.max(e + 1, sweepIdx[t]);
            }
        }
        // the running accumulator of the period of window `last`, for the incremental path
        sweepRunning = period == slices.firstSlice(last) ? run : null;
    }

    /**
     * After a sweep up to window {@code last}: the front stack holds the suffix aggregates of the
     * surviving slices of window {@code last} from the next window's start, the back is empty.
     */
    private void writeBackFront(long[] meta, int keep, int n, long last) throws Exception {
        if (meta[A_] < meta[B]) {
            suffixState.clear();
        }
        runningState.clear();
        long a = last + slices.slicesPerStep() - slices.slicesPerWindow() + 1;
        Tuple2<Long, A> run = null;
        int t = n - 1;
        while (t >= keep && sweepIdx[t] > last) {
            t--;
        }
        for (long i = last; i >= a; i--) {
            if (t >= keep && sweepIdx[t] == i) {
                run =
                        run == null
                                ? countedSerializer.copy(sweepVals[t])
                                : mergeInto(countedSerializer.copy(run), sweepVals[t]);
                t--;
            }
            if (run != null) {
                suffixState.put(i, run);
            }
        }
        meta[A_] = a;
        meta[B] = last + 1;
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) {
        // event time only
    }

    /** Registers the one timer of the current key: next window end with data, or next cleanup. */
    private void schedule(long[] meta) {
        long next = NONE;
        if (meta[MIN_RAW] <= meta[MAX_RAW]) {
            long e =
                    Math.max(
                            meta[C] + slices.slicesPerStep(), slices.firstWindowEnd(meta[MIN_RAW]));
            next = cleanupTime(slices.lastWindowEnd(meta[MIN_RAW]));
            if (e <= slices.lastWindowEnd(meta[MAX_RAW])) {
                next = Math.min(next, slices.fireTime(e));
            }
        }
        if (next != meta[TIMER]) {
            if (meta[TIMER] != NONE) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, meta[TIMER]);
            }
            if (next != NONE) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, next);
            }
            meta[TIMER] = next;
        }
    }

    private long cleanupTime(long windowEnd) {
        return TimeMath.add(slices.fireTime(windowEnd), lateness);
    }

    /** Removes slices whose last window is past its cleanup time at {@code time}. */
    private void cleanup(long[] meta, long time) throws Exception {
        while (meta[MIN_RAW] <= meta[MAX_RAW]
                && cleanupTime(slices.lastWindowEnd(meta[MIN_RAW])) <= time) {
            long j = meta[MIN_RAW];
            rawState.remove(j);
            meta[MIN_RAW] = nextExistingSlice(j, meta[MAX_RAW]);
        }
    }

    private long nextExistingSlice(long j, long maxRaw) throws Exception {
        if (j >= maxRaw) {
            return Long.MAX_VALUE;
        }
        if (rawState.contains(j + 1)) {
            return j + 1;
        }
        long min = Long.MAX_VALUE;
        for (Iterator<Long> it = rawState.keys().iterator(); it.hasNext(); ) {
            long candidate = it.next();
            if (candidate > j && candidate < min) {
                min = candidate;
            }
        }
        return min;
    }

    private void clearKey(long[] meta, boolean rawCleared) throws Exception {
        if (meta[TIMER] != NONE) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, meta[TIMER]);
        }
        if (!rawCleared) {
            rawState.clear();
        }
        if (slices.kind() == SliceAssigner.Kind.SLIDING && meta[A_] < meta[B]) {
            // suffix aggregates exist only for indices in [A, B)
            suffixState.clear();
        }
        if (slices.kind() != SliceAssigner.Kind.TUMBLING) {
            runningState.clear();
        }
        metaState.clear();
    }

    // ---------------------------------------------------------------------------------------
    // Window combination

    private void fire(long[] meta, long e) throws Exception {
        Tuple2<Long, A> window;
        switch (slices.kind()) {
            case TUMBLING:
                window = rawState.get(e);
                break;
            case CUMULATIVE:
                window = fireCumulative(meta, e);
                break;
            default:
                window = fireSliding(meta, e);
        }
        meta[C] = e;
        meta[DIRTY] = 0;
        if (window != null && window.f0 > 0) {
            emit(e, window, false);
        }
    }

    private Tuple2<Long, A> fireCumulative(long[] meta, long e) throws Exception {
        long first = slices.firstSlice(e);
        Tuple2<Long, A> running;
        if (meta[DIRTY] != 0 || meta[C] < first) {
            running = combineRange(first, e);
        } else {
            running = runningState.value();
            Tuple2<Long, A> added = combineRange(meta[C] + 1, e);
            if (running == null) {
                running = added;
            } else if (added != null) {
                running = mergeInto(running, added);
            }
        }
        if (running == null) {
            runningState.clear();
        } else {
            runningState.update(running);
        }
        return running;
    }

    /** Two stacks: front = suffix aggregates of slices [a, b), back = aggregate of [b, e]. */
    private Tuple2<Long, A> fireSliding(long[] meta, long e) throws Exception {
        long k = slices.slicesPerWindow();
        Tuple2<Long, A> back;
        if (meta[DIRTY] != 0 || e - meta[C] > k) {
            rebuildFront(meta, e);
            back = null;
        } else {
            back = runningState.value();
            boolean backChanged = false;
            // only indices that can hold a slice: after the data ends, windows only evict
            for (long i = Math.max(meta[C] + 1, meta[MIN_RAW]);
                    i <= Math.min(e, meta[MAX_RAW]);
                    i++) {
                Tuple2<Long, A> r = rawState.get(i);
                if (r != null) {
                    back = back == null ? countedSerializer.copy(r) : mergeInto(back, r);
                    backChanged = true;
                }
            }
            long newA = e - k + 1;
            for (long i = meta[A_]; i < Math.min(newA, meta[B]); i++) {
                suffixState.remove(i);
            }
            meta[A_] = newA;
            if (meta[A_] >= meta[B]) {
                rebuildFront(meta, e);
                back = null;
            } else if (backChanged) {
                runningState.update(back);
            }
        }
        Tuple2<Long, A> front = meta[A_] < meta[B] ? suffixState.get(meta[A_]) : null;
        if (front == null) {
            return back;
        }
        Tuple2<Long, A> result = countedSerializer.copy(front);
        return back == null ? result : mergeInto(result, back);
    }

    /** Recomputes the front stack as suffix aggregates of the window's slices; empties the back. */
    private void rebuildFront(long[] meta, long e) throws Exception {
        for (long i = meta[A_]; i < meta[B] && i <= e; i++) {
            suffixState.remove(i);
        }
        long first = e - slices.slicesPerWindow() + 1;
        Tuple2<Long, A> run = null;
        for (long i = e; i >= first; i--) {
            Tuple2<Long, A> r = rawState.get(i);
            if (r != null) {
                run =
                        run == null
                                ? countedSerializer.copy(r)
                                : mergeInto(countedSerializer.copy(run), r);
            }
            if (run != null) {
                suffixState.put(i, run);
            }
        }
        meta[A_] = first;
        meta[B] = e + 1;
        runningState.clear();
    }

    /** The combination of slices {@code [from, to]} (a fresh object), or null if all empty. */
    private Tuple2<Long, A> combineRange(long from, long to) throws Exception {
        Tuple2<Long, A> acc = null;
        for (long i = from; i <= to; i++) {
            Tuple2<Long, A> r = rawState.get(i);
            if (r != null) {
                acc = acc == null ? countedSerializer.copy(r) : mergeInto(acc, r);
            }
        }
        return acc;
    }

    private Tuple2<Long, A> mergeInto(Tuple2<Long, A> acc, Tuple2<Long, A> other) {
        acc.f0 += other.f0;
        acc.f1 = aggregator.merge(acc.f1, other.f1);
        return acc;
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
