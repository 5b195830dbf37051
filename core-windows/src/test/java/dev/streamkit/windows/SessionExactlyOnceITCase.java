package dev.streamkit.windows;

import static dev.streamkit.windows.ExactlyOnceJob.COUNT;
import static dev.streamkit.windows.ExactlyOnceJob.EVENTS;
import static dev.streamkit.windows.ExactlyOnceJob.FAILURES;
import static dev.streamkit.windows.ExactlyOnceJob.KEYS;
import static dev.streamkit.windows.ExactlyOnceJob.SUM;
import static dev.streamkit.windows.ExactlyOnceJob.WINDOW_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once through a failure for sessions: a replayable checkpointed source, the session
 * operator with its mini-batch buffer (flushed before every barrier), and a map that fails once
 * after a checkpoint completed ({@link ExactlyOnceJob}). Every session must be emitted exactly once
 * with exactly its events (no loss from the buffer, no double counting after the replay), on both
 * backends (on RocksDB the buffered sessions are copies, so a missing pre-barrier flush loses
 * events).
 */
class SessionExactlyOnceITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = ExactlyOnceJob.cluster();

    static final long GAP = 10;

    /** Event i's time: i ms plus a 40 ms pause after every 200 events. */
    static long time(long i) {
        return i + 40 * (i / 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void everySessionIsEmittedExactlyOnceAcrossAFailure(String backend) throws Exception {
        WindowAggregation<Tuple3<Integer, Long, Long>, Results> windows =
                Windows.session(Duration.ofMillis(GAP))
                        .aggregate(WINDOW_EVENTS.of(COUNT, SUM))
                        .build();
        List<String> results =
                ExactlyOnceJob.run(backend, SessionExactlyOnceITCase::time, windows, "sessions");

        // oracle: plain Java over the same generated events (in order per key: a new session
        // when the next event is more than the gap after the previous one)
        Map<Integer, long[]> open = new HashMap<>(); // key -> {start, last, count}
        List<String> expectedResults = new ArrayList<>();
        for (long i = 0; i < EVENTS; i++) {
            int key = (int) (i % KEYS);
            long t = time(i);
            long[] s = open.get(key);
            if (s != null && t > s[1] + GAP) {
                expectedResults.add(key + "@" + s[0] + "=" + s[2] + "/" + s[2]);
                s = null;
            }
            if (s == null) {
                open.put(key, new long[] {t, t, 1});
            } else {
                s[1] = t;
                s[2]++;
            }
        }
        open.forEach((k, s) -> expectedResults.add(k + "@" + s[0] + "=" + s[2] + "/" + s[2]));
        assertThat(expectedResults).hasSizeGreaterThan(100);
        assertThat(FAILURES.get()).as("the failure was injected and recovered from").isOne();
        assertThat(results).containsExactlyInAnyOrderElementsOf(expectedResults);
    }
}
