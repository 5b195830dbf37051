package com.example.state;

import static com.example.state.AlertPipeline.ALERT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.state.AlertPipeline.Alert;
import com.example.state.ReadmeSnippets.Notification;
import com.example.state.ReadmeSnippets.Order;
import com.example.state.ReadmeSnippets.Reading;
import com.example.state.ReadmeSnippets.Txn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * core-state/README.md's Java does what the README says: the complete example ({@link
 * AlertPipeline}) and the main fragments ({@link ReadmeSnippets}) run on a local cluster with
 * hand-computed outputs.
 */
class StateReadmeSnippetsTest {
    private static final TypeInformation<Order> ORDER = TypeInformation.of(Order.class);
    private static final TypeInformation<ReadmeSnippets.Alert> ALERT_TYPE =
            TypeInformation.of(ReadmeSnippets.Alert.class);
    private static final TypeInformation<Reading> READING = TypeInformation.of(Reading.class);
    private static final TypeInformation<Notification> NOTIFICATION =
            TypeInformation.of(Notification.class);
    private static final TypeInformation<Txn> TXN = TypeInformation.of(Txn.class);

    /** Fails unless {@code actual} has exactly the {@code expected} lines, in any order. */
    private static void assertSameLines(List<String> actual, String... expected) {
        List<String> want = new ArrayList<>(Arrays.asList(expected));
        List<String> got = new ArrayList<>(actual);
        want.sort(null);
        got.sort(null);
        assertEquals(want, got);
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    private static <T> WatermarkStrategy<T> at(
            org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<T> time) {
        return WatermarkStrategy.<T>forMonotonousTimestamps().withTimestampAssigner(time);
    }

    @SafeVarargs
    private static List<String> collect(DataStream<String>... streams) throws Exception {
        DataStream<String> all = streams[0];
        for (int i = 1; i < streams.length; i++) {
            all = all.union(streams[i]);
        }
        List<String> out = new ArrayList<>();
        all.executeAndCollect().forEachRemaining(out::add);
        return out;
    }

    private static <T> DataStream<String> labelled(String label, DataStream<T> s) {
        return s.map(x -> label + " " + x).returns(Types.STRING);
    }

    @Test
    void theCompleteExampleRemovesRetriesAndSuppressesRepeats() throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<Alert> alerts =
                env.fromData(
                                ALERT,
                                new Alert("a1", "cpu", 0),
                                new Alert("a1", "cpu", 1_000),
                                new Alert("a2", "cpu", 60_000),
                                new Alert(null, "disk", 90_000),
                                new Alert("a3", "disk", 120_000),
                                new Alert("a4", "cpu", 660_000))
                        .assignTimestampsAndWatermarks(at((a, t) -> a.time));
        SingleOutputStreamOperator<Alert> unique = AlertPipeline.unique(alerts);
        SingleOutputStreamOperator<Alert> out = AlertPipeline.suppressed(unique);

        assertSameLines(
                collect(
                        labelled("alert", out),
                        labelled("retry", unique.getSideOutput(AlertPipeline.RETRIES)),
                        labelled("no-id", unique.getSideOutput(AlertPipeline.WITHOUT_ID)),
                        labelled("summary", out.getSideOutput(AlertPipeline.SUPPRESSED))),
                "alert a1/cpu@0",
                "alert a3/disk@120000",
                "alert a4/cpu@660000",
                "retry a1/cpu@1000",
                "no-id null/disk@90000",
                "summary SuppressionSummary{key=cpu, suppressed=1, period=[0, 600000)}");
    }

    @Test
    void theExactDedupFragmentSplitsUniqueAndDuplicateOrders() throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<Order> orders =
                env.fromData(
                                ORDER,
                                new Order("o1", 0),
                                new Order("o2", 10),
                                new Order("o1", 20))
                        .assignTimestampsAndWatermarks(at((o, t) -> o.getCreatedAt()));
        List<DataStream<Order>> out = ReadmeSnippets.exact(orders, ORDER);

        assertSameLines(
                collect(labelled("unique", out.get(0)), labelled("duplicate", out.get(1))),
                "unique o1@0",
                "unique o2@10",
                "duplicate o1@20");
    }

    @Test
    void theKeyedStateFunctionFragmentsEmitWhatTheTableSays() throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<ReadmeSnippets.Alert> rawAlerts =
                env.fromData(
                                ALERT_TYPE,
                                new ReadmeSnippets.Alert("cpu"),
                                new ReadmeSnippets.Alert("cpu"),
                                new ReadmeSnippets.Alert("disk"))
                        .assignTimestampsAndWatermarks(at((a, t) -> 0L));
        DataStream<Reading> readings =
                env.fromData(
                                READING,
                                new Reading("d1", 20.0),
                                new Reading("d1", 20.3),
                                new Reading("d1", 21.0))
                        .assignTimestampsAndWatermarks(at((r, t) -> 1_000L));
        DataStream<Notification> notifications =
                env.fromData(
                                NOTIFICATION,
                                new Notification("u1"),
                                new Notification("u1"),
                                new Notification("u1"),
                                new Notification("u1"))
                        .assignTimestampsAndWatermarks(at((n, t) -> 0L));
        DataStream<Txn> txns =
                env.fromData(TXN, new Txn("c1", 5), new Txn("c1", 7))
                        .assignTimestampsAndWatermarks(at((x, t) -> 0L));
        Map<String, DataStream<?>> out =
                ReadmeSnippets.functions(
                        rawAlerts,
                        readings,
                        notifications,
                        txns,
                        ALERT_TYPE,
                        READING,
                        NOTIFICATION,
                        TXN);
        List<DataStream<String>> labelled = new ArrayList<>();
        out.forEach((name, stream) -> labelled.add(labelled(name, stream)));

        @SuppressWarnings("unchecked")
        List<String> lines = collect(labelled.toArray(new DataStream[0]));
        assertSameLines(
                lines,
                "alerts alert cpu",
                "alerts alert disk",
                // the period [0, 10 min) of cpu ends at the end-of-input watermark
                "summaries SuppressionSummary{key=cpu, suppressed=1, period=[0, 600000)}",
                "updates d1=20.0",
                "updates d1=20.3",
                "updates d1=21.0",
                // end of input expires every key: d1 went silent
                "silent d1=21.0",
                // 20.3 is within the 0.5 tolerance of the last emitted 20.0
                "changed d1=20.0",
                "changed d1=21.0",
                "sent to u1",
                "sent to u1",
                "sent to u1",
                "throttled to u1",
                "lastFive [c1:5]",
                "lastFive [c1:5, c1:7]");
    }
}
