package dev.streamkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the TTL keyed-state functions directly (TESTING.md section 7), on both
 * backends: missing event time fails naming the function; extreme timestamps and the end-of-input
 * watermark leave no state, no timer and no overflowed timestamp; ChangeDetector's bad values are
 * invalid records, every record accounted for once against a plain-Java oracle.
 */
class StateFunctionsBadInputTest {
    static final TypeInformation<BadRecord> TYPE = DedupBadInputTest.TYPE;
    static final OutputTag<BadRecord> INVALID = new OutputTag<>("invalid", TYPE);
    static final OutputTag<BadRecord> THROTTLED = new OutputTag<>("throttled", TYPE);

    /** name, factory: every TTL function, in event time. */
    static Map<String, Supplier<KeyedProcessFunction<Long, BadRecord, ?>>> functions() {
        Map<String, Supplier<KeyedProcessFunction<Long, BadRecord, ?>>> f = new HashMap<>();
        f.put(
                "AlertSuppression",
                () ->
                        AlertSuppression.<Long, BadRecord>builder(
                                        Duration.ofMillis(100), Types.LONG, TYPE)
                                .summariesTo(
                                        new OutputTag<>(
                                                "summaries",
                                                SuppressionSummary.typeInfo(Types.LONG)))
                                .build());
        f.put(
                "LatestValue",
                () ->
                        LatestValue.<Long, BadRecord>builder(Duration.ofMillis(100), TYPE)
                                .expiredTo(new OutputTag<>("expired", TYPE))
                                .build());
        f.put(
                "ChangeDetector",
                () ->
                        ChangeDetector.<Long, BadRecord>numeric(
                                        TYPE, r -> r.value, 0.5, Duration.ofMillis(100))
                                .invalidRecordsTo(INVALID)
                                .build());
        f.put(
                "RateLimiter",
                () ->
                        RateLimiter.<Long, BadRecord>builder(3, Duration.ofMillis(100), TYPE)
                                .throttledTo(THROTTLED)
                                .build());
        f.put(
                "LastN",
                () -> LastN.<Long, BadRecord>builder(3, Duration.ofMillis(100), TYPE).build());
        return f;
    }

    static Stream<Object[]> variants() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            for (String name : functions().keySet()) {
                out.add(new Object[] {backend, name});
            }
        }
        return out.stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, Object> harness(
            String backend, KeyedProcessFunction<Long, BadRecord, ?> fn) throws Exception {
        org.apache.flink.api.java.functions.KeySelector<BadRecord, Long> key = r -> r.id;
        KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, Object> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator(fn), key, Types.LONG, 128, 1, 0);
        h.setStateBackend(HarnessSupport.backend(backend));
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        TypeInformation<Object> out =
                (TypeInformation)
                        ((org.apache.flink.api.java.typeutils.ResultTypeQueryable) fn)
                                .getProducedType();
        h.setup(out.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.initializeState((OperatorSubtaskState) null);
        h.open();
        return h;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void missingTimestampFailsNamingTheFunction(String backend, String name) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, Object> h =
                harness(backend, functions().get(name).get());
        for (StreamRecord<BadRecord> bad :
                Arrays.asList(
                        new StreamRecord<>(new BadRecord(1L, 1, 1.0)),
                        new StreamRecord<>(new BadRecord(1L, 2, 1.0), Long.MIN_VALUE))) {
            assertThatThrownBy(() -> h.processElement(bad))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "Streamkit " + name + ": record has Long.MIN_VALUE timestamp")
                    .hasMessageContaining("inProcessingTime()");
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void extremeTimestampsAndTheEndOfInputLeaveNothingBehind(String backend, String name)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, Object> h =
                harness(backend, functions().get(name).get());
        long[] times = {
            Long.MIN_VALUE + 1,
            Long.MIN_VALUE + 2,
            1000,
            1001,
            1002,
            1003,
            1004,
            Long.MAX_VALUE - 150,
            Long.MAX_VALUE - 5,
            Long.MAX_VALUE - 1,
            Long.MAX_VALUE
        };
        int seq = 0;
        java.util.Set<Long> legal = new java.util.HashSet<>();
        for (long t : times) {
            // records keep their own time; timer output is at an expiry (time + 100, saturated)
            legal.add(t);
            legal.add(TimeMath.add(t, 100));
        }
        for (long key = 1; key <= 3; key++) {
            for (long t : times) {
                // key 2 sees the far future first: its state must not be stuck there
                long ts = key == 2 ? times[times.length - 1 - seq % times.length] : t;
                h.processElement(new StreamRecord<>(new BadRecord(key, seq++, seq), ts));
            }
        }
        h.processWatermark(new Watermark(1500));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.numEventTimeTimers()).as("timers left").isZero();
        for (String state : stateNames(name)) {
            assertThat(HarnessSupport.keysWithState(h, state)).as(state).isZero();
        }
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord && ((StreamRecord<?>) o).hasTimestamp()) {
                long ts = ((StreamRecord<?>) o).getTimestamp();
                // an overflow of Long.MAX_VALUE + x would land near Long.MIN_VALUE
                assertThat(legal).as("output %s", o).contains(ts);
            }
        }
        h.close();
    }

    static List<String> stateNames(String name) {
        switch (name) {
            case "AlertSuppression":
                return Arrays.asList(AlertSuppression.STATE);
            case "LatestValue":
                return Arrays.asList(LatestValue.VALUE_STATE, LatestValue.EXPIRY_STATE);
            case "ChangeDetector":
                return Arrays.asList(ChangeDetector.VALUE_STATE, ChangeDetector.EXPIRY_STATE);
            case "RateLimiter":
                return Arrays.asList(RateLimiter.STATE);
            default:
                return Arrays.asList(LastN.EVENTS_STATE, LastN.EXPIRY_STATE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void changeDetectorCountsEveryBadValueOnceAgainstAnOracle(String backend) throws Exception {
        long seed = 1405L ^ backend.hashCode();
        System.out.println("StateFunctionsBadInputTest seed " + seed + " (" + backend + ")");
        SplittableRandom random = new SplittableRandom(seed);
        ChangeDetector<Long, BadRecord, Double> fn =
                ChangeDetector.<Long, BadRecord>numeric(
                                TYPE,
                                r -> {
                                    if (r.seq % 13 == 4) {
                                        throw new IllegalStateException("no value in " + r);
                                    }
                                    return r.value;
                                },
                                0.5,
                                Duration.ofDays(1))
                        .invalidRecordsTo(INVALID)
                        .build();
        @SuppressWarnings({"unchecked", "rawtypes"})
        KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, BadRecord> h =
                (KeyedOneInputStreamOperatorTestHarness) harness(backend, fn);
        double[] specials = {
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -0.0
        };
        Map<Long, Double> lastEmitted = new HashMap<>();
        long emitted = 0;
        long unchanged = 0;
        long invalid = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            long key = random.nextInt(20);
            double value =
                    random.nextInt(5) == 0
                            ? specials[random.nextInt(specials.length)]
                            : random.nextInt(6) * 0.3;
            BadRecord r = new BadRecord(key, i, value);
            h.processElement(new StreamRecord<>(r, 1000 + i));
            // oracle: NaN and a throwing extractor are invalid; otherwise a change is a
            // difference above the tolerance, infinities equal only to themselves
            if (i % 13 == 4 || Double.isNaN(value)) {
                invalid++;
                continue;
            }
            Double previous = lastEmitted.get(key);
            boolean changed;
            if (previous == null) {
                changed = true;
            } else if (Double.isInfinite(previous) || Double.isInfinite(value)) {
                changed = previous.doubleValue() != value;
            } else {
                changed = Math.abs(value - previous) > 0.5;
            }
            if (changed) {
                emitted++;
                lastEmitted.put(key, value);
            } else {
                unchanged++;
            }
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        List<StreamRecord<BadRecord>> out = DedupBadInputTest.records(h.getOutput());
        List<StreamRecord<BadRecord>> bad = DedupBadInputTest.records(h.getSideOutput(INVALID));
        assertThat(out).as("seed %s", seed).hasSize((int) emitted);
        assertThat(bad).as("seed %s", seed).hasSize((int) invalid);
        assertThat(emitted + unchanged + invalid).isEqualTo(n);
        assertThat(HarnessSupport.keysWithState(h, ChangeDetector.VALUE_STATE)).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void changeDetectorTreatsANullValueAsInvalid(String backend) throws Exception {
        ChangeDetector<Long, BadRecord, Long> fn =
                ChangeDetector.<Long, BadRecord, Long>of(
                                TYPE,
                                r -> r.seq % 2 == 0 ? null : (long) r.value,
                                Types.LONG,
                                Duration.ofMillis(100))
                        .invalidRecordsTo(INVALID)
                        .build();
        @SuppressWarnings({"unchecked", "rawtypes"})
        KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, BadRecord> h =
                (KeyedOneInputStreamOperatorTestHarness) harness(backend, fn);
        h.processElement(new StreamRecord<>(new BadRecord(1L, 1, 5), 10));
        h.processElement(new StreamRecord<>(new BadRecord(1L, 2, 5), 11)); // null: invalid
        h.processElement(new StreamRecord<>(new BadRecord(1L, 3, 5), 12)); // unchanged
        h.processElement(new StreamRecord<>(new BadRecord(1L, 5, 6), 13)); // changed
        assertThat(DedupBadInputTest.records(h.getOutput()))
                .extracting(r -> r.getValue().seq)
                .containsExactly(1, 5);
        assertThat(DedupBadInputTest.records(h.getSideOutput(INVALID)))
                .extracting(r -> r.getValue().seq)
                .containsExactly(2);
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void alertsAtTheEndOfTimeAreStillSuppressedWithinTheirSaturatedPeriod(String backend)
            throws Exception {
        // Alerts emitted at the final watermark carry timestamps near Long.MAX_VALUE: their period
        // end saturates at TimeMath.MAX_TIME and must not count as over for the next alert.
        KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, BadRecord> h =
                suppressionHarness(backend);
        h.processElement(new StreamRecord<>(new BadRecord(7L, 0, 1.0), TimeMath.MAX_TIME));
        h.processElement(new StreamRecord<>(new BadRecord(7L, 1, 1.0), TimeMath.MAX_TIME));
        h.processElement(new StreamRecord<>(new BadRecord(7L, 2, 1.0), Long.MAX_VALUE));
        assertFirstPassedAndTwoSummarized(h);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void alertsAtTheEndOfTimeFallIntoThePeriodStillOpen(String backend) throws Exception {
        // The first alert came at an earlier watermark (its own time); the next ones at the final
        // watermark, stamped at the end of time: the period (until 610 000) is still open, as its
        // timer has not fired, so they are suppressed and summarized, not let through.
        KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, BadRecord> h =
                suppressionHarness(backend);
        h.processElement(new StreamRecord<>(new BadRecord(7L, 0, 1.0), 10_000));
        h.processWatermark(new Watermark(10_000));
        h.processElement(new StreamRecord<>(new BadRecord(7L, 1, 1.0), TimeMath.MAX_TIME));
        h.processElement(new StreamRecord<>(new BadRecord(7L, 2, 1.0), Long.MAX_VALUE));
        assertFirstPassedAndTwoSummarized(h);
    }

    /**
     * After the final watermark: only the first alert (seq 0) passed, one summary counts the two
     * suppressed, and no timer is left.
     */
    private static void assertFirstPassedAndTwoSummarized(
            KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, BadRecord> h) throws Exception {
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(DedupBadInputTest.records(h.getOutput()))
                .extracting(r -> r.getValue().seq)
                .containsExactly(0);
        assertThat(h.getSideOutput(SUMMARIES))
                .extracting(r -> r.getValue().suppressed)
                .containsExactly(2L);
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    private static final OutputTag<SuppressionSummary<Long>> SUMMARIES =
            new OutputTag<>("summaries", SuppressionSummary.typeInfo(Types.LONG));

    /** A 10-minute {@link AlertSuppression} by record key, summaries to {@link #SUMMARIES}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyedOneInputStreamOperatorTestHarness<Long, BadRecord, BadRecord>
            suppressionHarness(String backend) throws Exception {
        AlertSuppression<Long, BadRecord> fn =
                AlertSuppression.<Long, BadRecord>builder(Duration.ofMinutes(10), Types.LONG, TYPE)
                        .summariesTo(SUMMARIES)
                        .build();
        return (KeyedOneInputStreamOperatorTestHarness) harness(backend, fn);
    }
}
