package dev.streamkit.state.readme;

import static dev.streamkit.state.readme.AlertPipeline.ALERT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.state.readme.AlertPipeline.Alert;
import dev.streamkit.state.readme.ReadmeSnippets.Notification;
import dev.streamkit.state.readme.ReadmeSnippets.Order;
import dev.streamkit.state.readme.ReadmeSnippets.Reading;
import dev.streamkit.state.readme.ReadmeSnippets.Txn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * core-state/README.md's Java compiles and does what the README says: every ```java block is, up to
 * whitespace, in {@link AlertPipeline} or {@link ReadmeSnippets} (which the build compiles), and
 * the complete example and the main fragments run on a MiniCluster with hand-computed outputs.
 */
class ReadmeSnippetsTest {
    private static final Path SOURCES = Paths.get("src/test/java/dev/streamkit/state/readme");

    private static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void everyJavaBlockOfTheReadmeIsCompiledHere() throws Exception {
        String readme =
                new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
        String compiled =
                squash(
                        new String(
                                        Files.readAllBytes(SOURCES.resolve("AlertPipeline.java")),
                                        StandardCharsets.UTF_8)
                                + new String(
                                        Files.readAllBytes(SOURCES.resolve("ReadmeSnippets.java")),
                                        StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSize(6);
        for (String block : blocks) {
            assertThat(compiled)
                    .as("README block not in the compiled sources:%n%s", block)
                    .contains(squash(block));
        }
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

        assertThat(
                        collect(
                                labelled("alert", out),
                                labelled("retry", unique.getSideOutput(AlertPipeline.RETRIES)),
                                labelled("no-id", unique.getSideOutput(AlertPipeline.WITHOUT_ID)),
                                labelled("summary", out.getSideOutput(AlertPipeline.SUPPRESSED))))
                .containsExactlyInAnyOrder(
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
                                ReadmeSnippets.orderType,
                                new Order("o1", 0),
                                new Order("o2", 10),
                                new Order("o1", 20))
                        .assignTimestampsAndWatermarks(at((o, t) -> o.getCreatedAt()));
        List<DataStream<Order>> out = ReadmeSnippets.exact(orders);

        assertThat(collect(labelled("unique", out.get(0)), labelled("duplicate", out.get(1))))
                .containsExactlyInAnyOrder("unique o1@0", "unique o2@10", "duplicate o1@20");
    }

    @Test
    void theKeyedStateFunctionFragmentsEmitWhatTheTableSays() throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<ReadmeSnippets.Alert> rawAlerts =
                env.fromData(
                                ReadmeSnippets.alertType,
                                new ReadmeSnippets.Alert("cpu"),
                                new ReadmeSnippets.Alert("cpu"),
                                new ReadmeSnippets.Alert("disk"))
                        .assignTimestampsAndWatermarks(at((a, t) -> 0L));
        DataStream<Reading> readings =
                env.fromData(
                                ReadmeSnippets.readingType,
                                new Reading("d1", 20.0),
                                new Reading("d1", 20.3),
                                new Reading("d1", 21.0))
                        .assignTimestampsAndWatermarks(at((r, t) -> 1_000L));
        DataStream<Notification> notifications =
                env.fromData(
                                ReadmeSnippets.notificationType,
                                new Notification("u1"),
                                new Notification("u1"),
                                new Notification("u1"),
                                new Notification("u1"))
                        .assignTimestampsAndWatermarks(at((n, t) -> 0L));
        DataStream<Txn> txns =
                env.fromData(ReadmeSnippets.txnType, new Txn("c1", 5), new Txn("c1", 7))
                        .assignTimestampsAndWatermarks(at((x, t) -> 0L));
        Map<String, DataStream<?>> out =
                ReadmeSnippets.functions(rawAlerts, readings, notifications, txns);
        List<DataStream<String>> labelled = new ArrayList<>();
        out.forEach((name, stream) -> labelled.add(labelled(name, stream)));

        @SuppressWarnings("unchecked")
        List<String> lines = collect(labelled.toArray(new DataStream[0]));
        assertThat(lines)
                .containsExactlyInAnyOrder(
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
