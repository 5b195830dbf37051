package dev.streamkit.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once through a failure: a replayable checkpointed source, the slicing operator with its
 * mini-batch buffer, and a map that fails once after a checkpoint completed. Every window must be
 * emitted exactly once with exactly the events of its range (no loss from the buffer, no double
 * counting after the replay).
 */
class SlicingExactlyOnceITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final int EVENTS = 6_000;
    static final int KEYS = 5;
    static final TypeInformation<Tuple3<Integer, Long, Long>> EVENT =
            Types.TUPLE(Types.INT, Types.LONG, Types.LONG);
    static final Fields.LongField<Tuple3<Integer, Long, Long>> VALUE = e -> e.f2;

    /** The windows' count and sum of {@link #VALUE}, read back with these parts. */
    static final TypedAggregations<Tuple3<Integer, Long, Long>> WINDOW_EVENTS =
            Aggregations.forType(EVENT);

    static final Aggregator<Tuple3<Integer, Long, Long>, ?, Long> COUNT = WINDOW_EVENTS.count();
    static final Aggregator<Tuple3<Integer, Long, Long>, ?, Long> SUM =
            WINDOW_EVENTS.sumLong(VALUE);

    /** Injected failures (the MiniCluster runs in this JVM). */
    static final AtomicInteger FAILURES = new AtomicInteger();

    /** Fails the first attempt once a checkpoint has completed and some results went through. */
    static final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
        private transient boolean checkpointed;
        private transient int seen;

        @Override
        public T map(T value) {
            seen++;
            // one failure in all: both subtasks of the first attempt could otherwise fail
            // before the job is cancelled
            if (checkpointed
                    && seen > 20
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && FAILURES.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void everyWindowIsEmittedExactlyOnceAcrossAFailure() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        TestConfigs.disableGenericTypes(env.getConfig());

        // event i: key i % KEYS, time i ms, value 1
        DataGeneratorSource<Tuple3<Integer, Long, Long>> source =
                new DataGeneratorSource<>(
                        i -> Tuple3.of((int) (i % KEYS), i, 1L),
                        EVENTS,
                        // gated by checkpoints, not the wall clock: checkpoints complete while
                        // data still flows at any machine speed, so the failure is always injected
                        RateLimiterStrategy.perCheckpoint(500),
                        EVENT);
        WindowAggregation<Tuple3<Integer, Long, Long>, Results> windows =
                Windows.sliding(Duration.ofMillis(100), Duration.ofMillis(50))
                        .aggregate(WINDOW_EVENTS.of(COUNT, SUM))
                        .build();
        List<String> results = new ArrayList<>();
        windows.apply(
                        env.fromSource(
                                        source,
                                        WatermarkStrategy
                                                .<Tuple3<Integer, Long, Long>>
                                                        forMonotonousTimestamps()
                                                .withTimestampAssigner((e, ts) -> e.f1),
                                        "events")
                                .setParallelism(1)
                                .keyBy(e -> e.f0, Types.INT))
                .uid("slicing")
                .map(new FailOnce<>())
                .map(
                        r ->
                                r.key
                                        + "@"
                                        + r.windowStart
                                        + "="
                                        + r.result.get(COUNT)
                                        + "/"
                                        + r.result.get(SUM))
                .returns(Types.STRING)
                .executeAndCollect()
                .forEachRemaining(results::add);

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
