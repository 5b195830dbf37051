package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.junit.jupiter.api.Test;

/** The id map alone: map state overlaid by the write-back buffer, the cache kept covering it. */
class IdMapTest {
    private final Map<String, Long> state = new HashMap<>();
    private int deletes;

    private final IdMap.Backing<String> backing =
            new IdMap.Backing<String>() {
                @Override
                public Long get(String id) {
                    return state.get(id);
                }

                @Override
                public void put(String id, long expiry) {
                    state.put(id, expiry);
                }

                @Override
                public void remove(String id) {
                    deletes++;
                    state.remove(id);
                }
            };

    private final NegativeCache cache =
            new NegativeCache(new IdFilterCache(100, 10, 1 << 20, 0), Long.MIN_VALUE, 1 << 20);

    @Test
    void withoutABufferEveryStoreIsWrittenToStateAndTheCache() throws Exception {
        IdMap<String> m = new IdMap<>(backing, null, cache);
        m.store("a", 50, false);
        assertThat(state).containsEntry("a", 50L);
        assertThat(cache.skipsRead(NegativeCache.hashOf("a"))).isFalse();
        assertThat(m.lookup("a")).isEqualTo(50L);
        m.forget("a", 50);
        assertThat(state).isEmpty();
        assertThat(deletes).isEqualTo(1);
        assertThat(m.lookup("a")).isNull();
    }

    @Test
    void aBufferedIdIsFoundInTheBufferAndNeverReachesStateOrTheCache() throws Exception {
        WriteBuffer<String> buffer = new WriteBuffer<>();
        IdMap<String> m = new IdMap<>(backing, buffer, cache);
        m.store("a", 50, false);
        assertThat(state).isEmpty();
        assertThat(m.read("a")).isNull(); // state only
        assertThat(m.lookup("a")).isEqualTo(50L);
        assertThat(cache.skipsRead(NegativeCache.hashOf("a"))).isTrue();
        m.forget("a", 50); // expired unwritten: no delete
        assertThat(buffer.size()).isZero();
        assertThat(deletes).isZero();
        assertThat(m.writesAvoided()).isEqualTo(1);
    }

    @Test
    void aBufferedIdWhoseExpiryMovedOnIsNotForgotten() throws Exception {
        WriteBuffer<String> buffer = new WriteBuffer<>();
        IdMap<String> m = new IdMap<>(backing, buffer, cache);
        m.store("a", 80, false);
        m.forget("a", 50);
        assertThat(m.lookup("a")).isEqualTo(80L);
        assertThat(m.writesAvoided()).isZero();
    }

    @Test
    void aBufferedRefreshOfAnIdInStateDeletesItFromStateAtExpiry() throws Exception {
        WriteBuffer<String> buffer = new WriteBuffer<>();
        IdMap<String> m = new IdMap<>(backing, buffer, cache);
        m.put("a", 30); // written earlier
        m.store("a", 50, true); // refreshed in the buffer
        assertThat(state).containsEntry("a", 30L);
        assertThat(m.lookup("a")).isEqualTo(50L); // the buffer first
        m.forget("a", 50);
        assertThat(state).isEmpty();
        assertThat(deletes).isEqualTo(1);
        assertThat(m.writesAvoided()).isZero();
    }

    @Test
    void theStateBackingSharesOneBoxPerExpiryWhileExpiriesRepeat() throws Exception {
        Map<String, Long> held = new HashMap<>();
        @SuppressWarnings("unchecked")
        MapState<String, Long> mapState =
                (MapState<String, Long>)
                        Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {MapState.class},
                                (proxy, method, args) -> {
                                    if (method.getName().equals("put")) {
                                        return held.put((String) args[0], (Long) args[1]);
                                    }
                                    if (method.getName().equals("get")) {
                                        return held.get(args[0]);
                                    }
                                    throw new UnsupportedOperationException(method.getName());
                                });
        IdMap.Backing<String> inState = IdMap.inState(mapState);
        // values outside Long's small-value cache, so each autoboxing would make a new object
        inState.put("a", 60_000L);
        inState.put("b", 60_000L);
        inState.put("c", 120_000L);
        inState.put("d", 120_000L);
        assertThat(held.get("b")).isSameAs(held.get("a")).isEqualTo(60_000L);
        assertThat(held.get("d")).isSameAs(held.get("c")).isEqualTo(120_000L);
        assertThat(inState.get("a")).isEqualTo(60_000L);
        assertThat(inState.get("c")).isEqualTo(120_000L);
        assertThat(inState.get("x")).isNull();
    }
}
