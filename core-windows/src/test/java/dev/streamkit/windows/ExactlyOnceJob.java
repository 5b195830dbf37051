package dev.streamkit.windows;

import dev.streamkit.common.testing.TestConfigs;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The job of the exactly-once ITCases ({@link SlicingExactlyOnceITCase}, {@link
 * SessionExactlyOnceITCase}): a replayable checkpointed source of {@link #EVENTS} events (event
 * {@code i}: key {@code i % KEYS}, a time the test chooses, value 1), a window operator with its
 * mini-batch buffer, and a map that fails once after a checkpoint completed ({@link FailOnce}). The
 * ITCases compare the results with their own plain-Java oracle.
 */
final class ExactlyOnceJob {
    private ExactlyOnceJob() {}

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

    /** Injected failures (the MiniCluster runs in this JVM); reset by {@link #run}. */
    static final AtomicInteger FAILURES = new AtomicInteger();

    /** The event time of event {@code i} (serializable: it runs in the source). */
    interface EventTime extends Serializable {
        long of(long i);
    }

    /** One task manager with two slots (the job runs at parallelism 2). */
    static MiniClusterExtension cluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

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

    /**
     * Runs {@code windows} (uid {@code uid}) over the events at parallelism 2 with checkpoints
     * every 50 ms and one injected failure; returns each result as {@code
     * key@windowStart=count/sum}.
     *
     * @param backend the state backend ("hashmap", "rocksdb"), or null for the default
     * @param time the event time of event {@code i}
     */
    static List<String> run(
            String backend,
            EventTime time,
            WindowAggregation<Tuple3<Integer, Long, Long>, Results> windows,
            String uid)
            throws Exception {
        FAILURES.set(0);
        Configuration conf = new Configuration();
        if (backend != null) {
            conf.set(StateBackendOptions.STATE_BACKEND, backend);
        }
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        TestConfigs.disableGenericTypes(env.getConfig());

        DataGeneratorSource<Tuple3<Integer, Long, Long>> source =
                new DataGeneratorSource<>(
                        i -> Tuple3.of((int) (i % KEYS), time.of(i), 1L),
                        EVENTS,
                        // gated by checkpoints, not the wall clock: checkpoints complete while
                        // data still flows at any machine speed, so the failure is always injected
                        RateLimiterStrategy.perCheckpoint(500),
                        EVENT);
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
                .uid(uid)
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
        return results;
    }
}
