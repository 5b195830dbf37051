package dev.streamkit.examples.local;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A checkpointed, bounded source of a {@link Scenario}'s raw records ({@link Scenario#payloads()},
 * as Kinesis delivers them), built on Flink's {@link DataGeneratorSource}: it resumes from its
 * checkpointed position after a failure, like a replayable stream. Run it at parallelism 1 to keep
 * the scenario's arrival order. It emits no watermarks: the jobs derive them from the records (see
 * {@code JobInput}), so event time is carried by the data, not by the pace of the generator.
 */
public final class ScenarioSource {
    private ScenarioSource() {}

    /** {@code scenario}'s records, at most {@code recordsPerSecond} per second (0: unlimited). */
    public static DataGeneratorSource<byte[]> of(Scenario scenario, double recordsPerSecond) {
        long count = scenario.payloads().size();
        RateLimiterStrategy rate =
                recordsPerSecond > 0
                        ? RateLimiterStrategy.perSecond(recordsPerSecond)
                        : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(
                new Replay(scenario),
                count,
                rate,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    private static final class Replay implements GeneratorFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final Scenario scenario;
        private transient byte[][] records;

        Replay(Scenario scenario) {
            this.scenario = scenario;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            records = scenario.payloads().toArray(new byte[0][]);
        }

        @Override
        public byte[] map(Long index) {
            return records[index.intValue()];
        }
    }
}
