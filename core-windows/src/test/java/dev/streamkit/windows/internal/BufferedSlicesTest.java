package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BufferedSlicesTest {

    @Test
    void holdsSeveralSlicesWithCountsAndAccumulators() {
        BufferedSlices<String> b = new BufferedSlices<>();
        assertThat(b.size()).isZero();
        assertThat(b.slot(7)).isEqualTo(-1);
        assertThat(b.add(7, "")).isZero();
        b.addTo(0, "a");
        for (long j = 3; j <= 6; j++) {
            int slot = b.add(j, "");
            b.addTo(slot, "s" + j);
            b.addTo(slot, "t" + j);
        }
        assertThat(b.size()).isEqualTo(5);
        assertThat(b.slot(7)).isZero();
        assertThat(b.slot(5)).isEqualTo(3);
        assertThat(b.slice(3)).isEqualTo(5);
        assertThat(b.count(0)).isEqualTo(1);
        assertThat(b.count(3)).isEqualTo(2);
        assertThat(b.acc(0)).isEqualTo("a");
        assertThat(b.acc(3)).isEqualTo("t5");
        assertThat(b.maxSlice()).isEqualTo(7);
    }

    @Test
    void resetForgetsTheSlices() {
        BufferedSlices<String> b = new BufferedSlices<>();
        b.add(1, "x");
        b.add(2, "y");
        b.reset();
        assertThat(b.size()).isZero();
        assertThat(b.slot(1)).isEqualTo(-1);
        assertThat(b.maxSlice()).isEqualTo(Long.MIN_VALUE);
        assertThat(b.add(9, "z")).isZero();
        assertThat(b.count(0)).isZero();
        assertThat(b.acc(0)).isEqualTo("z");
    }
}
