package com.example.windows;

import com.example.windows.TxnStatsJob.Txn;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LateEventRouter;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WatermarkPresets;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The Java blocks of core-windows/README.md other than the complete example ({@link TxnStatsJob}),
 * verbatim, in the README's order; what a block uses but does not declare is a parameter.
 */
public class WindowsReadmeSnippets {

    /** The user class of the {@code into(...)} snippet. */
    public static class CardStats {
        public long count;
        public double total;
        public long largestCents;

        public CardStats() {}

        public CardStats(long count, double total, long largestCents) {
            this.count = count;
            this.total = total;
            this.largestCents = largestCents;
        }
    }

    void aggregations(DataStream<Txn> txns) {
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        Aggregator<Txn, ?, Long> count = txn.count();
        Aggregator<Txn, ?, Double> total = txn.sum(t -> t.amount);
        Aggregator<Txn, ?, Long> largestCents = txn.maxLong(t -> Math.round(t.amount * 100));

        // any number of parts, one pass, one accumulator; into(...) your own class
        Aggregator<Txn, ?, CardStats> stats =
                txn.of(count, total, largestCents)
                        .into(
                                r -> new CardStats(r.get(count), r.get(total), r.get(largestCents)),
                                CardStats.class);

        // one aggregator on Flink's own window API
        SingleOutputStreamOperator<Double> totals =
                total.applyTo(
                        txns.keyBy(t -> t.card)
                                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1))));
    }

    void windows(TypedAggregations<Txn> txn, DataStream<Txn> txns) {
        WindowAggregation<Txn, Long> sessions =
                Windows.session(Duration.ofMinutes(30))
                        .maxLength(Duration.ofHours(4))
                        .aggregate(txn.count())
                        .lateRecords(LatePolicy.allowedLateness(Duration.ofMinutes(5)))
                        .name("card sessions")
                        .uid("card-sessions")
                        .build();
        SingleOutputStreamOperator<WindowResult<String, Long>> perSession =
                sessions.apply(txns.keyBy(t -> t.card));

        WindowAggregation<Txn, Double> wallClock =
                Windows.tumbling(Duration.ofMinutes(1))
                        .aggregate(txn.sum(t -> t.amount))
                        .inProcessingTime()
                        .build();
    }

    void lateRecords(TypedAggregations<Txn> txn, DataStream<Txn> txns) {
        OutputTag<LateEvent<Txn>> late =
                new OutputTag<>("late-txns", LateEvent.typeInfo(Types.POJO(Txn.class)));

        LatePolicy<Txn> dropped = LatePolicy.drop(); // numLateRecordsDropped
        LatePolicy<Txn> routed = LatePolicy.sideOutput(late); // numLateRecordsSideOutput
        LatePolicy<Txn> corrected = LatePolicy.allowedLateness(Duration.ofMinutes(5));
        LatePolicy<Txn> both = LatePolicy.sideOutputWithLateness(late, Duration.ofMinutes(5));

        WindowAggregation<Txn, Long> perMinute =
                Windows.tumbling(Duration.ofMinutes(1))
                        .aggregate(txn.count())
                        .lateRecords(corrected)
                        .lateRecordsTo(late) // shorthand: keeps the 5 minutes of lateness
                        .build();
        DataStream<LateEvent<Txn>> lateTxns =
                perMinute.apply(txns.keyBy(t -> t.card)).getSideOutput(perMinute.lateRecordsTag());
    }

    void router(DataStream<Txn> txns) {
        LateEventRouter<Txn> router =
                LateEventRouter.builder(Types.POJO(Txn.class))
                        .allowedLateness(Duration.ofSeconds(30))
                        .build();
        SingleOutputStreamOperator<Txn> onTime = router.apply(txns);
        DataStream<LateEvent<Txn>> lateOnes = onTime.getSideOutput(router.lateRecordsTag());
    }

    void watermarks(StreamExecutionEnvironment env, Source<Txn, ?, ?> kinesisSource) {
        DataStream<Txn> fromKinesis =
                env.fromSource(
                        kinesisSource,
                        WatermarkPresets.<Txn>kinesis(Duration.ofSeconds(5), Duration.ofMinutes(1))
                                .withTimestampAssigner((t, ts) -> t.time),
                        "txns");
        DataStream<Txn> withIdleFlush =
                env.fromSource(
                        kinesisSource,
                        WatermarkPresets.<Txn>kinesisWithIdleFlush(
                                        Duration.ofSeconds(5),
                                        Duration.ofMinutes(1),
                                        Duration.ofMinutes(2))
                                .withTimestampAssigner((t, ts) -> t.time),
                        "txns-flushed");
    }

    void invalidRecords(TypedAggregations<Txn> txn, DataStream<Txn> txns) {
        OutputTag<Txn> unwindowable =
                new OutputTag<>("txns-out-of-time-range", Types.POJO(Txn.class));
        WindowAggregation<Txn, Double> totals =
                Windows.tumbling(Duration.ofMinutes(1))
                        .aggregate(txn.sum(t -> t.amount)) // NaN amounts: NaN sums
                        .invalidRecordsTo(unwindowable) // event time only
                        .build();
        SingleOutputStreamOperator<WindowResult<String, Double>> out =
                totals.apply(txns.keyBy(t -> t.card));
        DataStream<Txn> outOfRange =
                out.getSideOutput(unwindowable); // also counted in numInvalidRecords
    }
}
