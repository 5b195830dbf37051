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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once through a failure: a replayable checkpointed source, the slicing operator with its
 * mini-batch buffer, and a map that fails once after a checkpoint completed ({@link
 * ExactlyOnceJob}). Every window must be emitted exactly once with exactly the events of its range
 * (no loss from the buffer, no double counting after the replay).
 */
class SlicingExactlyOnceITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = ExactlyOnceJob.cluster();

    @Test
    void everyWindowIsEmittedExactlyOnceAcrossAFailure() throws Exception {
        // event i: key i % KEYS, time i ms, value 1
        WindowAggregation<Tuple3<Integer, Long, Long>, Results> windows =
                Windows.sliding(Duration.ofMillis(100), Duration.ofMillis(50))
                        .aggregate(WINDOW_EVENTS.of(COUNT, SUM))
                        .build();
        List<String> results = ExactlyOnceJob.run(null, i -> i, windows, "slicing");

        // oracle: plain Java over the same generated events
        Map<String, Long> expected = new HashMap<>();
        for (long i = 0; i < EVENTS; i++) {
            int key = (int) (i % KEYS);
            long lastStart = Math.floorDiv(i, 50) * 50;
            for (long start = lastStart; start > i - 100; start -= 50) {
                expected.merge(key + "@" + start, 1L, Long::sum);
            }
        }
        List<String> expectedResults = new ArrayList<>();
        expected.forEach((w, n) -> expectedResults.add(w + "=" + n + "/" + n));
        assertThat(FAILURES.get()).as("the failure was injected and recovered from").isOne();
        assertThat(results).containsExactlyInAnyOrderElementsOf(expectedResults);
    }
}
