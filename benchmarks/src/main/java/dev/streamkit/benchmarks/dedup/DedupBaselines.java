package dev.streamkit.benchmarks.dedup;

import dev.streamkit.benchmarks.data.BenchEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/** What a user would write without Streamkit, for the same keep-first deduplication. */
public final class DedupBaselines {
    private DedupBaselines() {}

    /**
     * The straightforward DataStream version: keyed by id, a {@code ValueState<Boolean>} with state
     * TTL (processing time: Flink TTL has no event time) and the backend's default TTL cleanup.
     */
    public static DataStream<BenchEvent> handwritten(DataStream<BenchEvent> in, Duration ttl) {
        return in.keyBy(BenchEvent::getKey).process(new HandwrittenDedup(ttl)).name("dedup");
    }

    /** Keep-first with {@code ValueState<Boolean>} + TTL. */
    public static final class HandwrittenDedup
            extends KeyedProcessFunction<Long, BenchEvent, BenchEvent> {
        private final Duration ttl;
        private transient ValueState<Boolean> seen;

        public HandwrittenDedup(Duration ttl) {
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext parameters) {
            ValueStateDescriptor<Boolean> descriptor =
                    new ValueStateDescriptor<>("seen", Types.BOOLEAN);
            descriptor.enableTimeToLive(
                    StateTtlConfig.newBuilder(ttl)
                            .updateTtlOnCreateAndWrite()
                            .neverReturnExpired()
                            .build());
            seen = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(BenchEvent e, Context ctx, Collector<BenchEvent> out)
                throws Exception {
            if (seen.value() == null) {
                seen.update(true);
                out.collect(e);
            }
        }
    }

    /**
     * Flink SQL's deduplication pattern (ROW_NUMBER over a processing-time attribute, keep the
     * first row), mini-batch on, state bounded by {@code table.exec.state.ttl}.
     */
    public static DataStream<Row> sql(
            StreamExecutionEnvironment env, DataStream<BenchEvent> in, Duration ttl) {
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        Configuration conf = new Configuration();
        conf.setString("table.exec.mini-batch.enabled", "true");
        conf.setString("table.exec.mini-batch.allow-latency", "200 ms");
        conf.setString("table.exec.mini-batch.size", "5000");
        conf.setString("table.exec.state.ttl", ttl.toMillis() + " ms");
        tEnv.getConfig().addConfiguration(conf);
        Table events =
                tEnv.fromDataStream(
                        in,
                        Schema.newBuilder()
                                .column("key", "BIGINT")
                                .column("timestamp", "BIGINT")
                                .column("value", "BIGINT")
                                .columnByExpression("pt", "PROCTIME()")
                                .build());
        tEnv.createTemporaryView("events", events);
        Table unique =
                tEnv.sqlQuery(
                        "SELECT `key`, `timestamp`, `value` FROM ("
                                + " SELECT *, ROW_NUMBER() OVER (PARTITION BY `key` ORDER BY pt"
                                + " ASC) AS rn FROM events) WHERE rn = 1");
        // toChangelogStream, not toDataStream: Flink 2.2's changelog inference rejects this query
        // for toDataStream (it sees an updating Rank), while both lines plan it as the same
        // append-only Deduplicate operator for toChangelogStream (keep-first by processing time
        // only ever inserts)
        return tEnv.toChangelogStream(unique);
    }
}
