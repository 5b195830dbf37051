package dev.streamkit.state.internal;

import static dev.streamkit.state.internal.FilterBlocks.ADVANCED;
import static dev.streamkit.state.internal.FilterBlocks.DIRTY;
import static dev.streamkit.state.internal.FilterBlocks.LATE;
import static dev.streamkit.state.internal.FilterBlocks.LATE_ROUTED;
import static dev.streamkit.state.internal.FilterBlocks.SEEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One filter block alone: its layout, clock, live range and late records. */
class FilterBlocksTest {
    private final FilterBlocks blocks = new FilterBlocks(4, 3);
    private static final long A = BlockedBloom.probeHash(0x1234_5678_9abcL);
    private static final long B = BlockedBloom.probeHash(0x7777_0000_1111L);

    @Test
    void aNewBlockHoldsItsEpochAndOneBlockPerSlot() {
        long[] block = blocks.newBlock(7);
        assertThat(block).hasSize(1 + BlockedBloom.WORDS * 4);
        assertThat(block[0]).isEqualTo(7);
        blocks.checkLayout(block);
        assertThatThrownBy(() -> blocks.checkLayout(new long[1 + BlockedBloom.WORDS * 3]))
                .hasMessageContaining("different number of slots");
    }

    @Test
    void anIdIsSeenAgainWithinTheLiveRangeAndForgottenAfter() {
        long[] block = blocks.newBlock(10);
        assertThat(blocks.update(block, 10, A, false)).isEqualTo(DIRTY);
        assertThat(blocks.update(block, 10, A, false)).isEqualTo(SEEN);
        assertThat(blocks.update(block, 10, B, false)).isEqualTo(DIRTY);
        // epoch 13: 10 is still live (10..13); A is seen and refreshed in slot 13
        assertThat(blocks.update(block, 13, A, false)).isEqualTo(DIRTY | ADVANCED | SEEN);
        assertThat(block[0]).isEqualTo(13);
        // epoch 14 wipes slot 10: B is gone, A (refreshed at 13) is not
        assertThat(blocks.update(block, 14, B, false)).isEqualTo(DIRTY | ADVANCED);
        assertThat(blocks.update(block, 14, A, false) & SEEN).isEqualTo(SEEN);
    }

    @Test
    void aLateRecordIsRoutedOrRecordedInTheOldestLiveSlot() {
        long[] block = blocks.newBlock(20);
        // 16 is older than the live range 17..20
        assertThat(blocks.update(block, 16, A, true)).isEqualTo(LATE | LATE_ROUTED);
        assertThat(blocks.update(block, 20, A, false)).isEqualTo(DIRTY); // routed: not recorded
        long[] other = blocks.newBlock(20);
        assertThat(blocks.update(other, 16, B, false)).isEqualTo(LATE | DIRTY);
        assertThat(blocks.update(other, 17, B, false)).isEqualTo(SEEN); // in slot 17
        assertThat(blocks.update(other, 21, B, false)).isEqualTo(DIRTY | ADVANCED); // wiped
    }

    @Test
    void aBlockIsDeadOnceItsNewestEpochLeftTheLiveRange() {
        long[] block = blocks.newBlock(10);
        assertThat(blocks.dead(block, 13)).isFalse();
        assertThat(blocks.dead(block, 14)).isTrue();
        assertThat(blocks.dead(blocks.newBlock(Long.MAX_VALUE - 10), Long.MAX_VALUE - 7)).isFalse();
    }

    @Test
    void theClockAdvancesToTheLastEpochWithoutOverflow() {
        long[] block = blocks.newBlock(Long.MAX_VALUE - 2);
        blocks.update(block, Long.MAX_VALUE - 2, A, false);
        assertThat(blocks.update(block, Long.MAX_VALUE, B, false)).isEqualTo(DIRTY | ADVANCED);
        assertThat(block[0]).isEqualTo(Long.MAX_VALUE);
        assertThat(blocks.update(block, Long.MAX_VALUE, A, false) & SEEN).isEqualTo(SEEN);
    }
}
