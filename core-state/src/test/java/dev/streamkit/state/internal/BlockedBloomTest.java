package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.state.IdHasher;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockedBloomTest {

    @Test
    void sizingMeetsTheTargetWithFewBitsPerId() {
        for (double target : new double[] {0.1, 0.01, 0.001}) {
            long[] sizing = BlockedBloom.size(100_000, target);
            double bitsPerId = sizing[0] * 512.0 / 100_000;
            assertThat(BlockedBloom.falsePositiveRate(100_000, sizing[0], (int) sizing[1]))
                    .isLessThanOrEqualTo(target);
            // a standard Bloom filter needs 1.44 * log2(1/p) bits; blocking costs a little more
            double standard = 1.44 * Math.log(1 / target) / Math.log(2);
            assertThat(bitsPerId).as("target %s", target).isBetween(standard, standard * 1.5);
            // one block fewer misses the target: the search is tight
            assertThat(BlockedBloom.falsePositiveRate(100_000, sizing[0] - 1, (int) sizing[1]))
                    .isGreaterThan(target * 0.999);
        }
    }

    @Test
    void measuredFalsePositiveRateMatchesTheModel() {
        long seed = 99;
        int ids = 200_000;
        long[] sizing = BlockedBloom.size(ids, 0.01);
        int blocks = (int) sizing[0];
        int k = (int) sizing[1];
        long[][] filter = new long[blocks][1 + BlockedBloom.WORDS];
        for (long id = 0; id < ids; id++) {
            long h = IdHasher.mix64(id);
            long[] block = filter[(int) (((h & 0xFFFFFFFFL) * blocks) >>> 32)];
            BlockedBloom.put(block, 0, BlockedBloom.probeHash(h), k);
            assertThat(BlockedBloom.contains(block, 0, BlockedBloom.probeHash(h), k)).isTrue();
        }
        SplittableRandom random = new SplittableRandom(seed);
        int probes = 1_000_000;
        int hits = 0;
        for (int i = 0; i < probes; i++) {
            long h = IdHasher.mix64(ids + random.nextLong(Long.MAX_VALUE - ids));
            long[] block = filter[(int) (((h & 0xFFFFFFFFL) * blocks) >>> 32)];
            if (BlockedBloom.contains(block, 0, BlockedBloom.probeHash(h), k)) {
                hits++;
            }
        }
        double measured = (double) hits / probes;
        assertThat(measured).as("seed %s", seed).isBetween(0.005, 0.0115);
    }
}
