package dev.streamkit.examples.local;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A checkpointed, bounded source of a {@link Scenario}'s raw records, built on Flink's {@link
 * DataGeneratorSource}: it resumes from its checkpointed position after a failure, so the records
 * reach the job exactly as a replayable stream (Kinesis) would deliver them.
 */
public final class ScenarioSource {
    private ScenarioSource() {}

    /**
     * A source of {@code scenario}'s records, at most {@code recordsPerSecond} per second (0 for as
     * fast as possible). Run it at parallelism 1 to keep the scenario's arrival order.
     */
    public static DataGeneratorSource<String> of(Scenario scenario, double recordsPerSecond) {
        long count = scenario.records().size();
        RateLimiterStrategy rate =
                recordsPerSecond > 0
                        ? RateLimiterStrategy.perSecond(recordsPerSecond)
                        : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(new Replay(scenario), count, rate, Types.STRING);
    }

    private static final class Replay implements GeneratorFunction<Long, String> {
        private static final long serialVersionUID = 1L;
        private final Scenario scenario;
        private transient List<String> records;

        Replay(Scenario scenario) {
            this.scenario = scenario;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            records = scenario.records();
        }

        @Override
        public String map(Long index) {
            return records.get(index.intValue());
        }
    }
}
