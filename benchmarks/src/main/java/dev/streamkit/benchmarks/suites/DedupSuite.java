package dev.streamkit.benchmarks.suites;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.data.Events;
import dev.streamkit.benchmarks.dedup.DedupBaselines;
import dev.streamkit.benchmarks.dedup.DedupData;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.FlinkJob;
import dev.streamkit.benchmarks.harness.Suite;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.state.IdHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Keep-first deduplication of a stream where each id appears 1-3 times (see {@link DedupData}), ids
 * forgotten 1 s after they were last seen (100 K events of event time at 100 K events/s, so runs
 * span many horizons and state is in steady state).
 *
 * <ul>
 *   <li>{@code exact} vs {@code handwritten-valuestate}: {@code ValueState<Boolean>} + state TTL.
 *   <li>{@code exact} and {@code exact-minibatch} vs {@code flink-sql-dedup}: ROW_NUMBER
 *       deduplication, mini-batch on.
 *   <li>{@code approximate} vs {@code exact}: rotating blocked Bloom filters (1 % FPR) against our
 *       exact deduplicator.
 * </ul>
 */
public class DedupSuite implements Suite {
    static final Duration HORIZON = Duration.ofSeconds(1);

    @Override
    public List<BenchCase> cases(boolean quick) {
        int onHeap = quick ? 1_000_000 : 2_000_000;
        int onRocks = quick ? 200_000 : 500_000;
        Dataset<BenchEvent> data = DedupData.generate(onHeap, 42L);
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
        cases.add(
                BenchCase.of(
                        "approximate",
                        "exact-minibatch",
                        job(data, onHeap, onRocks, DedupSuite::approximate),
                        job(data, onHeap, onRocks, DedupSuite::exactMiniBatch)));
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
