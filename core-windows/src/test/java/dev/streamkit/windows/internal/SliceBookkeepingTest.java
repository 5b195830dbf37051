package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SliceBookkeepingTest {

    @Test
    void storedLayoutIsTheSavepointFormat() {
        // {last fired, front start, back start, min slice, max slice, timer, dirty}
        SliceBookkeeping b = SliceBookkeeping.fromState(new long[] {10, 4, 11, 5, 12, 999, 1});
        assertThat(b.lastFired).isEqualTo(10);
        assertThat(b.frontStart).isEqualTo(4);
        assertThat(b.backStart).isEqualTo(11);
        assertThat(b.minSlice).isEqualTo(5);
        assertThat(b.maxSlice).isEqualTo(12);
        assertThat(b.timer).isEqualTo(999);
        assertThat(b.dirty).isTrue();
        b.dirty = false;
        b.timer = SliceBookkeeping.NO_TIMER;
        assertThat(b.toState()).containsExactly(10, 4, 11, 5, 12, Long.MIN_VALUE, 0);
    }

    @Test
    void freshKeyHasNoSlicesNoStacksNoTimer() {
        SliceBookkeeping b = SliceBookkeeping.fresh(41);
        // dirty value 4: not dirty (bits 0-1), presence known (bit 2), no slice present
        assertThat(b.toState())
                .containsExactly(41, 42, 42, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 4);
        assertThat(b.hasSlices()).isFalse();
        assertThat(b.hasFront()).isFalse();
        b.include(50);
        b.include(45);
        assertThat(b.hasSlices()).isTrue();
        assertThat(b.minSlice).isEqualTo(45);
        assertThat(b.maxSlice).isEqualTo(50);
        b.noSlices();
        assertThat(b.hasSlices()).isFalse();
    }

    @Test
    void stacksOnTheHeapAreStoredAsEmptyBoundsToRebuild() {
        SliceBookkeeping b = SliceBookkeeping.fromState(new long[] {10, 4, 11, 5, 12, 999, 0});
        assertThat(b.stacksInState).isTrue();
        assertThat(b.stacksOnHeap).isFalse();
        b.stacksOnHeap = true;
        // in memory the bounds stay; stored: empty front at lastFired + 1, dirty = 2
        assertThat(b.toState()).containsExactly(10, 11, 11, 5, 12, 999, 2);
        assertThat(b.frontStart).isEqualTo(4);
        SliceBookkeeping read = SliceBookkeeping.fromState(b.toState());
        assertThat(read.dirty).isTrue();
        assertThat(read.stacksOnHeap).isTrue();
        assertThat(read.stacksInState).isFalse();
        assertThat(read.hasFront()).isFalse();
    }

    @Test
    void presenceTracksTheNewestSlicesExactly() {
        SliceBookkeeping b = SliceBookkeeping.fresh(0);
        b.include(100);
        b.include(97);
        b.include(103); // shifts: 100 and 97 are now bits 3 and 6
        assertThat(b.presence).isEqualTo(0b1001001L);
        for (long j = 90; j <= 110; j++) {
            assertThat(b.mayHaveSlice(j))
                    .as("slice %d", j)
                    .isEqualTo(j == 97 || j == 100 || j == 103);
        }
        assertThat(b.nextSliceAbove(97)).isEqualTo(100);
        assertThat(b.nextSliceAbove(100)).isEqualTo(103);
        assertThat(b.nextSliceAbove(103)).isEqualTo(Long.MAX_VALUE);
        b.exclude(100);
        assertThat(b.mayHaveSlice(100)).isFalse();
        assertThat(b.nextSliceAbove(97)).isEqualTo(103);

        // a slice more than PRESENCE_BITS below the newest: outside the presence, read from state
        b.include(103 + SliceBookkeeping.PRESENCE_BITS);
        assertThat(b.mayHaveSlice(103)).isTrue();
        assertThat(b.mayHaveSlice(104)).isFalse();
        assertThat(b.nextSliceAbove(96)).isEqualTo(Long.MIN_VALUE);
        assertThat(b.nextSliceAbove(103)).isEqualTo(103 + SliceBookkeeping.PRESENCE_BITS);

        // stored in the dirty value's upper bits, with the dirty code in bits 0-1
        b.dirty = true;
        long[] stored = b.toState();
        assertThat(stored[6]).isEqualTo(1 | 4 | b.presence << 3);
        SliceBookkeeping read = SliceBookkeeping.fromState(stored);
        assertThat(read.dirty).isTrue();
        assertThat(read.stacksOnHeap).isFalse();
        assertThat(read.presenceKnown).isTrue();
        assertThat(read.presence).isEqualTo(b.presence);
        b.stacksOnHeap = true;
        read = SliceBookkeeping.fromState(b.toState());
        assertThat(read.stacksOnHeap).isTrue();
        assertThat(read.presence).isEqualTo(b.presence);
    }

    @Test
    void presenceOfOlderBookkeepingIsUnknownUntilTheKeyEmpties() {
        // written before the presence existed: dirty values 0, 1 and 2 only
        SliceBookkeeping b = SliceBookkeeping.fromState(new long[] {10, 4, 11, 5, 12, 999, 2});
        assertThat(b.presenceKnown).isFalse();
        assertThat(b.stacksOnHeap).isTrue();
        for (long j = 5; j <= 12; j++) {
            assertThat(b.mayHaveSlice(j)).isTrue();
        }
        assertThat(b.mayHaveSlice(4)).isFalse();
        assertThat(b.mayHaveSlice(13)).isFalse();
        assertThat(b.nextSliceAbove(5)).isEqualTo(Long.MIN_VALUE);
        b.include(13);
        assertThat(b.mayHaveSlice(11)).as("still unknown").isTrue();
        b.noSlices();
        b.include(20);
        assertThat(b.presenceKnown).isTrue();
        assertThat(b.mayHaveSlice(19)).isFalse();
        assertThat(b.mayHaveSlice(20)).isTrue();
    }

    @Test
    void rejectsAStoredArrayOfAnotherLength() {
        assertThatThrownBy(() -> SliceBookkeeping.fromState(new long[6]))
                .hasMessageContaining("slice-bookkeeping");
    }
}
