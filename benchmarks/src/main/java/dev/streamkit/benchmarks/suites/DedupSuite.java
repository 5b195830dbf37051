package dev.streamkit.benchmarks.suites;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.data.Events;
import dev.streamkit.benchmarks.dedup.DedupBaselines;
import dev.streamkit.benchmarks.dedup.DedupData;
import dev.streamkit.benchmarks.dedup.ProductionFamily;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.FlinkJob;
import dev.streamkit.benchmarks.harness.Suite;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.state.IdHasher;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * Keep-first deduplication of a stream where each id appears 1-3 times (see {@link DedupData}), ids
 * forgotten 1 s after they were last seen. Event time advances 1 s per 100 K events, so the runs (1
 * M events quick, 2 M full, on both backends) span 10-20 horizons. The final watermark (end of
 * input) expires the last horizon's ids inside the timed window, which the baselines' state TTL
 * never pays for, so shorter runs overweight that drain; they were also noisier (the RocksDB runs
 * were 200 K events until session 4 and 500 K until session 5, about one second each). Ours and the
 * baselines replay the same generated data.
 *
 * <ul>
 *   <li>{@code exact} vs {@code handwritten-valuestate}: {@code ValueState<Boolean>} + state TTL.
 *   <li>{@code exact} and {@code exact-minibatch} vs {@code flink-sql-dedup}: ROW_NUMBER
 *       deduplication, mini-batch on.
 *   <li>{@code exact-checkpoint-100ms} (RocksDB only) vs the handwritten and the SQL baselines:
 *       every side checkpoints every 100 ms, so our write-back buffer is written to RocksDB 10
 *       times per horizon and almost every id is written once and deleted once: the steady state of
 *       a job whose horizon is longer than its checkpoint interval.
 *   <li>{@code exact-writebuffer-off} (RocksDB only): ours without the write-back buffer.
 *   <li>{@code approximate} vs {@code exact} (both with their defaults), and {@code
 *       approximate-checkpoint-100ms} vs {@code exact-checkpoint-100ms} (RocksDB only): rotating
 *       blocked Bloom filters (1 % FPR) against our exact deduplicator.
 * </ul>
 */
public class DedupSuite implements Suite {
    static final Duration HORIZON = Duration.ofSeconds(1);
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(100);

    @Override
    public List<BenchCase> cases(boolean quick) {
        int onHeap = quick ? 1_000_000 : 2_000_000;
        int onRocks = onHeap;
        Dataset<BenchEvent> data = DedupData.generate(onHeap, 42L);
        // the same data for every case and side
        List<BenchCase> cases = new ArrayList<>();
        cases.add(
                BenchCase.of(
                        "exact",
                        "handwritten-valuestate",
                        job(data, onHeap, onRocks, DedupSuite::exact),
                        job(data, onHeap, onRocks, DedupSuite::handwritten)));
        cases.add(
                BenchCase.of(
                        "exact-minibatch",
                        "handwritten-valuestate",
                        job(data, onHeap, onRocks, DedupSuite::exactMiniBatch),
                        job(data, onHeap, onRocks, DedupSuite::handwritten)));
        cases.add(
                BenchCase.of(
                        "exact",
                        "flink-sql-dedup",
                        job(data, onHeap, onRocks, DedupSuite::exact),
                        job(data, onHeap, onRocks, DedupSuite::sql)));
        cases.add(
                BenchCase.of(
                        "exact-minibatch",
                        "flink-sql-dedup",
                        job(data, onHeap, onRocks, DedupSuite::exactMiniBatch),
                        job(data, onHeap, onRocks, DedupSuite::sql)));
        // RocksDB only: our write-back buffer written at every checkpoint (horizon = 10
        // intervals, so most ids are written once and deleted), both sides checkpointing
        cases.add(
                BenchCase.of(
                        "exact-checkpoint-100ms",
                        "handwritten-valuestate-checkpoint-100ms",
                        job(data, onHeap, onRocks, checkpointed(DedupSuite::exact)),
                        job(data, onHeap, onRocks, checkpointed(DedupSuite::handwritten)),
                        Backend.ROCKSDB));
        cases.add(
                BenchCase.of(
                        "exact-checkpoint-100ms",
                        "flink-sql-dedup-checkpoint-100ms",
                        job(data, onHeap, onRocks, checkpointed(DedupSuite::exact)),
                        job(data, onHeap, onRocks, checkpointed(DedupSuite::sql)),
                        Backend.ROCKSDB));
        // RocksDB only: without the write-back buffer (every insert and refresh a put, every
        // expiry a delete, as before the buffer existed)
        cases.add(
                BenchCase.of(
                        "exact-writebuffer-off",
                        "handwritten-valuestate",
                        job(data, onHeap, onRocks, DedupSuite::exactNoWriteBuffer),
                        job(data, onHeap, onRocks, DedupSuite::handwritten),
                        Backend.ROCKSDB));
        cases.add(
                BenchCase.of(
                        "approximate",
                        "exact",
                        job(data, onHeap, onRocks, DedupSuite::approximate),
                        job(data, onHeap, onRocks, DedupSuite::exact)));
        // RocksDB only: both sides write their heap caches back at every checkpoint
        cases.add(
                BenchCase.of(
                        "approximate-checkpoint-100ms",
                        "exact-checkpoint-100ms",
                        job(data, onHeap, onRocks, checkpointed(DedupSuite::approximate)),
                        job(data, onHeap, onRocks, checkpointed(DedupSuite::exact)),
                        Backend.ROCKSDB));
        // issue 19's production family (60 s checkpoints, incremental RocksDB)
        cases.addAll(ProductionFamily.cases());
        // -Ddedup.only=exact-minibatch/flink-sql-dedup narrows a profiling run to one case
        String only = System.getProperty("dedup.only");
        if (only != null) {
            cases.removeIf(c -> !(c.name() + "/" + c.baseline()).equals(only));
        }
        return cases;
    }

    static Workload job(
            Dataset<BenchEvent> data,
            int onHeap,
            int onRocks,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        return backend ->
                FlinkJob.run(
                        backend,
                        data,
                        backend == Backend.ROCKSDB ? onRocks : onHeap,
                        Events.watermarks(Duration.ZERO),
                        pipeline);
    }

    static DataStream<?> exact(StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return Deduplicate.exact(BenchEvent::getKey, Types.LONG)
                .expireAfter(HORIZON)
                .build()
                .apply(in);
    }

    static DataStream<?> exactNoWriteBuffer(
            StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return Deduplicate.exact(BenchEvent::getKey, Types.LONG)
                .expireAfter(HORIZON)
                .writeBuffer(0)
                .build()
                .apply(in);
    }

    /**
     * The pipeline with a checkpoint every 100 ms (aligned, exactly-once, file storage in a
     * temporary directory so RocksDB snapshots are not bounded by the JobManager's memory).
     */
    static BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
            checkpointed(
                    BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                            pipeline) {
        return (env, in) -> {
            env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
            env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
            try {
                File dir = Files.createTempDirectory("dedup-bench-checkpoints").toFile();
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(() -> FileUtils.deleteDirectoryQuietly(dir)));
                // by configuration: CheckpointConfig#setCheckpointStorage is gone in Flink 2.x
                Configuration storage = new Configuration();
                storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toURI().toString());
                env.configure(storage);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return pipeline.apply(env, in);
        };
    }

    static DataStream<?> exactMiniBatch(StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return Deduplicate.exact(BenchEvent::getKey, Types.LONG)
                .expireAfter(HORIZON)
                .miniBatch(5000)
                .build()
                .apply(in);
    }

    static DataStream<?> approximate(StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return Deduplicate.approximate(IdHasher.ofLong((BenchEvent e) -> e.key))
                .expireAfter(HORIZON)
                // 1 M events per horizon, at most that many distinct ids
                .expectedIdsPerHorizon(HORIZON.toMillis() * DedupData.EVENTS_PER_MS)
                .falsePositiveRate(0.01)
                .build()
                .apply(in);
    }

    static DataStream<?> handwritten(StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return DedupBaselines.handwritten(in, HORIZON);
    }

    static DataStream<?> sql(StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return DedupBaselines.sql(env, in, HORIZON);
    }
}
