package dev.streamkit.benchmarks.harness;

import java.util.function.BiFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The end-to-end throughput harness: replays a pre-materialised {@link Dataset} through a job on an
 * embedded MiniCluster at parallelism 1 and measures from the first record read to the end of the
 * job's output, so cluster start-up and job deployment are not measured.
 *
 * <pre>{@code
 * Measurement m = FlinkJob.run(Backend.ROCKSDB, events, events.size(), strategy,
 *         (env, stream) -> stream.keyBy(e -> e.key).window(...).aggregate(...));
 * }</pre>
 */
public final class FlinkJob {
    private FlinkJob() {}

    /**
     * Runs {@code pipeline} over the first {@code count} records of {@code data}. The stream handed
     * to the pipeline carries timestamps and watermarks from {@code watermarks}; whatever stream
     * the pipeline returns is consumed by a discarding sink.
     */
    public static <T> Measurement run(
            Backend backend,
            Dataset<T> data,
            long count,
            WatermarkStrategy<T> watermarks,
            BiFunction<StreamExecutionEnvironment, DataStream<T>, DataStream<?>> pipeline)
            throws Exception {
        if (count <= 0 || count > data.size()) {
            throw new IllegalArgumentException(
                    "count must be in [1, " + data.size() + "], got " + count);
        }
        StreamExecutionEnvironment env = environment(backend);
        DataGeneratorSource<T> source =
                new DataGeneratorSource<>(new DatasetGenerator<>(data.id()), count, data.type());
        DataStream<T> input = env.fromSource(source, watermarks, "dataset").uid("dataset");
        DataStream<?> output = pipeline.apply(env, input);
        sink(output);
        Timing.reset();
        env.execute("bench");
        return new Measurement(count, Timing.elapsedNanos());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void sink(DataStream<?> output) {
        ((DataStream) output).sinkTo(new TimingSink<>()).name("discard").uid("discard");
    }

    /** A local environment at parallelism 1 on {@code backend}, generic types disabled. */
    public static StreamExecutionEnvironment environment(Backend backend) {
        Configuration config = new Configuration();
        backend.configure(config);
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, config);
        // GENERIC_TYPES=false above disables Kryo (ExecutionConfig#disableGenericTypes is gone in
        // 2.x)
        return env;
    }
}
