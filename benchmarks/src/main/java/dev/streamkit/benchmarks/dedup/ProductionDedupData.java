package dev.streamkit.benchmarks.dedup;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.harness.Dataset;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The production shape of issue 19: {@code distinctIds} ids (random 63-bit values, so RocksDB sees
 * them in no particular order) whose first occurrences arrive uniformly over {@code span} of event
 * time, plus replays that make 30 % of all events duplicates: replayed ids (about 1.5 % of all ids)
 * are drawn at random and each is replayed a Zipf(1.1)-distributed number of times (1 to 200, mean
 * about 28), half of the replays within 5 s of the first occurrence and half up to 8 min later.
 * Events are sorted by event time (a watermark with no disorder is exact); replays that would fall
 * after the span are cut off (a few per mille of the events).
 */
public final class ProductionDedupData {
    /** Share of duplicates among all events. */
    static final double DUPLICATE_SHARE = 0.30;

    /** Largest replay count of one id (Zipf(1.1) on [1, 200] has a mean of about 28). */
    static final int MAX_REPLAYS = 200;

    static final long NEAR_REPLAY_MILLIS = Duration.ofSeconds(5).toMillis();
    static final long FAR_REPLAY_MILLIS = Duration.ofMinutes(8).toMillis();

    private ProductionDedupData() {}

    /**
     * The events, sorted by event time.
     *
     * @param distinctIds how many distinct ids
     * @param span event time over which first occurrences are spread
     * @param seed the generator seed
     * @return the dataset
     */
    public static Dataset<BenchEvent> generate(int distinctIds, Duration span, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int replays = (int) Math.round(distinctIds * DUPLICATE_SHARE / (1 - DUPLICATE_SHARE));
        int total = distinctIds + replays;
        long spanMillis = span.toMillis();
        long[] ids = new long[distinctIds];
        long[] firstSeen = new long[distinctIds];
        for (int i = 0; i < distinctIds; i++) {
            ids[i] = mix(i * 0x9E3779B97F4A7C15L + seed) >>> 1;
            firstSeen[i] = (long) ((double) i * spanMillis / distinctIds);
        }
        double[] zipf = zipfCdf(MAX_REPLAYS, 1.1);
        long[] times = new long[total];
        int[] owner = new int[total];
        for (int i = 0; i < distinctIds; i++) {
            times[i] = firstSeen[i];
            owner[i] = i;
        }
        int n = distinctIds;
        while (n < total) {
            int id = random.nextInt(distinctIds);
            int found = Arrays.binarySearch(zipf, random.nextDouble());
            int count = 1 + (found >= 0 ? found : -found - 1); // first rank whose CDF >= u
            for (int c = 0; c < count && n < total; c++) {
                long window = random.nextBoolean() ? NEAR_REPLAY_MILLIS : FAR_REPLAY_MILLIS;
                times[n] = firstSeen[id] + 1 + random.nextLong(window);
                owner[n] = id;
                n++;
            }
        }
        long[] keys = new long[total];
        long maxTime = 0;
        for (int i = 0; i < total; i++) {
            maxTime = Math.max(maxTime, times[i]);
        }
        // times fit in 39 bits for spans up to 6 days; indexes in 25 bits (33 M events)
        if (maxTime >= (1L << 39) || total >= (1 << 25)) {
            throw new IllegalArgumentException("span or event count too large: " + span);
        }
        for (int i = 0; i < total; i++) {
            keys[i] = (times[i] << 25) | i;
        }
        Arrays.sort(keys);
        // replays past the span are cut off, so the id density holds up to the last event
        int kept = 0;
        while (kept < total && (keys[kept] >>> 25) < spanMillis) {
            kept++;
        }
        BenchEvent[] events = new BenchEvent[kept];
        for (int i = 0; i < kept; i++) {
            int e = (int) (keys[i] & ((1 << 25) - 1));
            events[i] = new BenchEvent(ids[owner[e]], times[e], i);
        }
        return Dataset.of(events, TypeInformation.of(BenchEvent.class));
    }

    /** SplitMix64's finaliser: distinct inputs give distinct outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Ids alive at the end of the first {@code count} events: last seen less than {@code horizon}
     * before the last of them (for state bytes per id).
     */
    public static long liveIds(Dataset<BenchEvent> data, int count, Duration horizon) {
        BenchEvent[] records = data.records();
        long now = records[count - 1].timestamp;
        long[] ids = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (records[i].timestamp + horizon.toMillis() > now) {
                ids[n++] = records[i].key;
            }
        }
        Arrays.sort(ids, 0, n);
        long live = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                live++;
            }
        }
        return live;
    }

    /** CDF of Zipf({@code s}) on ranks 1..max: cdf[k - 1] = P(rank <= k). */
    static double[] zipfCdf(int max, double s) {
        double[] cdf = new double[max];
        double sum = 0;
        for (int k = 1; k <= max; k++) {
            sum += Math.pow(k, -s);
            cdf[k - 1] = sum;
        }
        for (int k = 0; k < max; k++) {
            cdf[k] /= sum;
        }
        cdf[max - 1] = 1.0;
        return cdf;
    }
}
