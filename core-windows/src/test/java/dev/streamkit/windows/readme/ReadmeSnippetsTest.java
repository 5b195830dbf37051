package dev.streamkit.windows.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LateEventRouter;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WatermarkPresets;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import dev.streamkit.windows.readme.TxnStatsJob.Txn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of core-windows/README.md, verbatim (the complete example in {@link
 * TxnStatsJob}, the others in the methods below, with what they refer to as parameters); the
 * complete example runs on a MiniCluster and its output is checked.
 */
class ReadmeSnippetsTest {

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
        assertThat(out)
                .contains(
                        "card-1 until 60000: n=2 total=92.5 p99=80.0 merchants=2",
                        "card-1 until 120000: n=3 total=100.0 p99=80.0 merchants=2",
                        "card-2 until 60000: n=1 total=5.25 p99=5.25 merchants=1",
                        "card-1 until 3660000: n=1 total=7.5 p99=7.5 merchants=1");
        // 1 h windows sliding every minute: 60 per transaction, windows [k min, k min + 1 h)
        // containing 1, 20 or 61 s for card-1: ends 1..61 min (61 windows); card-2: 60
        assertThat(out).hasSize(61 + 60);
        assertThat(out).allMatch(s -> !s.contains("n=0"));
    }

    @Test
    void everyJavaSnippetOfTheReadmeIsInATestSource() throws Exception {
        String readme =
                new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
        Path dir = Paths.get("src/test/java/dev/streamkit/windows/readme");
        String sources =
                squash(
                        new String(
                                        Files.readAllBytes(dir.resolve("ReadmeSnippetsTest.java")),
                                        StandardCharsets.UTF_8)
                                + new String(
                                        Files.readAllBytes(dir.resolve("TxnStatsJob.java")),
                                        StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int snippets = 0;
        while (m.find()) {
            snippets++;
            assertThat(sources)
                    .as("README snippet %s is not in the test sources:%n%s", snippets, m.group(1))
                    .contains(squash(m.group(1)));
        }
        assertThat(snippets).isEqualTo(7);
    }

    /** Without whitespace: the formatter may wrap the test's copy differently. */
    private static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }

    // ---------------------------------------------------------------------------------------
    // The other snippets, verbatim, in the order of the README.

    void aggregations(DataStream<Txn> txns) {
        Aggregations.Typed<Txn> txn = Aggregations.forType(Txn.class);
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

    void windows(Aggregations.Typed<Txn> txn, DataStream<Txn> txns) {
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

    void lateRecords(Aggregations.Typed<Txn> txn, DataStream<Txn> txns) {
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

    void invalidRecords(Aggregations.Typed<Txn> txn, DataStream<Txn> txns) {
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
