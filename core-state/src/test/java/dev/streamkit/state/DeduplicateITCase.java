package dev.streamkit.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once through a failure: a checkpointed deterministic source emits each id 1-3 times, the
 * job fails once after a checkpoint completed and restarts from it, and every id comes out of the
 * deduplicator exactly once (read through a sink that publishes only completed checkpoints).
 */
class DeduplicateITCase {
    private static final int PARALLELISM = 2;
    private static final long IDS = 20_000;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    static final AtomicInteger FAILURES = new AtomicInteger();

    @BeforeEach
    void reset() {
        ExactlyOnceSink.PUBLISHED.clear();
        FAILURES.set(0);
    }

    @Test
    void everyIdComesOutExactlyOnceAcrossAFailureWithMiniBatch() throws Exception {
        run(500, false);
    }

    @Test
    void everyIdComesOutExactlyOnceAcrossAFailureWithoutMiniBatch() throws Exception {
        run(0, false);
    }

    /** RocksDB: the write-back buffer is on and written to state at every checkpoint. */
    @Test
    void everyIdComesOutExactlyOnceAcrossAFailureOnRocksDbWithTheWriteBuffer() throws Exception {
        run(0, true);
    }

    @SuppressWarnings("deprecation")
    private void run(int miniBatch, boolean rocksDb) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // by configuration, not setStateBackend / setRestartStrategy (both gone in Flink 2.x)
        conf.set(StateBackendOptions.STATE_BACKEND, rocksDb ? "rocksdb" : "hashmap");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        TestConfigs.disableGenericTypes(env.getConfig());
        env.enableCheckpointing(50);

        DataStream<Tuple2<Long, Integer>> events =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        (Long n) -> n,
                                        3 * IDS,
                                        // gated by checkpoints, not the wall clock: checkpoints
                                        // complete while data still flows at any machine speed,
                                        // so the failure is always injected after one
                                        RateLimiterStrategy.perCheckpoint(2_000),
                                        Types.LONG),
                                WatermarkStrategy.noWatermarks(),
                                "sequence")
                        .flatMap(
                                (Long n, Collector<Tuple2<Long, Integer>> out) -> {
                                    // id n % IDS, copy n / IDS: each id 1-3 times, copies far
                                    // apart so later copies meet restored state
                                    long id = n % IDS;
                                    int copy = (int) (n / IDS);
                                    if (copy <= id % 3) {
                                        out.collect(Tuple2.of(id, copy));
                                    }
                                })
                        .returns(Types.TUPLE(Types.LONG, Types.INT))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Tuple2<Long, Integer>>forBoundedOutOfOrderness(
                                                Duration.ofSeconds(1))
                                        .withTimestampAssigner((e, t) -> e.f0 + e.f1 * IDS));

        Deduplicate.exact((Tuple2<Long, Integer> e) -> e.f0, Types.LONG)
                .expireAfter(Duration.ofHours(1))
                .miniBatch(miniBatch)
                .uid("dedup")
                .build()
                .apply(events)
                .map(new FailOnceAfterCheckpoint())
                .uid("fail-once")
                .process(new ExactlyOnceSink())
                .uid("sink")
                .sinkTo(new DiscardingSink<>());
        env.execute("dedup exactly-once");

        assertThat(FAILURES.get()).as("the job failed and restarted once").isEqualTo(1);
        List<String> published = ExactlyOnceSink.published();
        Collections.sort(published);
        List<String> expected = new ArrayList<>();
        for (long id = 0; id < IDS; id++) {
            expected.add(Long.toString(id));
        }
        Collections.sort(expected);
        assertThat(published).hasSize((int) IDS).isEqualTo(expected);
    }

    /** Fails once (first attempt only), 100 records after a checkpoint completed. */
    static final class FailOnceAfterCheckpoint
            extends RichMapFunction<Tuple2<Long, Integer>, String> implements CheckpointListener {
        private transient boolean checkpointed;
        private transient long afterCheckpoint;

        @Override
        public String map(Tuple2<Long, Integer> value) throws Exception {
            boolean firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
            if (firstAttempt) {
                if (checkpointed && ++afterCheckpoint == 100 && FAILURES.compareAndSet(0, 1)) {
                    throw new RuntimeException("Injected failure after a completed checkpoint");
                }
            }
            return Long.toString(value.f0);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
