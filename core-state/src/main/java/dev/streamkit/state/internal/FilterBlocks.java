package dev.streamkit.state.internal;

import dev.streamkit.common.internal.TimeMath;
import org.apache.flink.annotation.Internal;

/**
 * The approximate deduplicator's filter block: its layout (the newest epoch, the slots' bit layout,
 * then one {@link BlockedBloom} block per slot, slot = epoch modulo the slot count) and its clock.
 * Recording an id advances the block's clock to the record's epoch, wiping the slots whose epochs
 * leave the live range ({@code slots} epochs up to the newest), and sets the id's bits in its
 * epoch's slot; an id is a duplicate if any live slot holds it.
 *
 * <p>A block is {@code long[2 + 8 * slots]}: word 0 is the newest epoch, word 1 a mask of the slots
 * whose bits are independent positions ({@link BlockedBloom#put}; every slot of a block created
 * since session 10). Blocks written before session 10 ({@code long[1 + 8 * slots]}, no mask word,
 * every slot in {@link BlockedBloom#putDoubleHashed}'s layout, whose false-positive rate misses
 * small targets) are converted when read ({@link #restored}): their slots keep their layout, so
 * every id they hold is still found, and each switches to independent positions when the clock
 * wipes it; one horizon after the restore no slot of the old layout is left.
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

    /** Words before the first slot: the newest epoch and the layout mask. */
    static final int HEADER = 2;

    /** The words of a block with {@code slots} slots. */
    static int words(int slots) {
        return HEADER + BlockedBloom.WORDS * slots;
    }

    /** An empty block whose newest epoch is {@code epoch}. */
    long[] newBlock(long epoch) {
        long[] block = new long[words(slots)];
        block[0] = epoch;
        block[1] = allSlots();
        return block;
    }

    /**
     * {@code stored} (read from state) in the current layout: {@code stored} itself, or a converted
     * copy of a block written before session 10. Fails naming the parameters if it was written with
     * another number of slots.
     */
    long[] restored(long[] stored) {
        if (stored.length == words(slots)) {
            return stored;
        }
        if (stored.length == 1 + BlockedBloom.WORDS * slots) {
            long[] block = new long[words(slots)];
            block[0] = stored[0];
            block[1] = 0L; // every slot in the double-hashed layout
            System.arraycopy(stored, 1, block, HEADER, BlockedBloom.WORDS * slots);
            return block;
        }
        throw new IllegalStateException(
                "The restored Bloom filter blocks were written with a different number of"
                        + " slots: keep slots, shards and expectedIdsPerHorizon unchanged"
                        + " when restoring");
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
                int wiped = slot(e);
                BlockedBloom.clear(block, base(wiped));
                block[1] |= 1L << wiped; // a wiped slot takes the independent-position layout
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
        boolean inInsertSlot = contains(block, insertSlot, probe);
        boolean seen = inInsertSlot;
        for (int s = 0; s < slots && !seen; s++) {
            seen = s != insertSlot && contains(block, s, probe);
        }
        if (!inInsertSlot) {
            // record (or refresh) the id in its epoch's slot: it is remembered from this time on
            if ((block[1] & (1L << insertSlot)) != 0) {
                BlockedBloom.put(block, base(insertSlot), probe, k);
            } else {
                BlockedBloom.putDoubleHashed(block, base(insertSlot), probe, k);
            }
            outcome |= DIRTY;
        }
        return seen ? outcome | SEEN : outcome;
    }

    private boolean contains(long[] block, int slot, long probe) {
        return (block[1] & (1L << slot)) != 0
                ? BlockedBloom.contains(block, base(slot), probe, k)
                : BlockedBloom.containsDoubleHashed(block, base(slot), probe, k);
    }

    private long allSlots() {
        return (1L << slots) - 1;
    }

    private static int base(int slot) {
        return HEADER + slot * BlockedBloom.WORDS;
    }

    private int slot(long epoch) {
        return (int) Math.floorMod(epoch, (long) slots);
    }
}
