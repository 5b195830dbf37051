package com.example.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.windows.TxnStatsJob.Txn;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** core-windows README's complete example, run on a local cluster with its output checked. */
class WindowsReadmeSnippetsTest {

    @Test
    void theCompleteExampleComputesWhatTheReadmeSays() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        // the input of TxnStatsJob.main
        DataStream<Txn> txns =
                env.fromData(
                                new Txn("card-1", "shop-a", 12.50, 1_000L),
                                new Txn("card-1", "shop-b", 80.00, 20_000L),
                                new Txn("card-2", "shop-a", 5.25, 30_000L),
                                new Txn("card-1", "shop-a", 7.50, 61_000L))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Txn>forMonotonousTimestamps()
                                        .withTimestampAssigner((t, ts) -> t.time));
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = TxnStatsJob.perCardStats(txns).executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        // hand-computed: card-1 has 12.50 @ 1 s, 80.00 @ 20 s, 7.50 @ 61 s; card-2 5.25 @ 30 s
        for (String expected :
                List.of(
                        "card-1 until 60000: n=2 total=92.5 p99=80.0 merchants=2",
                        "card-1 until 120000: n=3 total=100.0 p99=80.0 merchants=2",
                        "card-2 until 60000: n=1 total=5.25 p99=5.25 merchants=1",
                        "card-1 until 3660000: n=1 total=7.5 p99=7.5 merchants=1")) {
            assertTrue(out.contains(expected), expected + " missing from " + out);
        }
        // 1 h windows sliding every minute: 60 per transaction, windows [k min, k min + 1 h)
        // containing 1, 20 or 61 s for card-1: ends 1..61 min (61 windows); card-2: 60
        assertEquals(61 + 60, out.size(), out.toString());
        assertTrue(out.stream().noneMatch(s -> s.contains("n=0")), out.toString());
    }
}
