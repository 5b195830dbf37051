package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.EVENT;
import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.Results;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through each window operator directly (TESTING.md section 7), on both backends:
 * timestamps at the ends of time are invalid records (counted, side output), never windows with
 * overflowed bounds; a {@code Long.MAX_VALUE} watermark fires and cleans up everything; a record
 * without event time fails naming the operator; every record is accounted for exactly once.
 */
class WindowBadInputTest {
    static final OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> LATE =
            new OutputTag<>("late", LateEvent.typeInfo(EVENT));
    static final OutputTag<Tuple3<Integer, Long, Long>> INVALID = new OutputTag<>("invalid", EVENT);

    static Windows.Shape spec(String kind) {
        switch (kind) {
            case "tumbling":
                return Windows.tumbling(Duration.ofSeconds(2));
            case "sliding":
                return Windows.sliding(Duration.ofSeconds(10), Duration.ofSeconds(2));
            case "cumulative":
                return Windows.cumulative(Duration.ofSeconds(10), Duration.ofSeconds(2));
            default:
                return Windows.session(Duration.ofSeconds(2));
        }
    }

    /** The longest window of each kind (sessions: unbounded, checked against the gap instead). */
    static long maxLength(String kind) {
        return kind.equals("tumbling") ? 2000 : kind.equals("session") ? Long.MAX_VALUE : 10_000;
    }

    static Stream<Object[]> variants() {
        List<Object[]> out = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            for (String kind : Arrays.asList("tumbling", "sliding", "cumulative", "session")) {
                for (long lateness : new long[] {0, 3000}) {
                    if (!(kind.equals("session") && lateness > 0)) {
                        out.add(new Object[] {backend, kind, lateness});
                    }
                }
            }
        }
        return out.stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static OneInputStreamOperator<Tuple3<Integer, Long, Long>, Object> operator(
            String kind, long lateness) {
        WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg =
                spec(kind)
                        .aggregate(WindowTestSupport.aggregation())
                        .lateRecords(
                                LatePolicy.sideOutputWithLateness(
                                        "late", EVENT, Duration.ofMillis(lateness)))
                        .invalidRecordsTo(INVALID)
                        .build();
        if (WindowTestSupport.plan(agg) instanceof SlicingWindowAggregation) {
            return ((SlicingWindowAggregation) WindowTestSupport.plan(agg)).createOperator();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TestConfigs.disableGenericTypes(env.getConfig());
        var keyed = env.fromData(EVENT, Tuple3.of(1, 1L, 1L)).keyBy(KEY, Types.INT);
        return (OneInputStreamOperator)
                ((OneInputTransformation) agg.apply(keyed).getTransformation()).getOperator();
    }

    static KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object>
            harness(Backend backend, String kind, long lateness) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object> h =
                WindowTestSupport.harness(
                        operator(kind, lateness), KEY, Types.INT, backend, 128, 1, 0);
        h.open();
        return h;
    }

    static boolean extreme(long ts) {
        return ts > Long.MAX_VALUE - 1000 || ts < Long.MIN_VALUE + 1000;
    }

    /**
     * The documented contract: a timestamp is invalid when a window bound, fire or cleanup time of
     * its windows would overflow. Within 1 s of either end, every slicing window (2 s slices)
     * would; a session ([t, t + gap)) only near Long.MAX_VALUE: near Long.MIN_VALUE it is simply
     * very old (late once a watermark passed it).
     */
    static boolean invalid(String kind, long ts) {
        return kind.equals("session") ? ts > Long.MAX_VALUE - 1000 : extreme(ts);
    }

    @ParameterizedTest(name = "{0} {1} lateness {2}")
    @MethodSource("variants")
    void everyRecordIsAccountedForOnceAndNothingOverflows(
            Backend backend, String kind, long lateness) throws Exception {
        long seed = 1405L * 31 + kind.hashCode() + lateness + backend.ordinal();
        System.out.println("WindowBadInputTest seed " + seed + " " + backend + " " + kind);
        SplittableRandom random = new SplittableRandom(seed);
        KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object> h =
                harness(backend, kind, lateness);
        int n = 3000;
        long extremes = 0;
        long maxTs = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        // tumbling oracle: accepted records per (key, window start); late per the documented rule
        Map<String, Long> windows = new HashMap<>();
        long late = 0;
        for (int i = 0; i < n; i++) {
            int key = random.nextInt(10);
            int k = random.nextInt(100);
            long ts;
            if (k < 3) {
                ts = Long.MAX_VALUE - random.nextInt(1000);
            } else if (k < 6) {
                ts = Long.MIN_VALUE + 1 + random.nextInt(999);
            } else if (k < 9) {
                ts = 100_000 + 50L * i - 5000 - random.nextInt(20_000); // mostly behind
            } else {
                ts = 100_000 + 50L * i - random.nextInt(1000);
            }
            Tuple3<Integer, Long, Long> e = Tuple3.of(key, ts, (long) i);
            h.processElement(new StreamRecord<>(e, ts));
            if (invalid(kind, ts)) {
                extremes++;
            } else if (!extreme(ts)) {
                maxTs = Math.max(maxTs, ts);
                long start = Math.floorDiv(ts, 2000L) * 2000;
                if (start + 2000 - 1 + lateness <= watermark) {
                    late++;
                } else {
                    windows.merge(key + "@" + start, 1L, Long::sum);
                }
            }
            if (random.nextInt(10) == 0 && maxTs > Long.MIN_VALUE) {
                watermark = Math.max(watermark, maxTs - 1000);
                h.processWatermark(new Watermark(watermark));
            }
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));

        // the last result of each window (corrections replace earlier ones)
        Map<String, Long> counted = new HashMap<>();
        for (Object o : h.getOutput()) {
            if (!(o instanceof StreamRecord)) {
                continue;
            }
            StreamRecord<?> r = (StreamRecord<?>) o;
            WindowResult<?, ?> w = (WindowResult<?, ?>) r.getValue();
            assertThat(w.windowStart).as("seed %s: %s", seed, w).isLessThan(w.windowEnd);
            assertThat(w.windowEnd - w.windowStart)
                    .as("seed %s: %s", seed, w)
                    .isBetween(1L, maxLength(kind));
            assertThat(r.getTimestamp()).as("seed %s: %s", seed, w).isEqualTo(w.windowEnd - 1);
            assertThat(w.windowEnd).as("seed %s: %s", seed, w).isLessThan(Long.MAX_VALUE - 1000);
            Results result = (Results) w.result;
            counted.put(w.key + "@" + w.windowStart + "-" + w.windowEnd, (Long) result.get(0));
        }
        List<StreamRecord<?>> invalid =
                h.getSideOutput(INVALID) == null
                        ? new ArrayList<>()
                        : new ArrayList<>(h.getSideOutput(INVALID));
        List<StreamRecord<?>> lateOut =
                h.getSideOutput(LATE) == null
                        ? new ArrayList<>()
                        : new ArrayList<>(h.getSideOutput(LATE));
        assertThat(invalid).as("seed %s: invalid", seed).hasSize((int) extremes);
        for (StreamRecord<?> r : invalid) {
            assertThat(invalid(kind, r.getTimestamp())).isTrue();
        }
        for (StreamRecord<?> r : lateOut) {
            LateEvent<?> le = (LateEvent<?>) r.getValue();
            assertThat(le.windowStart).isLessThanOrEqualTo(le.timestamp);
            assertThat(le.windowEnd).isGreaterThan(le.timestamp);
        }
        if (kind.equals("tumbling")) {
            Map<String, Long> expected = new HashMap<>();
            windows.forEach(
                    (w, c) -> {
                        long start = Long.parseLong(w.substring(w.indexOf('@') + 1));
                        expected.put(w + "-" + (start + 2000), c);
                    });
            assertThat(counted).as("seed %s: window counts", seed).isEqualTo(expected);
            assertThat(lateOut).as("seed %s: late", seed).hasSize((int) late);
        }
        if (kind.equals("tumbling") || kind.equals("session")) {
            // each record in exactly one (final) window, or late, or invalid
            long inWindows = counted.values().stream().mapToLong(Long::longValue).sum();
            assertThat(inWindows + lateOut.size() + invalid.size())
                    .as("seed %s: accounted", seed)
                    .isEqualTo(n);
        }
        // the end-of-input watermark fired and cleaned up everything
        assertThat(WindowTestSupport.timers(h)).as("seed %s: timers", seed).isZero();
        assertThat(stateEntries(h, kind)).as("seed %s: state", seed).isZero();
        h.close();
    }

    static long stateEntries(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h, String kind)
            throws Exception {
        if (!kind.equals("session")) {
            return WindowTestSupport.stateEntries(h);
        }
        long n = 0;
        for (String name : new String[] {"window-contents", "merging-window-set"}) {
            try (Stream<?> keys =
                    h.getOperator().getKeyedStateBackend().getKeysAndNamespaces(name)) {
                n += keys.count();
            }
        }
        return n;
    }

    @ParameterizedTest(name = "{0} {1} lateness {2}")
    @MethodSource("variants")
    void missingTimestampFailsNamingTheOperator(Backend backend, String kind, long lateness)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, Object> h =
                harness(backend, kind, lateness);
        String name =
                kind.equals("session")
                        ? "Streamkit session 2s gap window"
                        : kind.equals("tumbling")
                                ? "Streamkit tumbling 2s window"
                                : "Streamkit " + kind + " 10s/2s window";
        for (StreamRecord<Tuple3<Integer, Long, Long>> bad :
                Arrays.asList(
                        new StreamRecord<>(Tuple3.of(1, 0L, 1L)),
                        new StreamRecord<>(Tuple3.of(1, 0L, 1L), Long.MIN_VALUE))) {
            assertThatThrownBy(() -> h.processElement(bad))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(name + ": record has Long.MIN_VALUE timestamp")
                    .hasMessageContaining("assignTimestampsAndWatermarks")
                    .hasMessageContaining(
                            kind.equals("cumulative")
                                    ? "noWatermarks" // event time only: no processing-time hint
                                    : "Windows."
                                            + kind
                                            + "(...).aggregate(...).inProcessingTime()");
        }
        h.close();
    }
}
