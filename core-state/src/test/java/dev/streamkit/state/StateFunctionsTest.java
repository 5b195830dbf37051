package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static dev.streamkit.state.HarnessSupport.Step.record;
import static dev.streamkit.state.HarnessSupport.Step.watermark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TTL keyed-state functions: behaviour, cleanup to zero, restore and rescale, on both backends.
 */
class StateFunctionsTest {
    private static final OutputTag<Tuple2<Long, Integer>> THROTTLED =
            new OutputTag<>("throttled", TYPE);
    private static final OutputTag<SuppressionSummary<Long>> SUMMARIES =
            new OutputTag<>("summaries", SuppressionSummary.typeInfo(Types.LONG));
    private static final OutputTag<Tuple2<Long, Integer>> EXPIRED =
            new OutputTag<>("expired", TYPE);

    private static <O> Cluster<Long, Tuple2<Long, Integer>, O> cluster(
            String backend,
            Supplier<KeyedProcessFunction<?, Tuple2<Long, Integer>, O>> function,
            List<OutputTag<?>> tags) {
        Supplier<OneInputStreamOperator<Tuple2<Long, Integer>, O>> factory =
                () -> operator(function.get());
        return new Cluster<>(factory, ID, Types.LONG, backend, tags);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <O> OneInputStreamOperator<Tuple2<Long, Integer>, O> operator(
            KeyedProcessFunction<?, Tuple2<Long, Integer>, O> function) {
        return new KeyedProcessOperator(function);
    }

    private static AlertSuppression<Long, Tuple2<Long, Integer>> suppression() {
        return AlertSuppression.<Long, Tuple2<Long, Integer>>builder(
                        Duration.ofMillis(100), Types.LONG, TYPE)
                .summariesTo(SUMMARIES)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void alertSuppressionEmitsFirstThenASummary(String backend) throws Exception {
        AlertSuppression<Long, Tuple2<Long, Integer>> fn = suppression();
        Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                cluster(backend, () -> fn, Arrays.asList(fn.summariesTag()));
        c.start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 0),
                        record(Tuple2.of(1L, 1), 10),
                        record(Tuple2.of(2L, 2), 15),
                        record(Tuple2.of(1L, 3), 20),
                        watermark(99)));
        assertThat(c.output()).containsExactly("(1,0)@0", "(2,2)@15");
        assertThat(c.sideOutput(0)).isEmpty();
        c.run(Arrays.asList(watermark(100), record(Tuple2.of(1L, 4), 150)));
        assertThat(c.sideOutput(0))
                .containsExactly("SuppressionSummary{key=1, suppressed=2, period=[0, 100)}@100");
        assertThat(c.output()).contains("(1,4)@150");
        c.run(Arrays.asList(watermark(Long.MAX_VALUE)));
        // key 2 and the second period of key 1 suppressed nothing: no summary
        assertThat(c.sideOutput(0)).hasSize(1);
        assertThat(c.keysWithState(AlertSuppression.STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void latestValueForwardsUpdatesAndNotifiesExpiry(String backend) throws Exception {
        LatestValue<Long, Tuple2<Long, Integer>> fn =
                LatestValue.<Long, Tuple2<Long, Integer>>builder(Duration.ofMillis(100), TYPE)
                        .expiredTo(EXPIRED)
                        .build();
        Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                cluster(backend, () -> fn, Arrays.asList(fn.expiredTag()));
        c.start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 0),
                        record(Tuple2.of(1L, 1), 50),
                        record(Tuple2.of(1L, 2), 40), // older than the stored one: stale
                        watermark(120)));
        assertThat(c.output()).containsExactly("(1,0)@0", "(1,1)@50");
        assertThat(c.sideOutput(0)).isEmpty(); // last update at 50: expires at 150
        c.run(Arrays.asList(watermark(150)));
        assertThat(c.sideOutput(0)).containsExactly("(1,1)@150");
        assertThat(c.keysWithState(LatestValue.VALUE_STATE)).isZero();
        assertThat(c.keysWithState(LatestValue.EXPIRY_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void changeDetectorHonoursTheTolerance(String backend) throws Exception {
        Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                cluster(
                        backend,
                        () ->
                                ChangeDetector.<Long, Tuple2<Long, Integer>>numeric(
                                                TYPE, t -> t.f1 / 10.0, 0.5, Duration.ofMillis(100))
                                        .build(),
                        Collections.emptyList());
        c.start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 100), 0), // 10.0 first: emitted
                        record(Tuple2.of(1L, 103), 1), // 10.3: within 0.5 of 10.0
                        record(Tuple2.of(1L, 106), 2), // 10.6: drifted 0.6 from 10.0
                        record(Tuple2.of(1L, 102), 3), // 10.2: within 0.5 of 10.6
                        record(Tuple2.of(1L, 100), 4))); // 10.0: 0.6 from 10.6
        assertThat(c.output()).containsExactly("(1,100)@0", "(1,100)@4", "(1,106)@2");
        c.run(Arrays.asList(watermark(104)));
        assertThat(c.keysWithState(ChangeDetector.VALUE_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.run(Arrays.asList(record(Tuple2.of(1L, 100), 200))); // forgotten: first again
        assertThat(c.output()).contains("(1,100)@200");
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void rateLimiterThrottlesPerKeyAndPeriod(String backend) throws Exception {
        Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                cluster(
                        backend,
                        () ->
                                RateLimiter.<Long, Tuple2<Long, Integer>>builder(
                                                2, Duration.ofMillis(100), TYPE)
                                        .throttledTo(THROTTLED)
                                        .build(),
                        Arrays.asList(THROTTLED));
        c.start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 0),
                        record(Tuple2.of(1L, 1), 10),
                        record(Tuple2.of(1L, 2), 20),
                        record(Tuple2.of(2L, 3), 25),
                        record(Tuple2.of(1L, 4), 99),
                        record(Tuple2.of(1L, 5), 100))); // a new period (timer not fired yet)
        assertThat(c.output()).containsExactly("(1,0)@0", "(1,1)@10", "(1,5)@100", "(2,3)@25");
        assertThat(c.sideOutput(0)).containsExactly("(1,2)@20", "(1,4)@99");
        c.run(Arrays.asList(watermark(200)));
        assertThat(c.keysWithState(RateLimiter.STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void lastNKeepsTheNewestRecordsYoungerThanTheExpiry(String backend) throws Exception {
        LastN<Long, Tuple2<Long, Integer>> fn =
                LastN.<Long, Tuple2<Long, Integer>>builder(2, Duration.ofMillis(100), TYPE).build();
        Cluster<Long, Tuple2<Long, Integer>, List<Tuple2<Long, Integer>>> c =
                cluster(backend, () -> fn, Collections.emptyList()).withOutputType(fn.outputType());
        c.start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 0),
                        record(Tuple2.of(1L, 1), 10),
                        record(Tuple2.of(1L, 2), 20),
                        record(Tuple2.of(1L, 3), 115))); // (1,1)@10 has expired by 115
        assertThat(c.output())
                .containsExactlyInAnyOrder(
                        "[(1,0)]@0",
                        "[(1,0), (1,1)]@10",
                        "[(1,1), (1,2)]@20",
                        "[(1,2), (1,3)]@115");
        c.run(Arrays.asList(watermark(215)));
        assertThat(c.keysWithState(LastN.EVENTS_STATE)).isZero();
        assertThat(c.keysWithState(LastN.EXPIRY_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    /** Every function, for the restore/rescale test: name, factory and side-output tags. */
    static Stream<Object[]> functions() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            AlertSuppression<Long, Tuple2<Long, Integer>> suppression = suppression();
            out.add(
                    new Object[] {
                        // a fresh function per subtask; the tag is equal across instances
                        backend,
                        "suppression",
                        supplier(StateFunctionsTest::suppression),
                        Arrays.asList(suppression.summariesTag())
                    });
            LatestValue<Long, Tuple2<Long, Integer>> latest =
                    LatestValue.<Long, Tuple2<Long, Integer>>builder(Duration.ofMillis(60), TYPE)
                            .expiredTo(EXPIRED)
                            .build();
            out.add(
                    new Object[] {
                        backend,
                        "latest",
                        supplier(
                                () ->
                                        LatestValue.<Long, Tuple2<Long, Integer>>builder(
                                                        Duration.ofMillis(60), TYPE)
                                                .expiredTo(EXPIRED)
                                                .build()),
                        Arrays.asList(latest.expiredTag())
                    });
            out.add(
                    new Object[] {
                        backend,
                        "change",
                        supplier(
                                () ->
                                        ChangeDetector.<Long, Tuple2<Long, Integer>, Integer>of(
                                                        TYPE,
                                                        t -> t.f1 % 3,
                                                        Types.INT,
                                                        Duration.ofMillis(60))
                                                .build()),
                        Collections.emptyList()
                    });
            out.add(
                    new Object[] {
                        backend,
                        "rate",
                        supplier(
                                () ->
                                        RateLimiter.<Long, Tuple2<Long, Integer>>builder(
                                                        2, Duration.ofMillis(60), TYPE)
                                                .throttledTo(THROTTLED)
                                                .build()),
                        Arrays.asList(THROTTLED)
                    });
            out.add(
                    new Object[] {
                        backend,
                        "last-n",
                        supplier(
                                () ->
                                        LastN.<Long, Tuple2<Long, Integer>>builder(
                                                        3, Duration.ofMillis(60), TYPE)
                                                .build()),
                        Collections.emptyList()
                    });
        }
        return out.stream();
    }

    private static Supplier<KeyedProcessFunction<?, Tuple2<Long, Integer>, ?>> supplier(
            Supplier<KeyedProcessFunction<?, Tuple2<Long, Integer>, ?>> s) {
        return s;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("functions")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void restoreAndRescaleEqualAnUninterruptedRunAndStateReturnsToZero(
            String backend,
            String name,
            Supplier<KeyedProcessFunction<?, Tuple2<Long, Integer>, ?>> function,
            List<OutputTag<?>> tags)
            throws Exception {
        long seed = 31;
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(seed, 1500, 40, 10, true);
        int third = script.size() / 3;
        TypeInformation<?> outputType =
                name.equals("last-n") ? Types.LIST(TYPE) : (TypeInformation<?>) TYPE;
        Cluster straight =
                cluster(backend, (Supplier) function, tags)
                        .withOutputType((TypeInformation) outputType)
                        .start(1, null);
        straight.run(script);
        Cluster restarted =
                cluster(backend, (Supplier) function, tags)
                        .withOutputType((TypeInformation) outputType)
                        .start(1, null);
        restarted.run(script.subList(0, third));
        OperatorSubtaskState s1 = restarted.snapshotAndStop(1);
        restarted.start(2, s1);
        restarted.run(script.subList(third, 2 * third));
        OperatorSubtaskState s2 = restarted.snapshotAndStop(2);
        restarted.start(1, s2);
        restarted.run(script.subList(2 * third, script.size()));
        assertThat(restarted.output()).as("%s seed %s", name, seed).isEqualTo(straight.output());
        for (int t = 0; t < tags.size(); t++) {
            assertThat(restarted.sideOutput(t))
                    .as("%s side output %s seed %s", name, t, seed)
                    .isEqualTo(straight.sideOutput(t));
        }
        assertThat(straight.output()).isNotEmpty();
        // the script ends with a final watermark: every key has expired
        for (KeyedProcessFunctionState s : KeyedProcessFunctionState.values()) {
            assertThat(restarted.keysWithState(s.stateName)).as("%s %s", name, s).isZero();
        }
        assertThat(restarted.eventTimeTimers()).as(name).isZero();
        straight.stop();
        restarted.stop();
    }

    /** Every state name of the functions (a name a function does not register counts zero). */
    enum KeyedProcessFunctionState {
        SUPPRESSION(AlertSuppression.STATE),
        LATEST(LatestValue.VALUE_STATE),
        LATEST_EXPIRY(LatestValue.EXPIRY_STATE),
        CHANGE(ChangeDetector.VALUE_STATE),
        CHANGE_EXPIRY(ChangeDetector.EXPIRY_STATE),
        RATE(RateLimiter.STATE),
        LAST_N(LastN.EVENTS_STATE),
        LAST_N_EXPIRY(LastN.EXPIRY_STATE);

        final String stateName;

        KeyedProcessFunctionState(String stateName) {
            this.stateName = stateName;
        }
    }

    @Test
    void misconfigurationNamesTheParameter() {
        assertThatThrownBy(() -> AlertSuppression.builder(Duration.ZERO, Types.LONG, TYPE).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period");
        assertThatThrownBy(() -> LatestValue.builder(Duration.ofSeconds(1), null).build())
                .hasMessageContaining("type");
        assertThatThrownBy(
                        () ->
                                ChangeDetector.<Long, Tuple2<Long, Integer>>numeric(
                                        TYPE, t -> t.f1, -1, Duration.ofSeconds(1)))
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> RateLimiter.builder(0, Duration.ofSeconds(1), TYPE).build())
                .hasMessageContaining("maxRecords");
        assertThatThrownBy(() -> LastN.builder(0, Duration.ofSeconds(1), TYPE).build())
                .hasMessageContaining("n must be");
        assertThatThrownBy(() -> LastN.builder(3, null, TYPE).build())
                .hasMessageContaining("expireAfter");
    }
}
