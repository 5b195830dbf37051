package dev.streamkit.state.internal;

import dev.streamkit.common.internal.TimeMath;
import org.apache.flink.annotation.Internal;

/**
 * The approximate deduplicator's filter block: its layout (the newest epoch, then one {@link
 * BlockedBloom} block per slot, slot = epoch modulo the slot count) and its clock. Recording an id
 * advances the block's clock to the record's epoch, wiping the slots whose epochs leave the live
 * range ({@code slots} epochs up to the newest), and sets the id's bits in its epoch's slot; an id
 * is a duplicate if any live slot holds it.
 */
@Internal
final class FilterBlocks {
    /** {@link #update} outcome: the block changed. */
    static final int DIRTY = 1;

    /** {@link #update} outcome: the id was in the block. */
    static final int SEEN = 2;

    /** {@link #update} outcome: the record is late and goes to the late side output. */
    static final int LATE_ROUTED = 4;

    /** {@link #update} outcome: the record is late (older than the live range). */
    static final int LATE = 8;

    /** {@link #update} outcome: the block's clock advanced (its sweep moves). */
    static final int ADVANCED = 16;

    private final int slots;
    private final int k;

    /**
     * @param slots the slots per block
     * @param k the bit positions per id
     */
    FilterBlocks(int slots, int k) {
        this.slots = slots;
        this.k = k;
    }

    /** An empty block whose newest epoch is {@code epoch}. */
    long[] newBlock(long epoch) {
        long[] block = new long[1 + BlockedBloom.WORDS * slots];
        block[0] = epoch;
        return block;
    }

    /** Fails unless {@code block} (restored) has this layout. */
    void checkLayout(long[] block) {
        if (block.length != 1 + BlockedBloom.WORDS * slots) {
            throw new IllegalStateException(
                    "The restored Bloom filter blocks were written with a different number of"
                            + " slots: keep slots, shards and expectedIdsPerHorizon unchanged"
                            + " when restoring");
        }
    }

    /**
     * Whether every epoch of {@code block} left the live range once epoch {@code current} began.
     */
    boolean dead(long[] block, long current) {
        return TimeMath.add(block[0], slots) <= current;
    }

    /**
     * Checks and records an id in {@code block} (in place). Returns {@link #DIRTY} if the block
     * changed, {@link #ADVANCED} if its clock moved to {@code epoch}, {@link #SEEN} if the id was
     * there, {@link #LATE} if {@code epoch} is older than the live range: then, with {@code
     * routeLate}, also {@link #LATE_ROUTED} and the id is not recorded, else it is recorded in the
     * oldest live slot.
     */
    int update(long[] block, long epoch, long probe, boolean routeLate) {
        int outcome = 0;
        long newest = block[0];
        if (epoch > newest) {
            // the block's clock advances: wipe the slots whose epochs leave the live range
            // saturating: with 1 ms epochs, epochs reach Long.MIN_VALUE / Long.MAX_VALUE
            long from = Math.max(TimeMath.add(newest, 1), TimeMath.subtract(epoch, slots - 1));
            for (long e = from; ; e++) {
                BlockedBloom.clear(block, slot(e));
                if (e >= epoch) {
                    break; // not "e <= epoch" in the loop head: epoch may be Long.MAX_VALUE
                }
            }
            block[0] = epoch;
            newest = epoch;
            outcome = DIRTY | ADVANCED;
        }
        long oldestLive = TimeMath.subtract(newest, slots - 1);
        long insertEpoch = epoch;
        if (epoch < oldestLive) {
            outcome |= LATE;
            if (routeLate) {
                return outcome | LATE_ROUTED;
            }
            insertEpoch = oldestLive;
        }
        int insertSlot = slot(insertEpoch);
        boolean inInsertSlot = BlockedBloom.contains(block, insertSlot, probe, k);
        boolean seen = inInsertSlot;
        for (int s = 0; s < slots && !seen; s++) {
            seen = s != insertSlot && BlockedBloom.contains(block, s, probe, k);
        }
        if (!inInsertSlot) {
            // record (or refresh) the id in its epoch's slot: it is remembered from this time on
            BlockedBloom.put(block, insertSlot, probe, k);
            outcome |= DIRTY;
        }
        return seen ? outcome | SEEN : outcome;
    }

    private int slot(long epoch) {
        return (int) Math.floorMod(epoch, (long) slots);
    }
}
