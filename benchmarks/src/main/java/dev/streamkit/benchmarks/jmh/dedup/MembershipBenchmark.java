package dev.streamkit.benchmarks.jmh.dedup;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import dev.streamkit.state.IdHasher;
import dev.streamkit.state.internal.BlockedBloom;
import java.util.HashSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Membership checks on 1 M ids (1 % target false-positive rate): Streamkit's blocked Bloom filter
 * (one 512-bit block per id, the layout the approximate deduplicator keeps in state) against
 * Guava's {@code BloomFilter} and a {@code HashSet<Long>}. Half of the queried ids are present.
 *
 * <pre>./bench jmh MembershipBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MembershipBenchmark {
    private static final int IDS = 1_000_000;
    private static final int QUERIES = 1 << 20;

    private long[][] blocks;
    private int blockCount;
    private int k;
    private BloomFilter<Long> guava;
    private HashSet<Long> set;
    private long[] queries;
    private int next;

    @Setup
    public void setUp() {
        long[] sizing = BlockedBloom.size(IDS, 0.01);
        blockCount = (int) sizing[0];
        k = (int) sizing[1];
        blocks = new long[blockCount][1 + BlockedBloom.WORDS];
        guava = BloomFilter.create(Funnels.longFunnel(), IDS, 0.01);
        set = new HashSet<>();
        for (long id = 0; id < IDS; id++) {
            long h = IdHasher.mix64(id);
            BlockedBloom.put(block(h), 1, BlockedBloom.probeHash(h), k);
            guava.put(id);
            set.add(id);
        }
        SplittableRandom random = new SplittableRandom(7);
        queries = new long[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] =
                    random.nextBoolean() ? random.nextLong(IDS) : IDS + random.nextLong(1L << 40);
        }
    }

    private long[] block(long h) {
        return blocks[(int) (((h & 0xFFFFFFFFL) * blockCount) >>> 32)];
    }

    private long nextQuery() {
        return queries[next++ & (QUERIES - 1)];
    }

    @Benchmark
    public boolean blockedBloom() {
        long h = IdHasher.mix64(nextQuery());
        return BlockedBloom.contains(block(h), 1, BlockedBloom.probeHash(h), k);
    }

    @Benchmark
    public boolean guavaBloomFilter() {
        return guava.mightContain(nextQuery());
    }

    @Benchmark
    public boolean hashSet() {
        return set.contains(nextQuery());
    }
}
