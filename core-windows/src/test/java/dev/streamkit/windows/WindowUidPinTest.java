package dev.streamkit.windows;

import static dev.streamkit.windows.Aggregations.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Default names and uids are part of the savepoint contract: pinned to the values of the builder
 * before its bodies moved to {@code WindowPlans} (computed on that code, not on this one).
 */
class WindowUidPinTest {
    private static List<String> namesAndUids() {
        List<WindowAggregation<String, Long>> all = new ArrayList<>();
        all.add(Windows.tumbling(Duration.ofSeconds(10)).<String, Long>aggregate(count()).build());
        all.add(
                Windows.sliding(Duration.ofMinutes(1), Duration.ofSeconds(10))
                        .<String, Long>aggregate(count())
                        .build());
        all.add(
                Windows.cumulative(Duration.ofHours(1), Duration.ofMinutes(15))
                        .<String, Long>aggregate(count())
                        .build());
        all.add(
                Windows.session(Duration.ofMinutes(5))
                        .maxLength(Duration.ofHours(1))
                        .<String, Long>aggregate(count())
                        .build());
        all.add(
                Windows.<String>session(s -> Duration.ofSeconds(s.length()))
                        .<String, Long>aggregate(count())
                        .build());
        all.add(
                Windows.tumbling(Duration.ofSeconds(10))
                        .<String, Long>aggregate(count())
                        .inProcessingTime()
                        .build());
        List<String> out = new ArrayList<>();
        for (WindowAggregation<String, Long> w : all) {
            out.add(w.name() + " | " + w.uid());
        }
        return out;
    }

    @Test
    void defaultNamesAndUidsAreUnchanged() {
        List<String> actual = namesAndUids();
        assertThat(actual).containsExactly(PINNED);
    }

    private static final String[] PINNED = {
        "Streamkit tumbling 10s window | streamkit-window-929046c1",
        "Streamkit sliding 1min/10s window | streamkit-window-5ab359b7",
        "Streamkit cumulative 1h/15min window | streamkit-window-baa408dd",
        "Streamkit session 5min gap window | streamkit-window-c1002266",
        "Streamkit session dynamic-gap window | streamkit-window-cc13112a",
        "Streamkit processing-time tumbling 10s window | streamkit-window-4c5b2ce4"
    };
}
