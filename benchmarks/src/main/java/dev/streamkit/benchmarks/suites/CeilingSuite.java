package dev.streamkit.benchmarks.suites;

import dev.streamkit.benchmarks.data.BenchEvent;
import dev.streamkit.benchmarks.data.Events;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.FlinkJob;
import dev.streamkit.benchmarks.harness.Suite;
import dev.streamkit.benchmarks.harness.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * What this machine can do at all. "Ours" is the limit of a keyed job (source, keyBy, discarding
 * sink: nothing is computed); the baseline is Flink's built-in tumbling window count (1 s windows)
 * on the same data. Other suites' numbers read as a share of this pass-through.
 */
public class CeilingSuite implements Suite {

    @Override
    public List<BenchCase> cases(boolean quick) {
        int onHeap = quick ? 2_000_000 : 8_000_000;
        int onRocks = quick ? 300_000 : 1_000_000;
        List<BenchCase> cases = new ArrayList<>();
        for (int keys : new int[] {100, 10_000}) {
            Dataset<BenchEvent> data = Events.generate(onHeap, keys, 100_000, 0, 42L + keys);
            cases.add(
                    BenchCase.of(
                            "keyed-pass-through/" + keys + "-keys",
                            "flink-window-operator",
                            job(data, onHeap, onRocks, CeilingSuite::passThrough),
                            job(data, onHeap, onRocks, CeilingSuite::tumblingCount)));
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

    /** Source, keyBy and nothing else: the records still cross the network stack of the job. */
    static DataStream<?> passThrough(StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return in.keyBy(BenchEvent::getKey).map(e -> e.value).name("identity");
    }

    static DataStream<?> tumblingCount(StreamExecutionEnvironment env, DataStream<BenchEvent> in) {
        return in.keyBy(BenchEvent::getKey)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .aggregate(new Count());
    }

    /** Counts events; the accumulator is a Long (a basic type, no Kryo). */
    static final class Count implements AggregateFunction<BenchEvent, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(BenchEvent value, Long acc) {
            return acc + 1;
        }

        @Override
        public Long getResult(Long acc) {
            return acc;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }
}
