package dev.streamkit.upgrade;

import dev.streamkit.cep.Engine;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.VelocityConfig;
import dev.streamkit.state.AlertSuppression;
import dev.streamkit.state.ChangeDetector;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.state.IdHasher;
import dev.streamkit.state.LastN;
import dev.streamkit.state.LatestValue;
import dev.streamkit.state.RateLimiter;
import dev.streamkit.state.SuppressionSummary;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One job holding every stateful Streamkit operator, each on its own branch with a stable uid. Its
 * source is the only thing that differs between the runs: phase 1 gated before a savepoint (the
 * Flink 1.20 writer), phase 2 after restoring it (Flink 2.2), or all of it uninterrupted. The same
 * source file is compiled for both lines (flink2/upgrade-writer compiles it for 1.20).
 *
 * <p>Every output line is {@code "<branch>|<value>"}; {@link #OUTPUT} collects them in this JVM.
 */
public final class UpgradeJob {
    /** Branch names, in job order: the operators whose state must survive the upgrade. */
    public static final List<String> BRANCHES =
            Arrays.asList(
                    "windows-sliding",
                    "windows-sliding-hll",
                    "sessions",
                    "sessions-late",
                    "dedup-exact",
                    "dedup-approximate",
                    "alert-suppression",
                    "alert-suppression-summary",
                    "latest-value",
                    "latest-value-expired",
                    "change-detector",
                    "rate-limiter",
                    "rate-limiter-throttled",
                    "last-n",
                    "cep-fast-path",
                    "cep-flink-cep");

    /** The stateful operators (each branch is one of them, or a side output of one). */
    public static final List<String> OPERATORS =
            Arrays.asList(
                    "windows-sliding",
                    "windows-sliding-hll",
                    "sessions",
                    "dedup-exact",
                    "dedup-approximate",
                    "alert-suppression",
                    "latest-value",
                    "change-detector",
                    "rate-limiter",
                    "last-n",
                    "cep-fast-path",
                    "cep-flink-cep");

    /** The operator a branch belongs to: side-output branches are "operator-suffix". */
    public static String operatorOf(String branch) {
        for (String suffix : Arrays.asList("-late", "-summary", "-expired", "-throttled")) {
            if (branch.endsWith(suffix)) {
                return branch.substring(0, branch.length() - suffix.length());
            }
        }
        return branch;
    }

    /** Output lines of the runs in this JVM. */
    public static final ConcurrentLinkedQueue<String> OUTPUT = new ConcurrentLinkedQueue<>();

    /** Records the source emitted in this JVM (the writer stops once phase 1 is all out). */
    public static final AtomicLong EMITTED = new AtomicLong();

    private static final TypeInformation<Ev> EV = Types.POJO(Ev.class);

    private UpgradeJob() {}

    /**
     * Adds the job to {@code env}.
     *
     * @param input the events the source emits, in order
     * @param sourceUid the source's uid (each run's source is new state: never restored)
     * @param gated whether the source holds after {@code input} until a checkpoint (the writer: it
     *     stops with a savepoint while the source waits, so nothing follows the barrier)
     */
    public static void build(
            StreamExecutionEnvironment env, List<Ev> input, String sourceUid, boolean gated) {
        List<Ev> events = new ArrayList<>(input);
        int n = events.size();
        DataGeneratorSource<Ev> source =
                new DataGeneratorSource<>(
                        index -> index < n ? events.get(index.intValue()).copy() : null,
                        gated ? n + 1 : n,
                        gated ? RateLimiterStrategy.perCheckpoint(n) : RateLimiterStrategy.noOp(),
                        EV);
        DataStream<Ev> in =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                        .uid(sourceUid)
                        .setParallelism(1)
                        .map(
                                e -> {
                                    EMITTED.incrementAndGet();
                                    return e;
                                })
                        .returns(EV)
                        .uid("progress")
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Ev>forGenerator(ctx -> new Punctuated())
                                        .withTimestampAssigner((e, t) -> e.time))
                        .uid("watermarks")
                        // one upstream channel per keyed subtask: the same order in every run
                        .setParallelism(1);

        List<DataStream<String>> out = new ArrayList<>();
        TypedAggregations<Ev> agg = Aggregations.forType(Ev.class);

        WindowAggregation<Ev, Double> sliding =
                Windows.sliding(Duration.ofSeconds(10), Duration.ofSeconds(5))
                        .aggregate(agg.sum(e -> e.amount))
                        .uid("windows-sliding")
                        .build();
        out.add(tag("windows-sliding", sliding.apply(in.keyBy(Ev::getKey))));
        WindowAggregation<Ev, Long> hll =
                Windows.sliding(Duration.ofSeconds(20), Duration.ofSeconds(10))
                        .aggregate(agg.distinctCountOf(e -> e.id))
                        .uid("windows-sliding-hll")
                        .build();
        out.add(tag("windows-sliding-hll", hll.apply(in.keyBy(Ev::getKey))));

        OutputTag<LateEvent<Ev>> lateTag = new OutputTag<>("late", LateEvent.typeInfo(EV));
        WindowAggregation<Ev, Long> sessions =
                Windows.session(Duration.ofSeconds(4))
                        .aggregate(agg.count())
                        .lateRecords(
                                LatePolicy.sideOutputWithLateness(lateTag, Duration.ofSeconds(10)))
                        .uid("sessions")
                        .build();
        SingleOutputStreamOperator<WindowResult<String, Long>> perSession =
                sessions.apply(in.keyBy(Ev::getKey));
        out.add(tag("sessions", perSession));
        out.add(tag("sessions-late", perSession.getSideOutput(sessions.lateRecordsTag())));

        out.add(
                tag(
                        "dedup-exact",
                        Deduplicate.exact((Ev e) -> e.id, Types.STRING)
                                .expireAfter(Duration.ofSeconds(40))
                                .uid("dedup-exact")
                                .build()
                                .apply(in)));
        out.add(
                tag(
                        "dedup-approximate",
                        Deduplicate.approximate(IdHasher.ofString((Ev e) -> e.id))
                                .expireAfter(Duration.ofSeconds(40))
                                .maxOutOfOrderness(Duration.ofSeconds(2))
                                .expectedIdsPerHorizon(1_000L)
                                .uid("dedup-approximate")
                                .build()
                                .apply(in)));

        OutputTag<SuppressionSummary<String>> summaries =
                new OutputTag<>("summaries", SuppressionSummary.typeInfo(Types.STRING));
        SingleOutputStreamOperator<Ev> suppressed =
                AlertSuppression.builder(Duration.ofSeconds(10), Types.STRING, EV)
                        .summariesTo(summaries)
                        .uid("alert-suppression")
                        .build()
                        .apply(in.keyBy(Ev::getKey));
        out.add(tag("alert-suppression", suppressed));
        out.add(tag("alert-suppression-summary", suppressed.getSideOutput(summaries)));

        OutputTag<Ev> expired = new OutputTag<>("expired", EV);
        SingleOutputStreamOperator<Ev> latest =
                LatestValue.<String, Ev>builder(Duration.ofSeconds(5), EV)
                        .expiredTo(expired)
                        .uid("latest-value")
                        .build()
                        .apply(in.keyBy(Ev::getKey));
        out.add(tag("latest-value", latest));
        out.add(tag("latest-value-expired", latest.getSideOutput(expired)));

        out.add(
                tag(
                        "change-detector",
                        ChangeDetector.<String, Ev>numeric(
                                        EV, e -> e.amount, 2.5, Duration.ofSeconds(20))
                                .uid("change-detector")
                                .build()
                                .apply(in.keyBy(Ev::getKey))));

        OutputTag<Ev> throttled = new OutputTag<>("throttled", EV);
        SingleOutputStreamOperator<Ev> limited =
                RateLimiter.<String, Ev>builder(2, Duration.ofSeconds(10), EV)
                        .throttledTo(throttled)
                        .uid("rate-limiter")
                        .build()
                        .apply(in.keyBy(Ev::getKey));
        out.add(tag("rate-limiter", limited));
        out.add(tag("rate-limiter-throttled", limited.getSideOutput(throttled)));

        out.add(
                tag(
                        "last-n",
                        LastN.<String, Ev>builder(3, Duration.ofSeconds(8), EV)
                                .uid("last-n")
                                .build()
                                .apply(in.keyBy(Ev::getKey))));

        VelocityConfig velocity =
                VelocityConfig.builder().maxCount(2).window(Duration.ofSeconds(8)).build();
        out.add(
                tag(
                        "cep-fast-path",
                        FraudPatterns.velocity(velocity, new Adapter(), EV)
                                .uid("cep-fast-path")
                                .apply(in)));
        out.add(
                tag(
                        "cep-flink-cep",
                        FraudPatterns.velocity(velocity, new Adapter(), EV)
                                .engine(Engine.FLINK_CEP)
                                .uid("cep-flink-cep")
                                .apply(in)));

        DataStream<String> all = out.get(0);
        for (int i = 1; i < out.size(); i++) {
            all = all.union(out.get(i));
        }
        all.process(new Collect()).uid("collect").sinkTo(new DiscardingSink<>());
    }

    /** {@link #OUTPUT}'s lines by branch, each branch's lines sorted. */
    public static Map<String, List<String>> byBranch(Iterable<String> lines) {
        Map<String, List<String>> map = new TreeMap<>();
        for (String b : BRANCHES) {
            map.put(b, new ArrayList<>());
        }
        for (String line : lines) {
            String branch = line.substring(0, line.indexOf('|'));
            map.computeIfAbsent(branch, b -> new ArrayList<>()).add(line);
        }
        for (List<String> l : map.values()) {
            l.sort(null);
        }
        return map;
    }

    private static <T> DataStream<String> tag(String branch, DataStream<T> stream) {
        return stream.map(v -> branch + "|" + v).returns(Types.STRING).uid(branch + "-out");
    }

    /** Watermark {@code max - 2 s - 1} after every event: the same watermarks in every run. */
    static final class Punctuated implements WatermarkGenerator<Ev> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(Ev event, long timestamp, WatermarkOutput output) {
            max = Math.max(max, timestamp);
            output.emitWatermark(new Watermark(max - 2_001L));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    static final class Adapter implements EventAdapter<Ev> {
        private static final long serialVersionUID = 1L;

        @Override
        public String key(Ev e) {
            return e.key;
        }

        @Override
        public long eventTimeMillis(Ev e) {
            return e.time;
        }

        @Override
        public double amount(Ev e) {
            return e.amount;
        }
    }

    /** Terminal step: output lines into {@link #OUTPUT} (no SinkFunction: gone in 2.x). */
    static final class Collect extends ProcessFunction<String, Void> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(String value, Context ctx, Collector<Void> out) {
            OUTPUT.add(value);
        }
    }
}
