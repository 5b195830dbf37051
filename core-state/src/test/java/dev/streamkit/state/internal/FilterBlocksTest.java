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
    void aNewBlockHoldsItsEpochTheLayoutMaskAndOneBlockPerSlot() {
        long[] block = blocks.newBlock(7);
        assertThat(block).hasSize(2 + BlockedBloom.WORDS * 4);
        assertThat(block[0]).isEqualTo(7);
        assertThat(block[1]).as("every slot in the independent-position layout").isEqualTo(0b1111);
        assertThat(blocks.restored(block)).isSameAs(block);
        assertThatThrownBy(() -> blocks.restored(new long[2 + BlockedBloom.WORDS * 3]))
                .hasMessageContaining("different number of slots");
        assertThatThrownBy(() -> blocks.restored(new long[1 + BlockedBloom.WORDS * 3]))
                .hasMessageContaining("different number of slots");
    }

    /**
     * A block written before session 10 (no mask word, every slot double hashed): after the
     * conversion it still finds every id it held, new ids go into the old layout of a slot not yet
     * wiped, and each slot switches layout when the clock wipes it.
     */
    @Test
    void aBlockOfThePreviousLayoutKeepsItsIdsAndSwitchesEachSlotWhenItIsWiped() {
        long[] ids = new long[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = BlockedBloom.probeHash(0x5151_0000L + i);
        }
        // the previous layout, built by hand: epoch 10 newest, ids in slots of epochs 8, 9, 10
        long[] old = new long[1 + BlockedBloom.WORDS * 4];
        old[0] = 10;
        for (int i = 0; i < 30; i++) {
            int slot = (int) ((8 + i % 3) % 4);
            BlockedBloom.putDoubleHashed(old, 1 + slot * BlockedBloom.WORDS, ids[i], 3);
        }
        long[] block = blocks.restored(old.clone());
        assertThat(block).hasSize(2 + BlockedBloom.WORDS * 4);
        assertThat(block[0]).isEqualTo(10);
        assertThat(block[1]).as("no slot converted yet").isZero();
        for (int i = 0; i < 30; i++) {
            assertThat(blocks.update(block, 10, ids[i], false) & SEEN)
                    .as("id %s", i)
                    .isEqualTo(SEEN);
        }
        // a new id recorded at epoch 10 (old layout there) is seen again
        assertThat(blocks.update(block, 10, ids[30], false) & SEEN).isZero();
        assertThat(blocks.update(block, 10, ids[30], false)).isEqualTo(SEEN);
        // epoch 11 wipes slot 3 (epoch 7): it alone switches layout; ids of 8..10 are still seen
        blocks.update(block, 11, ids[31], false);
        assertThat(block[1]).isEqualTo(1L << 3);
        assertThat(blocks.update(block, 11, ids[31], false)).isEqualTo(SEEN);
        for (int i = 0; i < 31; i++) {
            assertThat(blocks.update(block, 11, ids[i], false) & SEEN)
                    .as("id %s", i)
                    .isEqualTo(SEEN);
        }
        // three more epochs wipe the other three slots: every slot in the new layout; the ids
        // refreshed at epoch 11 are still seen
        blocks.update(block, 14, ids[32], false);
        assertThat(block[1]).isEqualTo(0b1111);
        assertThat(blocks.update(block, 14, ids[32], false)).isEqualTo(SEEN);
        for (int i = 0; i < 31; i++) {
            assertThat(blocks.update(block, 14, ids[i], false) & SEEN)
                    .as("id %s", i)
                    .isEqualTo(SEEN);
        }
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
