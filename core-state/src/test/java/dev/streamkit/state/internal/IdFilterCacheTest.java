package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The negative cache's filters on their own: no false negatives, and a false-positive rate that
 * stays bounded however far an epoch grows from its first part (every false positive is a state
 * read).
 */
class IdFilterCacheTest {
    private static final long SEED = 19;
    private static final long GRANULARITY = 10;
    private static final long EPOCH = 100;

    private static long hash(long id) {
        return NegativeCache.hashOf(id);
    }

    /** The share of {@code probes} absent ids the cache calls "maybe". */
    private static double falsePositiveRate(
            IdFilterCache cache, SplittableRandom random, int probes) {
        int maybe = 0;
        for (int i = 0; i < probes; i++) {
            // ids of the other sign: never added
            if (cache.mightContain(hash(-1 - (random.nextLong() >>> 1)))) {
                maybe++;
            }
        }
        return (double) maybe / probes;
    }

    @Test
    void anEpochGrownFarPastItsFirstPartKeepsItsFalsePositiveRate() {
        System.out.println("seed " + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        IdFilterCache cache = new IdFilterCache(EPOCH, GRANULARITY, 1L << 30, 0);
        long[] added = new long[2_000_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random.nextLong() >>> 1;
            assertThat(cache.add(hash(added[i]), 150)).isTrue();
        }
        for (long id : added) {
            assertThat(cache.mightContain(hash(id))).as("no false negative: " + id).isTrue();
        }
        // 2 M ids from a 1 024-id first part: one epoch answers "maybe" at most 2 x PART_FPR
        double rate = falsePositiveRate(cache, random, 1_000_000);
        System.out.println("false-positive rate " + rate + ", " + cache.bytes() + " bytes");
        assertThat(rate).isLessThanOrEqualTo(2 * IdFilterCache.PART_FPR);
        // memory: at most 6 bytes per id (15 bits per id at 0.1 % would be 1.9)
        assertThat(cache.bytes()).isLessThan(6L * added.length);
    }

    @Test
    void threeLiveEpochsStayUnderThreeTimesTheEpochBound() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        IdFilterCache cache = new IdFilterCache(EPOCH, GRANULARITY, 1L << 30, 0, 4096);
        for (long expiry : new long[] {150, 250, 350}) {
            for (int i = 0; i < 300_000; i++) {
                assertThat(cache.add(hash(random.nextLong() >>> 1), expiry)).isTrue();
            }
        }
        assertThat(cache.epochs()).isEqualTo(3);
        double rate = falsePositiveRate(cache, random, 1_000_000);
        System.out.println("false-positive rate over 3 epochs " + rate);
        assertThat(rate).isLessThanOrEqualTo(3 * 2 * IdFilterCache.PART_FPR);
        cache.dropThrough(199);
        assertThat(cache.epochs()).isEqualTo(2);
    }

    @Test
    void theMemoryBoundRefusesAPartThatWouldExceedIt() {
        IdFilterCache cache = new IdFilterCache(EPOCH, GRANULARITY, 64 << 10, 0);
        SplittableRandom random = new SplittableRandom(SEED + 2);
        int added = 0;
        while (cache.add(hash(random.nextLong() >>> 1), 150)) {
            added++;
            assertThat(added).as("bounded").isLessThan(1_000_000);
        }
        assertThat(cache.bytes()).isLessThanOrEqualTo(64 << 10);
        assertThat(added).isGreaterThan(1024);
    }
}
