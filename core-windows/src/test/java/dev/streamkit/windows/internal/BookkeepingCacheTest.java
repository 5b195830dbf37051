package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.junit.jupiter.api.Test;

/**
 * {@link BookkeepingCache} against a counting in-memory keyed state: reads reach the state once per
 * cached key, writes only at write-back, removal touches the state only when it may hold a value,
 * and a full cache writes everything back before dropping it.
 */
class BookkeepingCacheTest {

    /** One value per key, with counters of the state calls. */
    private static final class CountingState implements ValueState<long[]>, KeyContext {
        final Map<Object, long[]> values = new HashMap<>();
        Object key;
        int reads;
        int writes;
        int clears;

        @Override
        public long[] value() {
            reads++;
            return values.get(key);
        }

        @Override
        public void update(long[] value) {
            writes++;
            values.put(key, value);
        }

        @Override
        public void clear() {
            clears++;
            values.remove(key);
        }

        @Override
        public void setCurrentKey(Object key) {
            this.key = key;
        }

        @Override
        public Object getCurrentKey() {
            return key;
        }
    }

    private static final TypeSerializer<Long> LONGS =
            Types.LONG.createSerializer(new SerializerConfigImpl());

    private static SliceBookkeeping bookkeeping(long lastFired) {
        return SliceBookkeeping.fresh(lastFired);
    }

    @Test
    void readsStateOncePerKeyAndWritesOnlyAtWriteBack() throws Exception {
        CountingState state = new CountingState();
        state.setCurrentKey(1L);
        state.update(bookkeeping(41).toState());
        state.writes = 0;
        BookkeepingCache cache = new BookkeepingCache(state, state, LONGS, 100, null);

        SliceBookkeeping b = cache.get();
        assertThat(b.lastFired).isEqualTo(41);
        b.lastFired = 42;
        cache.put(b);
        assertThat(cache.get().lastFired).isEqualTo(42);
        assertThat(state.reads).isEqualTo(1);
        assertThat(state.writes).isZero();
        assertThat(state.values.get(1L)[0]).as("state is stale until the write-back").isEqualTo(41);

        cache.writeBack();
        assertThat(state.writes).isEqualTo(1);
        assertThat(state.values.get(1L)[0]).isEqualTo(42);
        cache.writeBack();
        assertThat(state.writes).as("clean entries are not written again").isEqualTo(1);
        assertThat(cache.size()).as("written-back entries stay cached").isEqualTo(1);
    }

    @Test
    void keyWithoutStateIsCachedAndItsRemovalNeverTouchesTheState() throws Exception {
        CountingState state = new CountingState();
        BookkeepingCache cache = new BookkeepingCache(state, state, LONGS, 100, null);
        state.setCurrentKey(7L);

        assertThat(cache.get()).isNull();
        assertThat(cache.get()).isNull();
        assertThat(state.reads).as("the absence is cached").isEqualTo(1);
        cache.put(bookkeeping(3));
        cache.remove();
        assertThat(state.clears).as("never written: nothing to clear").isZero();
        assertThat(state.writes).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void removalOfAStoredKeyClearsTheState() throws Exception {
        CountingState state = new CountingState();
        state.setCurrentKey(5L);
        state.update(bookkeeping(9).toState());
        BookkeepingCache cache = new BookkeepingCache(state, state, LONGS, 100, null);

        cache.get();
        cache.remove();
        assertThat(state.values).isEmpty();
        assertThat(state.clears).isEqualTo(1);

        // a put without a get (state unknown) also clears on removal
        state.setCurrentKey(6L);
        state.update(bookkeeping(1).toState());
        cache.put(bookkeeping(2));
        cache.remove();
        assertThat(state.values).isEmpty();
    }

    @Test
    void aFullCacheWritesEverythingBackAndKeepsTheCurrentKey() throws Exception {
        CountingState state = new CountingState();
        BookkeepingCache cache = new BookkeepingCache(state, state, LONGS, 3, null);
        for (long k = 0; k < 3; k++) {
            state.setCurrentKey(k);
            cache.get();
            cache.put(bookkeeping(100 + k));
        }
        assertThat(state.writes).isZero();

        state.setCurrentKey(3L);
        cache.get(); // the fourth key: evicts the three others after writing them back
        assertThat(state.getCurrentKey()).isEqualTo(3L);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(state.values).containsOnlyKeys(0L, 1L, 2L);
        assertThat(state.values.get(2L)[0]).isEqualTo(102);

        state.setCurrentKey(1L);
        assertThat(cache.get().lastFired).as("reloaded from state").isEqualTo(101);
    }

    @Test
    void heapStacksOverBudgetEvictEveryEntryAndStoreThemAsToRebuild() throws Exception {
        CountingState state = new CountingState();
        HeapStacks.Budget budget =
                new HeapStacks.Budget(
                        new org.apache.flink.api.java.typeutils.runtime.TupleSerializer<>(
                                castTuple(),
                                new TypeSerializer<?>[] {
                                    LONGS,
                                    org.apache.flink.api.common.typeutils.base.array
                                            .LongPrimitiveArraySerializer.INSTANCE
                                }),
                        250);
        BookkeepingCache cache = new BookkeepingCache(state, state, LONGS, 100, budget);
        state.setCurrentKey(0L);
        cache.get();
        SliceBookkeeping b = bookkeeping(7);
        HeapStacks<long[]> stacks = new HeapStacks<>(budget, 7);
        b.heapStacks = stacks;
        b.stacksOnHeap = true;
        stacks.setRunning(Tuple2.of(1L, new long[] {1}));
        cache.put(b);
        state.setCurrentKey(1L);
        cache.get(); // within budget: no eviction
        assertThat(cache.size()).isEqualTo(2);
        stacks.putSuffix(5, Tuple2.of(1L, new long[] {2}));
        stacks.putSuffix(4, Tuple2.of(1L, new long[] {3}));
        assertThat(budget.exceeded()).isTrue();

        state.setCurrentKey(2L);
        cache.get(); // over budget: everything written back and dropped
        assertThat(cache.size()).isEqualTo(1);
        assertThat(budget.held()).isZero();
        // the stacks are not stored: the stored bookkeeping says to rebuild them
        assertThat(state.values.get(0L)[6] & 3).isEqualTo(SliceBookkeeping.STACKS_NOT_STORED);
        state.setCurrentKey(0L);
        SliceBookkeeping reloaded = cache.get();
        assertThat(reloaded.heapStacks).isNull();
        assertThat(reloaded.dirty).isTrue();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Tuple2<Long, long[]>> castTuple() {
        return (Class) Tuple2.class;
    }

    @Test
    void cachedKeysAreCopiesOfMutableKeys() throws Exception {
        CountingState state = new CountingState();
        TypeSerializer<Tuple2<Integer, Integer>> tuples =
                new TupleTypeInfo<Tuple2<Integer, Integer>>(Types.INT, Types.INT)
                        .createSerializer(new SerializerConfigImpl());
        BookkeepingCache cache = new BookkeepingCache(state, state, tuples, 100, null);
        Tuple2<Integer, Integer> key = Tuple2.of(1, 2);
        state.setCurrentKey(key);
        cache.get();
        cache.put(bookkeeping(8));
        key.f0 = 99; // the caller reuses its key object

        state.setCurrentKey(Tuple2.of(1, 2));
        assertThat(cache.get()).isNotNull();
        assertThat(cache.get().lastFired).isEqualTo(8);
    }

    @Test
    void rejectsABoundBelowOne() {
        CountingState state = new CountingState();
        assertThatThrownBy(() -> new BookkeepingCache(state, state, LONGS, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bound");
    }

    @Test
    void automaticBoundsPerBackend() {
        long gib = 1L << 30;
        // serializing backends: one key per 10 KiB of heap, at least 10 000
        assertThat(BookkeepingCache.heapBound(4 * gib)).isEqualTo(419_430);
        assertThat(BookkeepingCache.heapBound(64L << 20)).isEqualTo(10_000);
        // heap backend (sliding windows): one key per 2 KiB
        assertThat(BookkeepingCache.heapBackendBound(12 * gib)).isEqualTo(6_291_456);
        assertThat(BookkeepingCache.heapBackendBound(4 * gib)).isEqualTo(2_097_152);
        assertThat(BookkeepingCache.heapBackendBound(16L << 20)).isEqualTo(10_000);
    }

    @Test
    void handlesStandForTheLastKeyReadOrPutAndFindItWithoutALookup() throws Exception {
        CountingState state = new CountingState();
        BookkeepingCache cache = new BookkeepingCache(state, state, LONGS, 100, null);
        state.setCurrentKey(Long.valueOf(1000L));
        assertThat(cache.currentHandle()).isNull();
        cache.put(bookkeeping(10));
        Object one = cache.currentHandle();
        assertThat(one).isNotNull();
        // an equal key object of another identity has the same handle
        state.setCurrentKey(Long.valueOf(1000L));
        assertThat(cache.currentHandle()).isSameAs(one);
        state.setCurrentKey(2L);
        assertThat(cache.currentHandle()).isNull();
        cache.put(bookkeeping(20));
        Object two = cache.currentHandle();
        assertThat(two).isNotSameAs(one);
        assertThat(cache.enter("a key, not a handle")).isFalse();

        assertThat(cache.enter(one)).isTrue();
        assertThat(state.getCurrentKey()).isEqualTo(1000L);
        assertThat(cache.get().lastFired).isEqualTo(10);
        assertThat(cache.enter(two)).isTrue();
        assertThat(state.getCurrentKey()).isEqualTo(2L);
        assertThat(cache.get().lastFired).isEqualTo(20);
        assertThat(state.reads).isZero();
    }

    @Test
    void aRemovedOrEvictedKeysHandleNeverBringsItsOldBookkeepingBack() throws Exception {
        CountingState state = new CountingState();
        BookkeepingCache cache = new BookkeepingCache(state, state, LONGS, 2, null);
        state.setCurrentKey(1L);
        cache.put(bookkeeping(10));
        Object removed = cache.currentHandle();
        cache.remove();
        assertThat(cache.enter(removed)).isTrue();
        assertThat(state.getCurrentKey()).isEqualTo(1L);
        assertThat(cache.get()).isNull();

        state.setCurrentKey(2L);
        cache.put(bookkeeping(20));
        Object evicted = cache.currentHandle();
        state.setCurrentKey(3L);
        cache.put(bookkeeping(30));
        state.setCurrentKey(4L);
        // full (1 without state, 2 and 3): everything is written back and dropped
        cache.put(bookkeeping(40));
        state.setCurrentKey(2L);
        // the state now holds key 2's bookkeeping; change it behind the dropped entry
        state.update(bookkeeping(21).toState());
        assertThat(cache.enter(evicted)).isTrue();
        assertThat(cache.get().lastFired).isEqualTo(21);
    }
}
