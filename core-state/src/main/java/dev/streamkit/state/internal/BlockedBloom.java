package dev.streamkit.state.internal;

import org.apache.flink.annotation.Internal;

/**
 * Bit operations and sizing of a blocked Bloom filter whose blocks are 512 bits (one cache line,
 * eight {@code long}s): an id selects one block and sets {@code k} bits inside it, so a lookup
 * touches one cache line instead of {@code k} random ones. Blocks live inside larger {@code long[]}
 * arrays (a header, then blocks); every operation takes the array and the block's first word.
 */
@Internal
public final class BlockedBloom {
    /** Bits per block: one 64-byte cache line. */
    public static final int BLOCK_BITS = 512;

    /** Longs per block. */
    public static final int WORDS = BLOCK_BITS / 64;

    /** Most bits set per id. */
    public static final int MAX_K = 16;

    /** 9-bit positions in one 64-bit hash ({@link #put}). */
    private static final int FIELDS = 7;

    private BlockedBloom() {}

    /**
     * A second hash of the id, independent of the bits that chose the shard and block.
     *
     * @param idHash the id hash
     * @return the probe hash
     */
    public static long probeHash(long idHash) {
        long z = idHash ^ 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * True if all {@code k} bits that {@link #put} sets for {@code probe} are set in the 512-bit
     * block starting at word {@code base} of {@code words}.
     *
     * @param words the words holding the block
     * @param base the block's first word
     * @param probe the probe hash
     * @param k bits per id
     * @return whether the id may be present
     */
    public static boolean contains(long[] words, int base, long probe, int k) {
        long bits = probe;
        for (int i = 0; i < k; i++) {
            if (i % FIELDS == 0 && i > 0) {
                bits = probeHash(probe + i);
            }
            int pos = (int) bits & (BLOCK_BITS - 1);
            bits >>>= 9;
            if ((words[base + (pos >>> 6)] & (1L << pos)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets {@code k} bits of {@code probe} in the 512-bit block starting at word {@code base} of
     * {@code words}, each position taken from its own 9 bits of the probe (and of further hashes of
     * it past 7 bits), so the positions are independent and the filter meets {@link
     * #falsePositiveRate}.
     *
     * @param words the words holding the block
     * @param base the block's first word
     * @param probe the probe hash
     * @param k bits per id
     */
    public static void put(long[] words, int base, long probe, int k) {
        long bits = probe;
        for (int i = 0; i < k; i++) {
            if (i % FIELDS == 0 && i > 0) {
                bits = probeHash(probe + i);
            }
            int pos = (int) bits & (BLOCK_BITS - 1);
            bits >>>= 9;
            words[base + (pos >>> 6)] |= 1L << pos;
        }
    }

    /**
     * {@link #contains} for a block written by {@link #putDoubleHashed}.
     *
     * @param words the words holding the block
     * @param base the block's first word
     * @param probe the probe hash
     * @param k bits per id
     * @return whether the id may be present
     */
    public static boolean containsDoubleHashed(long[] words, int base, long probe, int k) {
        int h1 = (int) probe;
        int h2 = ((int) (probe >>> 32)) | 1;
        for (int i = 0; i < k; i++) {
            int pos = (h1 + i * h2) & (BLOCK_BITS - 1);
            if ((words[base + (pos >>> 6)] & (1L << pos)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bit layout of filter blocks written before session 10 (approximate dedup state restored
     * from then): positions {@code h1 + i * h2} inside 512 bits. Ids of one block that share the
     * stride cover each other's positions, which puts a floor near 0.1 % under the false-positive
     * rate whatever {@code k} (0.27 % measured where {@link #falsePositiveRate} says 0.1 %). Used
     * only to keep answering for (and adding to) slots restored in that layout until they are
     * wiped.
     *
     * @param words the words holding the block
     * @param base the block's first word
     * @param probe the probe hash
     * @param k bits per id
     */
    public static void putDoubleHashed(long[] words, int base, long probe, int k) {
        int h1 = (int) probe;
        int h2 = ((int) (probe >>> 32)) | 1;
        for (int i = 0; i < k; i++) {
            int pos = (h1 + i * h2) & (BLOCK_BITS - 1);
            words[base + (pos >>> 6)] |= 1L << pos;
        }
    }

    /**
     * Clears the 512-bit block starting at word {@code base} of {@code words}.
     *
     * @param words the words holding the block
     * @param base the block's first word
     */
    public static void clear(long[] words, int base) {
        for (int i = 0; i < WORDS; i++) {
            words[base + i] = 0L;
        }
    }

    /**
     * The false-positive rate of one blocked filter of {@code blocks} 512-bit blocks holding {@code
     * ids} ids with {@code k} bits each: the block loads are Poisson, and a block holding {@code j}
     * ids answers "present" for a new id with probability about {@code (1 - (1 - 1/512)^(kj))^k}.
     *
     * @param ids ids held
     * @param blocks 512-bit blocks
     * @param k bits per id
     * @return the false-positive rate
     */
    public static double falsePositiveRate(double ids, long blocks, int k) {
        double lambda = ids / blocks;
        int max = (int) Math.ceil(lambda + 12 * Math.sqrt(lambda) + 30);
        double logP = -lambda; // log Poisson(0; lambda)
        double fpr = 0;
        double keep = 1 - 1.0 / BLOCK_BITS;
        for (int j = 0; j <= max; j++) {
            if (j > 0) {
                logP += Math.log(lambda) - Math.log(j);
            }
            double bitSet = 1 - Math.pow(keep, (double) k * j);
            fpr += Math.exp(logP) * Math.pow(bitSet, k);
        }
        return fpr;
    }

    /**
     * The smallest (blocks, k) whose {@link #falsePositiveRate} is at most {@code target}.
     *
     * @param ids ids to hold
     * @param target the largest false-positive rate
     * @return {blocks, k}
     */
    public static long[] size(double ids, double target) {
        long bestBlocks = Long.MAX_VALUE;
        int bestK = 1;
        for (int k = 1; k <= MAX_K; k++) {
            long lo = Math.max(1, (long) (ids / BLOCK_BITS)); // at least one bit per id
            long hi = Math.max(2, (long) Math.ceil(ids)); // one block per id is always enough
            if (falsePositiveRate(ids, hi, k) > target) {
                continue;
            }
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (falsePositiveRate(ids, mid, k) <= target) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (lo < bestBlocks) {
                bestBlocks = lo;
                bestK = k;
            }
        }
        if (bestBlocks == Long.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "falsePositiveRate " + target + " is not reachable with 512-bit blocks");
        }
        return new long[] {bestBlocks, bestK};
    }
}
