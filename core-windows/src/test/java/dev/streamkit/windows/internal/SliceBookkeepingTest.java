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
        assertThat(b.toState())
                .containsExactly(41, 42, 42, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 0);
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
    void rejectsAStoredArrayOfAnotherLength() {
        assertThatThrownBy(() -> SliceBookkeeping.fromState(new long[6]))
                .hasMessageContaining("slice-bookkeeping");
    }
}
