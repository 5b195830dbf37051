package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializer;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * The slicing operator's keyed state, for the current key: slices ({@code "slices"}: slice index ->
 * (event count, accumulator)), the sliding front stack ({@code "suffix-aggregates"}), the running
 * aggregate ({@code "running-aggregate"}: the sliding back stack or the cumulative period's
 * aggregate) and the {@link SliceBookkeeping} ({@code "slice-bookkeeping"}). The state names,
 * serializers and layouts are the savepoint format: do not change them without a migration.
 *
 * <p>The bookkeeping may sit behind a {@link BookkeepingCache} (then the operator writes it back
 * before every snapshot); the sliding stacks then live on the heap in the cached bookkeeping
 * ({@link HeapStacks}, see {@link #stacks}) and {@code "suffix-aggregates"} and {@code
 * "running-aggregate"} are only read to remove what an earlier writer stored. Slices are always
 * read and written directly.
 *
 * <p>A counted accumulator is a {@code Tuple2<Long, A>}: the number of events and the aggregate
 * (windows without events are not emitted). Values read from state may be the state's own objects
 * (heap backend): {@link #copy} before modifying one that stays in state.
 */
final class SliceStore<A> {
    /** The name of the bookkeeping state. */
    static final String BOOKKEEPING = "slice-bookkeeping";

    private final Aggregator<?, A, ?> aggregator;
    private final TypeSerializer<Tuple2<Long, A>> counted;
    // copies accumulators for copy(): TupleSerializer.copy instantiates through Class.newInstance,
    // whose caller check walks the stack (about 4 % of a sliding run at 100k keys on G1)
    private final TypeSerializer<A> accumulatorCopier;
    private final MapState<Long, Tuple2<Long, A>> slices;
    private final MapState<Long, Tuple2<Long, A>> suffixes;
    private final ValueState<Tuple2<Long, A>> running;
    private final ValueState<long[]> bookkeeping;
    private BookkeepingCache cache; // null: the bookkeeping is read and written in state directly
    private HeapStacks.Budget stackBudget; // null: the sliding stacks are in state
    private boolean sliding;
    // heap backend without a cache: the state's stored bookkeeping arrays are overwritten in place
    private boolean inPlace;
    // heap backend with a cache: the heap stacks remember the very slice objects the heap state
    // holds, which a running snapshot may still share, so they are never merged into in place
    private boolean sharedSlices;
    private final SlidingStacks<A> stateStacks = new StateStacks();

    @SuppressWarnings({"unchecked", "rawtypes"})
    SliceStore(Aggregator<?, A, ?> aggregator, RuntimeContext context) {
        this.aggregator = aggregator;
        this.accumulatorCopier = aggregator.accumulatorSerializer();
        this.counted =
                new TupleSerializer<>(
                        (Class) Tuple2.class,
                        new TypeSerializer<?>[] {
                            LongSerializer.INSTANCE, aggregator.accumulatorSerializer()
                        });
        this.slices =
                context.getMapState(
                        new MapStateDescriptor<>("slices", LongSerializer.INSTANCE, counted));
        this.suffixes =
                context.getMapState(
                        new MapStateDescriptor<>(
                                "suffix-aggregates", LongSerializer.INSTANCE, counted));
        this.running = context.getState(new ValueStateDescriptor<>("running-aggregate", counted));
        this.bookkeeping =
                context.getState(
                        new ValueStateDescriptor<>(
                                BOOKKEEPING, LongPrimitiveArraySerializer.INSTANCE));
    }

    /**
     * Puts a {@link BookkeepingCache} in front of the bookkeeping state if {@code bound} asks for
     * one: {@link SlicingWindowOperator#AUTO_BOOKKEEPING_CACHE} on serializing backends, and for
     * sliding windows on the heap backend ({@code heap}), with the automatic bounds; 0 none; else
     * at most {@code bound} keys. {@code stackBytes}: the estimated heap size of the sliding stacks
     * it holds, or automatic.
     *
     * <p>On the heap backend a sliding key's fire otherwise looks the key up in four state maps
     * (bookkeeping, running aggregate, suffix aggregates, new slices); with the cache it looks it
     * up once, in the cache, whose entry holds the bookkeeping and the stacks.
     */
    void cacheBookkeeping(
            KeyContext keys,
            TypeSerializer<?> keySerializer,
            boolean heap,
            int bound,
            long stackBytes,
            SliceAssigner.Kind kind) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        boolean slidingOnHeap = heap && kind == SliceAssigner.Kind.SLIDING;
        if (bound == SlicingWindowOperator.AUTO_BOOKKEEPING_CACHE) {
            bound =
                    !heap
                            ? BookkeepingCache.heapBound(maxHeap)
                            : slidingOnHeap ? BookkeepingCache.heapBackendBound(maxHeap) : 0;
        }
        inPlace = heap && bound == 0;
        sharedSlices = heap && bound > 0;
        if (bound > 0) {
            cacheBookkeeping(
                    keys,
                    keySerializer,
                    bound,
                    stackBytes == SlicingWindowOperator.AUTO_BOOKKEEPING_CACHE
                            ? HeapStacks.Budget.heapBudget(maxHeap, heap)
                            : stackBytes,
                    kind);
        }
    }

    /**
     * Puts a {@link BookkeepingCache} of at most {@code bound} keys in front of the bookkeeping
     * state, and the sliding stacks on the heap within an estimated {@code stackBytes}; {@link
     * #writeBack} must then run before every snapshot of the keyed state.
     */
    private void cacheBookkeeping(
            KeyContext keys,
            TypeSerializer<?> keySerializer,
            int bound,
            long stackBytes,
            SliceAssigner.Kind kind) {
        sliding = kind == SliceAssigner.Kind.SLIDING;
        stackBudget = new HeapStacks.Budget(counted, stackBytes);
        cache = new BookkeepingCache(bookkeeping, keys, keySerializer, bound, stackBudget);
    }

    /**
     * The current key's sliding stacks: in state, or with a bookkeeping cache on the heap in {@code
     * b} (created empty; if state may hold stacks of the key, they are removed and {@code b} marked
     * dirty so that the caller rebuilds them).
     */
    @SuppressWarnings("unchecked")
    SlidingStacks<A> stacks(SliceBookkeeping b) throws Exception {
        if (stackBudget == null) {
            // read from a heap-stacks writer: dirty, the rebuild below stores them in state
            b.stacksOnHeap = false;
            return stateStacks;
        }
        if (b.heapStacks == null) {
            if (b.stacksInState) {
                removeStateStacks(b);
                b.stacksInState = false;
                b.dirty = true;
            }
            b.heapStacks = new HeapStacks<A>(stackBudget, Math.max(b.maxSlice, b.lastFired));
            b.stacksOnHeap = true;
        }
        return (SlidingStacks<A>) b.heapStacks;
    }

    /** Whether the sliding stacks live on the heap (then a rebuild iterates the slices). */
    boolean stacksOnHeap() {
        return stackBudget != null;
    }

    /** Removes the stacks an earlier writer may have stored: known indices, no prefix scan. */
    private void removeStateStacks(SliceBookkeeping b) throws Exception {
        for (long i = b.frontStart; i < b.backStart; i++) {
            suffixes.remove(i);
        }
        running.clear();
    }

    /** Writes cached bookkeeping to state (see {@link #cacheBookkeeping}); changes the key. */
    void writeBack() throws Exception {
        if (cache != null) {
            cache.writeBack();
        }
    }

    /** The bookkeeping cache as stand-ins for keys in bucketed timers, or null without one. */
    BucketedTimers.Handles timerHandles() {
        return cache;
    }

    /** The current key's bookkeeping, or null if it has no state. */
    SliceBookkeeping bookkeeping() throws Exception {
        if (cache != null) {
            return cache.get();
        }
        long[] stored = bookkeeping.value();
        if (stored == null) {
            return null;
        }
        SliceBookkeeping b = SliceBookkeeping.fromState(stored);
        if (inPlace) {
            b.stored = stored;
        }
        return b;
    }

    /**
     * The timer in the current key's bookkeeping state ({@link SliceBookkeeping#NO_TIMER} if none),
     * read from the state even behind a cache.
     */
    long storedTimer() throws Exception {
        long[] stored = bookkeeping.value();
        return stored == null
                ? SliceBookkeeping.NO_TIMER
                : SliceBookkeeping.fromState(stored).timer;
    }

    /**
     * Stores {@code b} as the current key's bookkeeping (after changing it, always).
     *
     * <p>On the heap backend {@code b} is written into the state's own array when it was read from
     * one in this call: {@code value()} returns the map's object, copied first if a snapshot still
     * holds it, so an in-place write is a state write. It allocates nothing and stores no
     * reference, which matters at a million keys that each fire every slide: a new array per fire
     * lived until the key's next fire, was promoted, and every young collection scanned the state
     * map entries that pointed to it.
     */
    void save(SliceBookkeeping b) throws Exception {
        if (cache != null) {
            cache.put(b);
        } else if (b.stored != null) {
            b.writeTo(b.stored);
        } else {
            long[] stored = b.toState();
            bookkeeping.update(stored);
            if (inPlace) {
                b.stored = stored;
            }
        }
    }

    Tuple2<Long, A> slice(long j) throws Exception {
        return slices.get(j);
    }

    /** Sets slice {@code j} of the key of {@code b} to {@code value}. */
    void putSlice(SliceBookkeeping b, long j, Tuple2<Long, A> value) throws Exception {
        slices.put(j, value);
        HeapStacks<A> heap = heapStacks(b);
        if (heap != null) {
            heap.slicePut(j, value);
        }
    }

    /** Removes slice {@code j} of the key of {@code b}. */
    void removeSlice(SliceBookkeeping b, long j) throws Exception {
        slices.remove(j);
        b.exclude(j);
        HeapStacks<A> heap = heapStacks(b);
        if (heap != null) {
            heap.sliceRemoved(j);
        }
    }

    /** Adds {@code value} to slice {@code j} (state first, as every merge) and records it in b. */
    void addToSlice(SliceBookkeeping b, long j, Tuple2<Long, A> value) throws Exception {
        // sliding keys on the heap remember the new slice for their next window (no state read)
        HeapStacks<A> heap = sliding && stackBudget != null ? (HeapStacks<A>) stacks(b) : null;
        Tuple2<Long, A> existing;
        if (heap != null && j > heap.knownAbove()) {
            existing = heap.slice(j);
            if (existing != null && sharedSlices) {
                // the heap state's own object, which a running snapshot may still hold
                existing = copy(existing);
            }
        } else {
            existing = b.mayHaveSlice(j) ? slices.get(j) : null;
        }
        Tuple2<Long, A> merged = existing == null ? value : mergeInto(existing, value);
        slices.put(j, merged);
        if (heap != null) {
            heap.slicePut(j, merged);
        }
        b.include(j);
    }

    @SuppressWarnings("unchecked")
    private HeapStacks<A> heapStacks(SliceBookkeeping b) {
        return (HeapStacks<A>) b.heapStacks;
    }

    Tuple2<Long, A> running() throws Exception {
        return running.value();
    }

    /** Stores the running aggregate; null clears it. */
    void setRunning(Tuple2<Long, A> value) throws Exception {
        if (value == null) {
            running.clear();
        } else {
            running.update(value);
        }
    }

    /**
     * Removes all state of the current key: slices (unless already removed), the suffix aggregates
     * if {@code b} says any exist, the running aggregate, the bookkeeping.
     */
    void clearKey(SliceBookkeeping b, boolean slicesCleared, SliceAssigner.Kind kind)
            throws Exception {
        if (!slicesCleared) {
            slices.clear();
        }
        if (kind == SliceAssigner.Kind.SLIDING && stackBudget != null) {
            if (b.heapStacks != null) {
                b.heapStacks.drop();
                b.heapStacks = null;
            }
            if (b.stacksInState) {
                removeStateStacks(b);
            }
        } else {
            if (kind == SliceAssigner.Kind.SLIDING && b.hasFront()) {
                // suffix aggregates exist only for indices in [frontStart, backStart)
                suffixes.clear();
            }
            if (kind != SliceAssigner.Kind.TUMBLING) {
                running.clear();
            }
        }
        if (cache != null) {
            cache.remove();
        } else {
            bookkeeping.clear();
            b.stored = null;
        }
    }

    /** The combination of slices {@code [from, to]} (a fresh object), or null if all empty. */
    Tuple2<Long, A> combineRange(long from, long to) throws Exception {
        Tuple2<Long, A> acc = null;
        for (long i = from; i <= to; i++) {
            Tuple2<Long, A> r = slices.get(i);
            if (r != null) {
                acc = acc == null ? copy(r) : mergeInto(acc, r);
            }
        }
        return acc;
    }

    /**
     * The smallest existing slice index of {@code b}'s key after {@code j} (up to its {@code
     * maxSlice}), or MAX_VALUE: from the bookkeeping's presence when it tells, else from state.
     */
    long nextExistingSlice(SliceBookkeeping b, long j) throws Exception {
        long max = b.maxSlice;
        if (j >= max) {
            return Long.MAX_VALUE;
        }
        long known = b.nextSliceAbove(j);
        if (known != Long.MIN_VALUE) {
            return known;
        }
        if (slices.contains(j + 1)) {
            return j + 1;
        }
        long min = Long.MAX_VALUE;
        for (Iterator<Long> it = slices.keys().iterator(); it.hasNext(); ) {
            long candidate = it.next();
            if (candidate > j && candidate < min) {
                min = candidate;
            }
        }
        return min;
    }

    /** Reads every slice of the current key into {@code into}, sorted by index. */
    void loadSlices(SweptSlices<A> into) throws Exception {
        into.clear();
        for (Map.Entry<Long, Tuple2<Long, A>> entry : slices.entries()) {
            into.append(entry.getKey(), entry.getValue());
        }
        into.sortIfNeeded();
    }

    /** A deep copy of {@code value} (the count is immutable, the accumulator copied). */
    Tuple2<Long, A> copy(Tuple2<Long, A> value) {
        return Tuple2.of(value.f0, accumulatorCopier.copy(value.f1));
    }

    /** Merges {@code other} into {@code acc} (modified and returned). */
    Tuple2<Long, A> mergeInto(Tuple2<Long, A> acc, Tuple2<Long, A> other) {
        acc.f0 += other.f0;
        acc.f1 = aggregator.merge(acc.f1, other.f1);
        return acc;
    }

    /** The sliding stacks in keyed state. */
    private final class StateStacks implements SlidingStacks<A> {
        @Override
        public Tuple2<Long, A> suffix(long i) throws Exception {
            return suffixes.get(i);
        }

        @Override
        public void putSuffix(long i, Tuple2<Long, A> value) throws Exception {
            suffixes.put(i, value);
        }

        @Override
        public void removeSuffix(long i) throws Exception {
            suffixes.remove(i);
        }

        @Override
        public void clearSuffixes() {
            suffixes.clear();
        }

        @Override
        public Tuple2<Long, A> running() throws Exception {
            return running.value();
        }

        @Override
        public void setRunning(Tuple2<Long, A> value) throws Exception {
            SliceStore.this.setRunning(value);
        }
    }
}
