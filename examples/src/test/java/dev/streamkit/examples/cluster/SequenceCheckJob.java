package dev.streamkit.examples.cluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A semantics check in the style of Flink's own end-to-end tests: a checkpointed source emits
 * gap-free per-key sequence numbers ({@code i -> (i % keys, i / keys)}), a keyed checker holds the
 * next expected number per key in Flink state and counts duplicates and gaps, and at the end of
 * input each key reports {@code key,count,duplicates,gaps} once. Exactly-once state means every key
 * reports {@code count = total / keys} with zero duplicates and zero gaps, however often the job
 * failed and restored in between.
 */
final class SequenceCheckJob {
    private SequenceCheckJob() {}

    static JobGraph build(
            long total, int keys, double recordsPerSecond, int parallelism, Path output) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        env.getConfig().disableGenericTypes();
        env.setParallelism(parallelism);
        GeneratorFunction<Long, Long> identity = i -> i;
        DataGeneratorSource<Long> source =
                new DataGeneratorSource<>(
                        identity,
                        total,
                        RateLimiterStrategy.perSecond(recordsPerSecond),
                        Types.LONG);
        env.fromSource(
                        source,
                        WatermarkStrategy.<Long>forMonotonousTimestamps()
                                .withTimestampAssigner((i, ts) -> i),
                        "sequence")
                .setParallelism(1)
                .uid("sequence")
                .map(i -> Tuple2.of(i % keys, i / keys))
                .returns(Types.TUPLE(Types.LONG, Types.LONG))
                .setParallelism(1)
                .uid("split")
                .keyBy(t -> t.f0)
                .process(new Checker())
                .uid("checker")
                .sinkTo(new LineFileSink(output.toString()))
                .uid("summary");
        return env.getStreamGraph().getJobGraph();
    }

    /** Per key: the next expected sequence number, duplicates and gaps, all in Flink state. */
    static final class Checker extends KeyedProcessFunction<Long, Tuple2<Long, Long>, String> {
        private transient ValueState<Long> next;
        private transient ValueState<Long> duplicates;
        private transient ValueState<Long> gaps;

        @Override
        public void open(Configuration parameters) {
            next = getRuntimeContext().getState(new ValueStateDescriptor<>("next", Types.LONG));
            duplicates =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("duplicates", Types.LONG));
            gaps = getRuntimeContext().getState(new ValueStateDescriptor<>("gaps", Types.LONG));
        }

        @Override
        public void processElement(Tuple2<Long, Long> value, Context ctx, Collector<String> out)
                throws IOException {
            Long expected = next.value();
            if (expected == null) {
                expected = 0L;
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            long seq = value.f1;
            if (seq < expected) {
                duplicates.update(orZero(duplicates.value()) + 1);
            } else {
                if (seq > expected) {
                    gaps.update(orZero(gaps.value()) + (seq - expected));
                }
                next.update(seq + 1);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
                throws IOException {
            out.collect(
                    ctx.getCurrentKey()
                            + ","
                            + orZero(next.value())
                            + ","
                            + orZero(duplicates.value())
                            + ","
                            + orZero(gaps.value()));
            next.clear();
            duplicates.clear();
            gaps.clear();
        }

        private static long orZero(Long value) {
            return value == null ? 0 : value;
        }
    }

    /** Appends each line to a file of its own writer instance in a shared local directory. */
    static final class LineFileSink implements Sink<String> {
        private final String directory;

        LineFileSink(String directory) {
            this.directory = directory;
        }

        @Override
        @Deprecated
        public SinkWriter<String> createWriter(InitContext context) throws IOException {
            return new Writer(Paths.get(directory));
        }

        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
            return new Writer(Paths.get(directory));
        }

        private static final class Writer implements SinkWriter<String> {
            private final BufferedWriter out;

            Writer(Path directory) throws IOException {
                Files.createDirectories(directory);
                out =
                        Files.newBufferedWriter(
                                directory.resolve(UUID.randomUUID() + ".txt"),
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE_NEW);
            }

            @Override
            public void write(String element, Context context) throws IOException {
                out.write(element);
                out.newLine();
                out.flush();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        }
    }

    static Duration expectedRuntime(long total, double recordsPerSecond) {
        return Duration.ofMillis((long) (total * 1000 / recordsPerSecond));
    }
}
