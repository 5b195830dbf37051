package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
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
}
