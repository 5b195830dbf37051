package dev.streamkit.benchmarks.dedup;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.data.Events;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.FlinkJob;
import dev.streamkit.benchmarks.harness.Measurement;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.state.Deduplicate;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * Issue 19's production family for {@code ./bench dedup}: keep-first dedup by id, horizons 10 min
 * and 24 h, 1 M and 10 M distinct ids ({@link ProductionDedupData}: 30 % duplicates, Zipf(1.1)
 * replays), every side checkpointing every 60 s of processing time (as Amazon Managed Service for
 * Apache Flink does) with incremental RocksDB checkpoints. Ours with its defaults against the
 * handwritten {@code ValueState<Boolean>} + TTL function and Flink SQL's ROW_NUMBER dedup
 * (mini-batch, state TTL), on the same data.
 *
 * <p>Event time: the 10 min family spreads first occurrences over 35 min (3.5 horizons), the 24 h
 * family over 48 h (2 horizons: state grows to half the ids, then the first day expires).
 *
 * <p>System properties: {@code dedup.family.scale} multiplies the distinct ids (default 1; the 10 M
 * cases take minutes per run on 2 vCPUs), {@code dedup.family.bytes=<ms>} checkpoints every {@code
 * ms} instead and prints, for each run, the size of the last completed checkpoint's files divided
 * by the ids alive at its barrier (state bytes per id).
 */
public final class ProductionFamily {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

    private static final Map<String, Dataset<BenchEvent>> DATA = new ConcurrentHashMap<>();

    private ProductionFamily() {}

    /** The family's cases: per shape, ours vs handwritten and ours vs SQL. */
    public static List<BenchCase> cases() {
        double scale = Double.parseDouble(System.getProperty("dedup.family.scale", "1"));
        List<BenchCase> cases = new ArrayList<>();
        for (int millions : new int[] {1, 10}) {
            for (Duration horizon : new Duration[] {Duration.ofMinutes(10), Duration.ofHours(24)}) {
                int ids = (int) Math.round(millions * 1_000_000 * scale);
                Duration span =
                        horizon.toHours() >= 24
                                ? horizon.multipliedBy(2)
                                : horizon.multipliedBy(7).dividedBy(2);
                String name =
                        "family-"
                                + (horizon.toHours() >= 24 ? "24h" : "10min")
                                + "-"
                                + millions
                                + "M";
                Workload ours =
                        job(
                                name,
                                ids,
                                span,
                                horizon,
                                "ours",
                                (env, in) ->
                                        Deduplicate.exact(BenchEvent::getKey, Types.LONG)
                                                .expireAfter(horizon)
                                                .build()
                                                .apply(in));
                cases.add(
                        BenchCase.of(
                                name,
                                "handwritten-valuestate-ttl",
                                ours,
                                job(
                                        name,
                                        ids,
                                        span,
                                        horizon,
                                        "handwritten",
                                        (env, in) -> DedupBaselines.handwritten(in, horizon))));
                cases.add(
                        BenchCase.of(
                                name,
                                "flink-sql-dedup",
                                ours,
                                job(
                                        name,
                                        ids,
                                        span,
                                        horizon,
                                        "sql",
                                        (env, in) -> DedupBaselines.sql(env, in, horizon))));
            }
        }
        return cases;
    }

    private static Workload job(
            String name,
            int ids,
            Duration span,
            Duration horizon,
            String side,
            BiFunction<StreamExecutionEnvironment, DataStream<BenchEvent>, DataStream<?>>
                    pipeline) {
        return backend -> {
            Dataset<BenchEvent> data =
                    DATA.computeIfAbsent(
                            name + "/" + ids,
                            k -> {
                                long start = System.nanoTime();
                                Dataset<BenchEvent> d = ProductionDedupData.generate(ids, span, 19);
                                System.err.printf(
                                        Locale.ROOT,
                                        "%s: %d events, %d distinct ids, %d ms event time,"
                                                + " generated in %d ms%n",
                                        k,
                                        d.size(),
                                        ids,
                                        d.records()[d.size() - 1].timestamp,
                                        (System.nanoTime() - start) / 1_000_000);
                                return d;
                            });
            String bytes = System.getProperty("dedup.family.bytes");
            File dir = Files.createTempDirectory("dedup-family-checkpoints").toFile();
            try {
                StateProbe.reset();
                Measurement m =
                        FlinkJob.run(
                                backend,
                                data,
                                data.size(),
                                Events.watermarks(Duration.ZERO),
                                (env, in) -> {
                                    checkpointing(
                                            env,
                                            dir,
                                            bytes == null
                                                    ? CHECKPOINT_INTERVAL.toMillis()
                                                    : Long.parseLong(bytes));
                                    DataStream<BenchEvent> source =
                                            bytes == null
                                                    ? in
                                                    : in.map(
                                                                    new StateProbe(
                                                                            dir.toPath(),
                                                                            data.size()))
                                                            .name("probe");
                                    return pipeline.apply(env, source);
                                });
                if (bytes != null && StateProbe.lastBytes > 0) {
                    long live =
                            ProductionDedupData.liveIds(data, (int) StateProbe.lastCount, horizon);
                    System.err.printf(
                            Locale.ROOT,
                            "%s | %s | %s: checkpoint at event %d: %d bytes, %d live ids,"
                                    + " %.1f bytes/id%n",
                            name,
                            side,
                            backend.id(),
                            StateProbe.lastCount,
                            StateProbe.lastBytes,
                            live,
                            (double) StateProbe.lastBytes / live);
                }
                return m;
            } finally {
                FileUtils.deleteDirectoryQuietly(dir);
            }
        };
    }

    /** Aligned exactly-once checkpoints every {@code intervalMs}, incremental on RocksDB. */
    static void checkpointing(StreamExecutionEnvironment env, File dir, long intervalMs) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // storage by configuration: CheckpointConfig#setCheckpointStorage is gone in Flink 2.x
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toURI().toString());
        env.configure(conf);
        env.enableCheckpointing(intervalMs);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
    }

    /**
     * Pass-through that remembers how many records preceded each checkpoint barrier and, when a
     * checkpoint completes, the size of every file under the checkpoint directory (the completed
     * checkpoint with the shared incremental files it references; older ones are subsumed).
     */
    static final class StateProbe extends RichMapFunction<BenchEvent, BenchEvent>
            implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static volatile long lastCount;
        static volatile long lastBytes;
        private static final Map<Long, Long> COUNTS = new ConcurrentHashMap<>();

        private final String dir;
        private final long total;
        private transient long count;

        StateProbe(Path dir, long total) {
            this.dir = dir.toString();
            this.total = total;
        }

        static void reset() {
            lastCount = 0;
            lastBytes = 0;
            COUNTS.clear();
        }

        @Override
        public void open(OpenContext context) {}

        @Override
        public BenchEvent map(BenchEvent value) {
            count++;
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            COUNTS.put(context.getCheckpointId(), count);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Long at = COUNTS.get(checkpointId);
            // the final checkpoint follows the end-of-input watermark, which expires every id
            if (at == null || at == 0 || at >= total) {
                return;
            }
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                long bytes =
                        files.filter(Files::isRegularFile)
                                .filter(f -> !f.toString().contains("chk-" + (checkpointId - 1)))
                                .mapToLong(f -> f.toFile().length())
                                .sum();
                lastCount = at;
                lastBytes = bytes;
            } catch (IOException | UncheckedIOException e) {
                // a subsumed checkpoint's files vanished while walking: keep the previous figure
            }
        }
    }
}
