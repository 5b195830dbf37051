package dev.streamkit.cep;

import static dev.streamkit.cep.testing.TestEvent.txn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.Step;
import dev.streamkit.cep.testing.TestEvent;
import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs on a MiniCluster (parallelism 2, checkpointing on, generic types disabled): the public
 * {@code apply} on both engines gives the expected alerts, and the same alerts.
 */
class FraudPatternsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static StreamExecutionEnvironment env() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        TestConfigs.disableGenericTypes(env.getConfig());
        return env;
    }

    private static List<FraudAlert<TestEvent>> run(
            List<TestEvent> arrival,
            Duration disorder,
            Function<DataStream<TestEvent>, DataStream<FraudAlert<TestEvent>>> pipeline)
            throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<TestEvent> events =
                env.fromData(arrival, TestEvent.TYPE)
                        .assignTimestampsAndWatermarks(
                                FraudPatterns.watermarks(TestEvent.ADAPTER, disorder))
                        // one channel into the keyed operators: events with equal timestamps then
                        // arrive in the same order in every run (flink-cep orders ties by arrival)
                        .setParallelism(1);
        List<FraudAlert<TestEvent>> alerts = new ArrayList<>();
        try (CloseableIterator<FraudAlert<TestEvent>> it =
                pipeline.apply(events).executeAndCollect()) {
            it.forEachRemaining(alerts::add);
        }
        alerts.sort(
                Comparator.comparing((FraudAlert<TestEvent> a) -> a.patternId())
                        .thenComparing(FraudAlert::key)
                        .thenComparingLong(FraudAlert::firstEventTime)
                        .thenComparing(a -> a.evidence().toString()));
        return alerts;
    }

    @Test
    void velocityJobReportsTheBurstOnBothEngines() throws Exception {
        TestEvent a1 = txn("a", 1_000, 5).seq(1), a2 = txn("a", 2_000, 5).seq(2);
        TestEvent a3 = txn("a", 3_000, 5).seq(3), b1 = txn("b", 3_100, 5).seq(4);
        TestEvent b2 = txn("b", 4_000, 5).seq(5), b3 = txn("b", 20_000, 5).seq(6);
        // arrival order differs from event-time order within the 2 s bound
        List<TestEvent> arrival = Arrays.asList(a2, a1, b1, a3, b2, b3);
        FraudPattern<TestEvent> velocity =
                FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(2).window(Duration.ofSeconds(10)).build(),
                        TestEvent.ADAPTER,
                        TestEvent.TYPE);
        FraudAlert<TestEvent> expected =
                new FraudAlert<>(
                        "velocity-count",
                        "a",
                        Severity.HIGH,
                        1.5,
                        1_000,
                        3_000,
                        Arrays.asList(a1, a2, a3));

        assertThat(run(arrival, Duration.ofSeconds(2), velocity.engine(Engine.FLINK_CEP)::apply))
                .containsExactly(expected);
        assertThat(run(arrival, Duration.ofSeconds(2), velocity.engine(Engine.FAST_PATH)::apply))
                .containsExactly(expected);
    }

    @Test
    void fastPathsAndFlinkCepAgreeOnAJob() throws Exception {
        List<TestEvent> events = RandomStreams.events(99, 2_000, 20, 500);
        List<TestEvent> arrival = new ArrayList<>();
        for (Step step : RandomStreams.arrival(events, 99, 1_000, false)) {
            if (step.isEvent()) {
                arrival.add(step.event());
            }
        }
        Duration t = Duration.ofSeconds(5);
        List<FraudPattern<TestEvent>> patterns =
                Arrays.asList(
                        FraudPatterns.velocity(
                                VelocityConfig.builder().maxCount(2).window(t).build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE),
                        FraudPatterns.bruteForce(
                                BruteForceConfig.builder().failures(2).window(t).build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE),
                        FraudPatterns.cardTesting(
                                CardTestingConfig.builder()
                                        .minSmallCount(1)
                                        .smallAmountMax(5)
                                        .largeAmountMin(500)
                                        .window(t)
                                        .build(),
                                TestEvent.ADAPTER,
                                TestEvent.TYPE));
        List<FraudAlert<TestEvent>> cep =
                run(
                        arrival,
                        Duration.ofSeconds(1),
                        in -> union(patterns, p -> p.engine(Engine.FLINK_CEP).apply(in)));
        List<FraudAlert<TestEvent>> fast =
                run(
                        arrival,
                        Duration.ofSeconds(1),
                        in -> union(patterns, p -> p.engine(Engine.FAST_PATH).apply(in)));
        assertThat(cep)
                .extracting(FraudAlert::patternId)
                .contains("velocity-count", "brute-force-login", "card-testing");
        assertThat(fast).containsExactlyElementsOf(cep);
    }

    @Test
    void twoVelocityPatternsWithDefaultIdsRunInOneJob() throws Exception {
        TestEvent a1 = txn("a", 1_000, 5).seq(1), a2 = txn("a", 2_000, 5).seq(2);
        TestEvent a3 = txn("a", 3_000, 5).seq(3), a4 = txn("a", 4_000, 5).seq(4);
        Duration t = Duration.ofSeconds(10);
        // same kind, default ids, different thresholds: once a "Hash collision on user-specified
        // ID" when the job graph was built
        FraudPattern<TestEvent> two =
                FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(2).window(t).build(),
                        TestEvent.ADAPTER,
                        TestEvent.TYPE);
        FraudPattern<TestEvent> three =
                FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(3).window(t).build(),
                        TestEvent.ADAPTER,
                        TestEvent.TYPE);
        List<FraudAlert<TestEvent>> alerts =
                run(
                        Arrays.asList(a1, a2, a3, a4),
                        Duration.ofSeconds(1),
                        in ->
                                two.engine(Engine.FAST_PATH)
                                        .apply(in)
                                        .union(
                                                three.engine(Engine.FAST_PATH).apply(in),
                                                two.engine(Engine.FLINK_CEP).apply(in),
                                                three.engine(Engine.FLINK_CEP).apply(in)));
        FraudAlert<TestEvent> byTwo =
                new FraudAlert<>(
                        "velocity-count",
                        "a",
                        Severity.HIGH,
                        1.5,
                        1_000,
                        3_000,
                        Arrays.asList(a1, a2, a3));
        FraudAlert<TestEvent> byThree =
                new FraudAlert<>(
                        "velocity-count",
                        "a",
                        Severity.HIGH,
                        4 / 3.0,
                        1_000,
                        4_000,
                        Arrays.asList(a1, a2, a3, a4));
        // each once per engine
        assertThat(alerts).containsExactlyInAnyOrder(byTwo, byTwo, byThree, byThree);
    }

    private static DataStream<FraudAlert<TestEvent>> union(
            List<FraudPattern<TestEvent>> patterns,
            Function<FraudPattern<TestEvent>, DataStream<FraudAlert<TestEvent>>> detect) {
        DataStream<FraudAlert<TestEvent>> all = detect.apply(patterns.get(0));
        for (int i = 1; i < patterns.size(); i++) {
            all = all.union(detect.apply(patterns.get(i)));
        }
        return all;
    }
}
