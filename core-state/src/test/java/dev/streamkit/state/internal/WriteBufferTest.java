package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The open-addressing write-back buffer against a {@code HashMap} oracle. */
class WriteBufferTest {

    /** An id whose hash code is chosen, so that probe runs collide and wrap around. */
    private static final class Id {
        final int value;
        final int hash;

        Id(int value, int hash) {
            this.value = value;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id && ((Id) o).value == value;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 64, 100_000})
    void randomOperationsMatchAHashMap(int distinctHashes) {
        Random random = new Random(distinctHashes);
        WriteBuffer<Id> buffer = new WriteBuffer<>();
        Map<Integer, long[]> oracle = new HashMap<>(); // value -> {expiry, inState}
        for (int step = 0; step < 200_000; step++) {
            int value = random.nextInt(3_000);
            Id id = new Id(value, value % distinctHashes);
            int op = random.nextInt(10);
            int slot = buffer.find(id);
            long[] expected = oracle.get(value);
            assertThat(slot >= 0)
                    .as("present %s at step %s", value, step)
                    .isEqualTo(expected != null);
            if (slot >= 0) {
                assertThat(buffer.expiry(slot)).isEqualTo(expected[0]);
                assertThat(buffer.inState(slot)).isEqualTo(expected[1] == 1);
                assertThat(buffer.key(slot)).isEqualTo(id);
            }
            if (op < 5) {
                long expiry = random.nextInt(1_000);
                boolean inState = random.nextBoolean();
                buffer.put(id, expiry, inState);
                oracle.put(value, new long[] {expiry, inState ? 1 : 0});
            } else if (op < 8 && slot >= 0) {
                buffer.removeAt(slot);
                oracle.remove(value);
            } else if (op == 8 && slot >= 0) {
                long expiry = expected[0] + 1;
                buffer.setExpiry(slot, expiry);
                expected[0] = expiry;
            } else if (op == 9 && random.nextInt(20_000) == 0) {
                buffer.clear();
                oracle.clear();
            }
            assertThat(buffer.size()).isEqualTo(oracle.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (int slot = 0; slot < buffer.capacity(); slot++) {
            Id id = buffer.key(slot);
            if (id != null) {
                assertThat(seen.add(id.value)).isTrue();
                assertThat(buffer.expiry(slot)).isEqualTo(oracle.get(id.value)[0]);
            }
        }
        assertThat(seen).isEqualTo(oracle.keySet());
    }

    @Test
    void removingWhileScanningBySlotVisitsEveryEntry() {
        // the operator's spill scans slots and removes some; a removal can move a later entry into
        // the current slot, which the scan must look at again
        for (int hashes : new int[] {1, 3, 1_000}) {
            WriteBuffer<Id> buffer = new WriteBuffer<>();
            for (int v = 0; v < 5_000; v++) {
                buffer.put(new Id(v, v % hashes), v, false);
            }
            Set<Integer> removed = new HashSet<>();
            for (int slot = 0; slot < buffer.capacity(); ) {
                Id id = buffer.key(slot);
                if (id != null && id.value % 2 == 0) {
                    assertThat(removed.add(id.value)).isTrue();
                    buffer.removeAt(slot);
                } else {
                    slot++;
                }
            }
            assertThat(removed).hasSize(2_500);
            assertThat(buffer.size()).isEqualTo(2_500);
            for (int v = 0; v < 5_000; v++) {
                int slot = buffer.find(new Id(v, v % hashes));
                assertThat(slot >= 0).as("id %s", v).isEqualTo(v % 2 == 1);
                if (slot >= 0) {
                    assertThat(buffer.expiry(slot)).isEqualTo(v);
                }
            }
        }
    }
}
