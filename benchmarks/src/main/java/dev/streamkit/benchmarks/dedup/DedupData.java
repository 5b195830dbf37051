package dev.streamkit.benchmarks.dedup;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.harness.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A stream with duplicates, as at-least-once sources produce them: ids (in {@link BenchEvent#key})
 * appear 1-3 times (2 on average), later copies within 800 positions of the first; event time
 * advances 1 ms per {@link #EVENTS_PER_MS} events.
 */
public final class DedupData {
    /** Events per millisecond of event time (100 K events per second). */
    public static final int EVENTS_PER_MS = 100;

    private DedupData() {}

    public static Dataset<BenchEvent> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int maxIds = count / 2 + 1000;
        long[] placed = new long[maxIds * 3];
        int n = 0;
        for (long id = 0; id < maxIds; id++) {
            long base = id * 2;
            int copies = 1 + random.nextInt(3);
            for (int c = 0; c < copies; c++) {
                long pos = c == 0 ? base : base + 1 + random.nextInt(800);
                placed[n++] = (pos << 32) | id;
            }
        }
        long[] sorted = Arrays.copyOf(placed, n);
        Arrays.sort(sorted);
        BenchEvent[] events = new BenchEvent[count];
        for (int i = 0; i < count; i++) {
            long id = sorted[i] & 0xFFFFFFFFL;
            events[i] = new BenchEvent(id, i / EVENTS_PER_MS, i);
        }
        return Dataset.of(events, TypeInformation.of(BenchEvent.class));
    }

    /** Distinct ids among the first {@code count} events (for reporting). */
    public static long distinct(Dataset<BenchEvent> data, int count) {
        long[] ids = new long[count];
        BenchEvent[] records = data.records();
        for (int i = 0; i < count; i++) {
            ids[i] = records[i].key;
        }
        Arrays.sort(ids);
        long distinct = count == 0 ? 0 : 1;
        for (int i = 1; i < count; i++) {
            if (ids[i] != ids[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }
}
