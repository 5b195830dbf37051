package dev.streamkit.cep;

import static dev.streamkit.cep.testing.TestEvent.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.cep.testing.BadEvents;
import dev.streamkit.cep.testing.RandomStreams;
import dev.streamkit.cep.testing.TestEvent;
import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input at job level (MiniCluster, parallelism 2, restart strategy none, generic types
 * disabled): invalid records reach the side output of the stream {@code apply} returns on both
 * engines and the job finishes; a source without a watermark strategy fails the job with a message
 * naming the pattern; alerts at the end of bounded input carry their time.
 */
class BadInputITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final OutputTag<TestEvent> INVALID = new OutputTag<>("invalid", TestEvent.TYPE);

    private static StreamExecutionEnvironment env() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        TestConfigs.disableGenericTypes(env.getConfig());
        return env;
    }

    private static SingleOutputStreamOperator<FraudAlert<TestEvent>> run(
            FraudPattern<TestEvent> pattern, boolean fast, DataStream<TestEvent> events) {
        return fast
                ? pattern.engine(Engine.FAST_PATH).apply(events)
                : pattern.engine(Engine.FLINK_CEP).apply(events);
    }

    @ParameterizedTest(name = "fast path: {0}")
    @ValueSource(booleans = {false, true})
    void invalidRecordsReachTheSideOutputOfTheReturnedStream(boolean fast) throws Exception {
        TestEvent a1 = txn("a", 1_000, 5).seq(1);
        TestEvent a2 = txn("a", 2_000, 5).seq(2);
        TestEvent noKey = txn(null, 1_500, 5).seq(3);
        TestEvent throwingKey = txn(null, 1_600, 5);
        throwingKey.seq = -4;
        TestEvent noKind = new TestEvent("a", 1_700, null, 5).seq(5);
        TestEvent unknownKind = new TestEvent("a", 1_800, null, 5);
        unknownKind.seq = -6;
        TestEvent nanAmount = txn("b", 1_900, Double.NaN).seq(7); // valid: velocity-count
        TestEvent b2 = txn("b", 2_100, 5).seq(8);
        List<TestEvent> input =
                Arrays.asList(a1, noKey, throwingKey, noKind, unknownKind, nanAmount, a2, b2);

        StreamExecutionEnvironment env = env();
        DataStream<TestEvent> events =
                env.fromData(input, TestEvent.TYPE)
                        .assignTimestampsAndWatermarks(
                                FraudPatterns.watermarks(BadEvents.ADAPTER, Duration.ofSeconds(1)))
                        .setParallelism(1);
        FraudPattern<TestEvent> velocity =
                FraudPatterns.velocity(
                                VelocityConfig.builder()
                                        .maxCount(1)
                                        .window(Duration.ofSeconds(10))
                                        .build(),
                                BadEvents.ADAPTER,
                                TestEvent.TYPE)
                        .invalidRecordsTo(INVALID);
        SingleOutputStreamOperator<FraudAlert<TestEvent>> alerts = run(velocity, fast, events);
        List<FraudAlert<TestEvent>> alertList = new ArrayList<>();
        List<TestEvent> invalid = new ArrayList<>();
        try (CloseableIterator<FraudAlert<TestEvent>> a = alerts.collectAsync();
                CloseableIterator<TestEvent> i = alerts.getSideOutput(INVALID).collectAsync()) {
            env.execute("bad input");
            a.forEachRemaining(alertList::add);
            i.forEachRemaining(invalid::add);
        }
        assertThat(invalid).containsExactlyInAnyOrder(noKey, throwingKey, noKind, unknownKind);
        assertThat(alertList)
                .extracting(FraudAlert::evidence)
                .containsExactlyInAnyOrder(Arrays.asList(a1, a2), Arrays.asList(nanAmount, b2));
    }

    @ParameterizedTest(name = "fast path: {0}")
    @ValueSource(booleans = {false, true})
    void aSourceWithoutWatermarkStrategyFailsTheJobNamingThePattern(boolean fast) {
        StreamExecutionEnvironment env = env();
        // a FLIP-27 source without assignTimestampsAndWatermarks: records carry Long.MIN_VALUE
        DataStream<TestEvent> events =
                env.fromData(Arrays.asList(txn("a", 1_000, 5), txn("a", 2_000, 5)), TestEvent.TYPE);
        FraudPattern<TestEvent> velocity =
                FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(1).build(),
                        TestEvent.ADAPTER,
                        TestEvent.TYPE);
        String operator =
                fast
                        ? "Streamkit fast path 'velocity-count'"
                        : "Streamkit fraud pattern 'velocity-count' (flink-cep)";
        assertThatThrownBy(() -> run(velocity, fast, events).executeAndCollect(10))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        e,
                                                        operator + ": record has Long.MIN_VALUE"))
                                        .isPresent());
    }

    @Test
    void fastPathAlertsAtTheEndOfBoundedInputCarryTheirTime() throws Exception {
        List<TestEvent> arrival = RandomStreams.events(11, 600, 3, 1_000);
        for (CatalogTestCases.Case c : CatalogTestCases.all()) {
            if (!c.pattern.hasFastPath()) {
                continue;
            }
            StreamExecutionEnvironment env = env();
            // a bound longer than the data: every alert waits for the end-of-input watermark
            DataStream<TestEvent> events =
                    env.fromData(arrival, TestEvent.TYPE)
                            .assignTimestampsAndWatermarks(
                                    FraudPatterns.watermarks(TestEvent.ADAPTER, Duration.ofDays(1)))
                            .setParallelism(1);
            List<long[]> stamped =
                    c.pattern
                            .engine(Engine.FAST_PATH)
                            .apply(events)
                            .process(
                                    new TimestampAndLastEvent(),
                                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)
                            .executeAndCollect(10_000);
            assertThat(stamped).as("alerts of %s (not vacuous)", c).isNotEmpty();
            for (long[] s : stamped) {
                // the last evidence event's time, as flink-cep stamps it; not the end of time
                assertThat(s[0]).as("%s alert timestamp", c).isEqualTo(s[1]);
            }
        }
    }

    /** (record timestamp, last evidence time) of each alert. */
    private static final class TimestampAndLastEvent
            extends ProcessFunction<FraudAlert<TestEvent>, long[]> {
        @Override
        public void processElement(
                FraudAlert<TestEvent> alert, Context ctx, Collector<long[]> out) {
            out.collect(new long[] {ctx.timestamp(), alert.lastEventTime()});
        }
    }
}
