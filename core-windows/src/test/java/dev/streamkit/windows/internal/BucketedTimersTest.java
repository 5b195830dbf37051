package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.junit.jupiter.api.Test;

/**
 * {@link BucketedTimers}: Flink's timer order (by time; here registration order within a time),
 * timers registered while firing, keys copied on registration, lazy deletion, entries dropped once
 * passed.
 */
class BucketedTimersTest {
    private static final TypeSerializer<Tuple2<Integer, Integer>> KEYS =
            new TupleTypeInfo<Tuple2<Integer, Integer>>(Types.INT, Types.INT)
                    .createSerializer(new SerializerConfigImpl());

    private static final class Keys implements KeyContext {
        Object current;

        @Override
        public void setCurrentKey(Object key) {
            current = key;
        }

        @Override
        public Object getCurrentKey() {
            return current;
        }
    }

    private final Keys keys = new Keys();
    private final BucketedTimers timers = new BucketedTimers(keys, KEYS);
    private final List<String> fired = new ArrayList<>();

    private void register(int key, long time) {
        keys.setCurrentKey(Tuple2.of(key, 0));
        timers.register(time);
    }

    private void advance(long mark) throws Exception {
        timers.advance(mark, time -> fired.add(((Tuple2<?, ?>) keys.current).f0 + "@" + time));
    }

    @Test
    void firesEveryTimerAtOrBeforeTheWatermarkInTimeOrder() throws Exception {
        register(1, 30);
        register(2, 10);
        register(3, 20);
        register(4, 10);
        register(5, 41);
        assertThat(timers.currentWatermark()).isEqualTo(Long.MIN_VALUE);

        advance(40);

        assertThat(fired).containsExactly("2@10", "4@10", "3@20", "1@30");
        assertThat(timers.currentWatermark()).isEqualTo(40);
        assertThat(timers.size()).isOne();
        fired.clear();
        advance(39); // a watermark never goes back
        assertThat(timers.currentWatermark()).isEqualTo(40);
        assertThat(fired).isEmpty();
        advance(41);
        assertThat(fired).containsExactly("5@41");
        assertThat(timers.size()).isZero();
    }

    @Test
    void timersRegisteredWhileFiringFireInTheSameAdvanceWhenDue() throws Exception {
        register(1, 10);
        timers.advance(
                50,
                time -> {
                    fired.add(((Tuple2<?, ?>) keys.current).f0 + "@" + time);
                    timers.register(time + 20); // 30 and 50: due; 70: not
                });
        assertThat(fired).containsExactly("1@10", "1@30", "1@50");
        assertThat(timers.size()).isOne();
    }

    @Test
    void copiesRegisteredKeysButNotTheFiringKeyItself() throws Exception {
        Tuple2<Integer, Integer> mutable = Tuple2.of(7, 0);
        keys.setCurrentKey(mutable);
        timers.register(10);
        mutable.f0 = 8; // the caller reuses its key object
        List<Object> seen = new ArrayList<>();
        timers.advance(
                10,
                time -> {
                    seen.add(keys.current);
                    timers.register(20);
                });
        assertThat(seen).containsExactly(Tuple2.of(7, 0));
        assertThat(seen.get(0)).isNotSameAs(mutable);
        timers.advance(20, time -> seen.add(keys.current));
        // registered again while firing: the same object, no copy per slide
        assertThat(seen.get(1)).isSameAs(seen.get(0));
    }

    @Test
    void deletionIsLazyTheOwnerSkipsStaleEntries() throws Exception {
        register(1, 10);
        timers.delete(10);
        register(1, 20); // moved
        assertThat(timers.size()).isEqualTo(2);
        advance(20);
        assertThat(fired).containsExactly("1@10", "1@20");
        assertThat(timers.size()).isZero();
    }

    @Test
    void restoredEntriesAreAddedAsGiven() throws Exception {
        Tuple2<Integer, Integer> key = Tuple2.of(3, 0);
        timers.add(key, 5);
        List<Object> seen = new ArrayList<>();
        timers.advance(5, time -> seen.add(keys.current));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).isSameAs(key);
        assertThat(timers.size()).isZero();
        assertThat(timers.currentWatermark()).isEqualTo(5);
    }

    /** Stand-ins for keys: lists a handle where one exists, enters it when it fires. */
    @Test
    void listsHandlesWhereTheOwnerHasThemAndEntersThemWhenTheyFire() throws Exception {
        final class Handle {
            final Tuple2<Integer, Integer> key;

            Handle(Tuple2<Integer, Integer> key) {
                this.key = key;
            }
        }
        List<Object> entered = new ArrayList<>();
        Handle seven = new Handle(Tuple2.of(7, 0));
        timers.useHandles(
                new BucketedTimers.Handles() {
                    @Override
                    public Object currentHandle() {
                        return seven.key.equals(keys.current) ? seven : null;
                    }

                    @Override
                    public boolean enter(Object item) {
                        if (!(item instanceof Handle)) {
                            return false;
                        }
                        entered.add(item);
                        keys.setCurrentKey(((Handle) item).key);
                        return true;
                    }
                });
        register(7, 10); // has a handle
        register(8, 10); // has none: its key is copied and listed
        advance(10);
        assertThat(fired).containsExactly("7@10", "8@10");
        assertThat(entered).containsExactly(seven);
    }
}
