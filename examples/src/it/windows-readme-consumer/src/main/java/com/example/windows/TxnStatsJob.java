package com.example.windows;

import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.Results;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

// The complete example of core-windows/README.md, verbatim (ReadmeSnippetsCoverageTest checks it).
public class TxnStatsJob {

    /** A card transaction (a Flink POJO: public fields, public no-argument constructor). */
    public static class Txn {
        public String card;
        public String merchant;
        public double amount;
        public long time;

        public Txn() {}

        public Txn(String card, String merchant, double amount, long time) {
            this.card = card;
            this.merchant = merchant;
            this.amount = amount;
            this.time = time;
        }
    }

    static DataStream<String> perCardStats(DataStream<Txn> txns) {
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        Aggregator<Txn, ?, Long> count = txn.count();
        Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
        Aggregator<Txn, ?, Double> p99 = txn.quantile(t -> t.amount, 0.99);
        Aggregator<Txn, ?, Long> merchants = txn.distinctCountOf(t -> t.merchant);

        OutputTag<LateEvent<Txn>> lateTxns =
                new OutputTag<>("late-txns", LateEvent.typeInfo(Types.POJO(Txn.class)));
        WindowAggregation<Txn, Results> lastHour =
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .aggregate(txn.of(count, total, p99, merchants))
                        .lateRecordsTo(lateTxns)
                        .build();

        SingleOutputStreamOperator<WindowResult<String, Results>> stats =
                lastHour.apply(txns.keyBy(t -> t.card));
        stats.getSideOutput(lateTxns).print("late");
        return stats.map(
                        r ->
                                r.key
                                        + " until "
                                        + r.windowEnd
                                        + ": n="
                                        + r.result.get(count)
                                        + " total="
                                        + r.result.get(total)
                                        + " p99="
                                        + r.result.get(p99)
                                        + " merchants="
                                        + r.result.get(merchants))
                .returns(Types.STRING);
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Txn> txns =
                env.fromData(
                                new Txn("card-1", "shop-a", 12.50, 1_000L),
                                new Txn("card-1", "shop-b", 80.00, 20_000L),
                                new Txn("card-2", "shop-a", 5.25, 30_000L),
                                new Txn("card-1", "shop-a", 7.50, 61_000L))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Txn>forMonotonousTimestamps()
                                        .withTimestampAssigner((t, ts) -> t.time));
        perCardStats(txns).print();
        env.execute("txn-stats");
    }
}
