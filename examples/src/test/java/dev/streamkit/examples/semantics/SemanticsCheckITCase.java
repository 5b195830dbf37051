package dev.streamkit.examples.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.VelocityConfig;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.Results;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Semantics checks in the style of Flink's own end-to-end tests, one per stateful operator family:
 * a checkpointed source of gap-free per-key sequence numbers ({@code i -> key i % KEYS, seq i /
 * KEYS}) runs through the operator under test while the job fails twice, each time after a
 * completed checkpoint and some progress, and restores. A keyed checker downstream holds what it
 * has seen in Flink state and, at the end of input, reports per key how many distinct results it
 * saw, how many duplicates and how many gaps. Exactly-once state means the exact expected count,
 * zero duplicates and zero gaps for every key, whatever the failures.
 *
 * <ul>
 *   <li>slicing windows: sliding 1 s / 250 ms count, min and max of the sequence numbers (event
 *       time = seq * 10 ms): every window of every key exactly once, in order, with exactly the
 *       sequence numbers that belong in it;
 *   <li>exact deduplication: every record arrives 1-3 times, copies up to 400 records apart: every
 *       sequence number comes out exactly once;
 *   <li>fraud fast path (velocity): bursts of 5 transactions 5 s apart, limit 4 per second: every
 *       burst raises exactly one alert carrying exactly its 5 transactions.
 * </ul>
 */
class SemanticsCheckITCase {
    private static final int KEYS = 8;
    private static final int PER_KEY = 3_000;
    private static final long TOTAL = (long) KEYS * PER_KEY;
    private static final int FAILURES = 2;
    private static final double RATE = 6_000;

    /** Failures thrown by {@link FailAfterCheckpoint} in this JVM (the MiniCluster's). */
    private static final AtomicInteger FAILED = new AtomicInteger();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @BeforeEach
    void resetFailures() {
        FAILED.set(0);
    }

    // ---------------------------------------------------------------------------------------
    // Slicing windows

    private static final long TICK = 10;
    private static final long SIZE = 1_000;
    private static final long SLIDE = 250;

    @Test
    void slidingWindowsEmitEveryWindowExactlyOnceAcrossFailures() throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<Tuple3<Long, Long, Long>> sequence = sequence(env, TOTAL, i -> record(i, TICK));
        TypedAggregations<Tuple3<Long, Long, Long>> records =
                Aggregations.forType(Types.TUPLE(Types.LONG, Types.LONG, Types.LONG));
        Aggregator<Tuple3<Long, Long, Long>, ?, Long> count = records.count();
        Aggregator<Tuple3<Long, Long, Long>, ?, Double> first = records.min(t -> t.f1);
        Aggregator<Tuple3<Long, Long, Long>, ?, Double> last = records.max(t -> t.f1);
        DataStream<WindowResult<Long, Results>> windows =
                Windows.sliding(Duration.ofMillis(SIZE), Duration.ofMillis(SLIDE))
                        .aggregate(records.of(count, first, last))
                        .build()
                        .apply(sequence.keyBy(t -> t.f0, Types.LONG))
                        .uid("windows");
        List<String> summaries =
                collect(
                        windows.keyBy(w -> w.key, Types.LONG)
                                .process(new WindowChecker(count, first, last))
                                .uid("window-checker"));

        long lastTs = (PER_KEY - 1) * TICK;
        long windowsPerKey = 0;
        for (long end = SLIDE; end - SIZE <= lastTs; end += SLIDE) {
            windowsPerKey++;
        }
        assertThat(windowsPerKey).isEqualTo((lastTs + SIZE) / SLIDE);
        assertExactlyOnce(summaries, windowsPerKey);
    }

    /** Per key: next expected window end, windows, duplicates, gaps, wrong contents. */
    static final class WindowChecker
            extends KeyedProcessFunction<Long, WindowResult<Long, Results>, String> {
        private final Aggregator<Tuple3<Long, Long, Long>, ?, Long> count;
        private final Aggregator<Tuple3<Long, Long, Long>, ?, Double> first;
        private final Aggregator<Tuple3<Long, Long, Long>, ?, Double> last;
        private transient ValueState<long[]> state;

        /** Reads the window's record count and its smallest and largest sequence number. */
        WindowChecker(
                Aggregator<Tuple3<Long, Long, Long>, ?, Long> count,
                Aggregator<Tuple3<Long, Long, Long>, ?, Double> first,
                Aggregator<Tuple3<Long, Long, Long>, ?, Double> last) {
            this.count = count;
            this.first = first;
            this.last = last;
        }

        @Override
        public void open(OpenContext context) {
            state =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "window-check",
                                            PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(
                WindowResult<Long, Results> w, Context ctx, Collector<String> out)
                throws Exception {
            long[] s = state.value();
            if (s == null) {
                s = new long[] {SLIDE, 0, 0, 0, 0}; // next end, seen, duplicates, gaps, wrong
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            long end = w.windowEnd;
            if (end < s[0]) {
                s[2]++;
            } else {
                s[3] += (end - s[0]) / SLIDE;
                s[0] = end + SLIDE;
                s[1]++;
                // ts = seq * TICK in [end - SIZE, end)
                long lo = Math.max(0, ceilDiv(end - SIZE, TICK));
                long hi = Math.min(PER_KEY - 1, (end - 1) / TICK);
                if (w.windowStart != end - SIZE
                        || w.result.get(count) != hi - lo + 1
                        || w.result.get(first) != lo
                        || w.result.get(last) != hi) {
                    s[4]++;
                }
            }
            state.update(s);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
                throws Exception {
            long[] s = state.value();
            out.collect(summary(ctx.getCurrentKey(), s[1], s[2], s[3], s[4]));
            state.clear();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Exact deduplication

    /** How far behind its first copy a record's later copy arrives, in records. */
    private static final long LAG = 400;

    @Test
    void exactDedupEmitsEverySequenceNumberOnceAcrossFailures() throws Exception {
        StreamExecutionEnvironment env = env();
        // Arrival i: even -> the first copy of record i / 2; odd -> a copy of record i / 2 - LAG
        // (or of i / 2 itself while that is negative): records arrive 1-3 times.
        GeneratorFunction<Long, Tuple3<Long, Long, Long>> withCopies =
                i -> {
                    long base = i / 2;
                    if (i % 2 == 1 && base >= LAG) {
                        base -= LAG;
                    }
                    return record(base, TICK);
                };
        long lagMillis = LAG / KEYS * TICK;
        DataStream<Tuple3<Long, Long, Long>> arrivals =
                sequence(env, 2 * TOTAL, withCopies, Duration.ofMillis(lagMillis + 100));
        DataStream<Tuple3<Long, Long, Long>> unique =
                Deduplicate.exact(
                                (Tuple3<Long, Long, Long> t) -> t.f0 * 1_000_000 + t.f1, Types.LONG)
                        .expireAfter(Duration.ofSeconds(10))
                        .name("dedup")
                        .uid("dedup")
                        .build()
                        .apply(arrivals);
        List<String> summaries =
                collect(
                        unique.keyBy(t -> t.f0, Types.LONG)
                                .process(new BitsetChecker<>(t -> t.f1, PER_KEY))
                                .uid("dedup-checker"));
        assertExactlyOnce(summaries, PER_KEY);
    }

    // ---------------------------------------------------------------------------------------
    // Fraud fast path (velocity)

    private static final int BURST = 5;
    private static final long BURST_EVERY = 5_000;

    @Test
    void velocityFastPathAlertsOncePerBurstAcrossFailures() throws Exception {
        StreamExecutionEnvironment env = env();
        // seq s of a key: burst s / 5 at (s / 5) * 5 s, its transactions 10 ms apart
        GeneratorFunction<Long, Tuple3<Long, Long, Long>> bursts =
                i -> {
                    long seq = i / KEYS;
                    long ts = seq / BURST * BURST_EVERY + seq % BURST * TICK;
                    return Tuple3.of(i % KEYS, seq, ts);
                };
        DataStream<Tuple3<Long, Long, Long>> txns =
                sequence(env, TOTAL, bursts, Duration.ofMillis(100));
        TypeInformation<Tuple3<Long, Long, Long>> type =
                Types.TUPLE(Types.LONG, Types.LONG, Types.LONG);
        DataStream<FraudAlert<Tuple3<Long, Long, Long>>> alerts =
                FraudPatterns.velocity(
                                VelocityConfig.builder()
                                        .maxCount(BURST - 1)
                                        .window(Duration.ofSeconds(1))
                                        .build(),
                                new SequenceAdapter(),
                                type)
                        .apply(txns);
        List<String> summaries =
                collect(
                        alerts.keyBy(FraudAlert::key, Types.STRING)
                                .process(new AlertChecker())
                                .uid("alert-checker"));
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            expected.add(summary(String.valueOf(key), PER_KEY / BURST, 0, 0, 0));
        }
        assertThat(FAILED).as("failures injected after completed checkpoints").hasValue(FAILURES);
        assertThat(summaries)
                .as("key,alerts,duplicates,gaps,wrong-evidence")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    static final class SequenceAdapter implements EventAdapter<Tuple3<Long, Long, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public String key(Tuple3<Long, Long, Long> event) {
            return String.valueOf(event.f0);
        }

        @Override
        public long eventTimeMillis(Tuple3<Long, Long, Long> event) {
            return event.f2;
        }

        @Override
        public double amount(Tuple3<Long, Long, Long> event) {
            return 1.0;
        }
    }

    /** Per key: a bit per burst; an alert must carry exactly its burst's transactions. */
    static final class AlertChecker
            extends KeyedProcessFunction<String, FraudAlert<Tuple3<Long, Long, Long>>, String> {
        private transient ValueState<long[]> bits;
        private transient ValueState<long[]> counts;

        @Override
        public void open(OpenContext context) {
            bits =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "bursts",
                                            PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
            counts =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "counts",
                                            PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(
                FraudAlert<Tuple3<Long, Long, Long>> alert, Context ctx, Collector<String> out)
                throws Exception {
            long[] b = bits.value();
            long[] c = counts.value();
            if (b == null) {
                b = new long[(PER_KEY / BURST + 63) / 64];
                c = new long[3]; // seen, duplicates, wrong evidence
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            long burst = alert.firstEventTime() / BURST_EVERY;
            boolean right = alert.evidence().size() == BURST;
            for (int i = 0; right && i < BURST; i++) {
                Tuple3<Long, Long, Long> t = alert.evidence().get(i);
                right = t.f1 == burst * BURST + i && String.valueOf(t.f0).equals(alert.key());
            }
            if (!right) {
                c[2]++;
            }
            if (set(b, burst)) {
                c[0]++;
            } else {
                c[1]++;
            }
            bits.update(b);
            counts.update(c);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
                throws Exception {
            long[] c = counts.value();
            out.collect(summary(ctx.getCurrentKey(), c[0], c[1], PER_KEY / BURST - c[0], c[2]));
            bits.clear();
            counts.clear();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Shared plumbing

    /** Parallelism 2, checkpoints every 100 ms, generic types off, up to 3 restarts. */
    private static StreamExecutionEnvironment env() {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, FAILURES + 1);
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.getConfig().setAutoWatermarkInterval(20);
        return env;
    }

    /** {@code (key, seq, seq * tick)} of the {@code i}-th record of the gap-free sequence. */
    private static Tuple3<Long, Long, Long> record(long i, long tick) {
        long seq = i / KEYS;
        return Tuple3.of(i % KEYS, seq, seq * tick);
    }

    private static DataStream<Tuple3<Long, Long, Long>> sequence(
            StreamExecutionEnvironment env,
            long count,
            GeneratorFunction<Long, Tuple3<Long, Long, Long>> generator) {
        return sequence(env, count, generator, Duration.ZERO);
    }

    /**
     * A checkpointed source, gated by checkpoints, of {@code count} generated records with event
     * time {@code f2}, at parallelism 1 (each key's records in order), then the failure injector.
     */
    private static DataStream<Tuple3<Long, Long, Long>> sequence(
            StreamExecutionEnvironment env,
            long count,
            GeneratorFunction<Long, Tuple3<Long, Long, Long>> generator,
            Duration outOfOrderness) {
        TypeInformation<Tuple3<Long, Long, Long>> type =
                Types.TUPLE(Types.LONG, Types.LONG, Types.LONG);
        DataGeneratorSource<Tuple3<Long, Long, Long>> source =
                new DataGeneratorSource<>(
                        generator,
                        count,
                        // released per checkpoint (the RATE per second at the 100 ms interval),
                        // not per wall-clock second: every attempt sees completed checkpoints
                        // while data still flows, however loaded the machine
                        RateLimiterStrategy.perCheckpoint((int) (RATE / 10)),
                        type);
        return env.fromSource(
                        source,
                        WatermarkStrategy.<Tuple3<Long, Long, Long>>forBoundedOutOfOrderness(
                                        outOfOrderness)
                                .withTimestampAssigner((t, ts) -> t.f2),
                        "sequence")
                .setParallelism(1)
                .uid("sequence")
                .map(new FailAfterCheckpoint<>(count / 4))
                .returns(type)
                .setParallelism(1)
                .uid("fail-after-checkpoint");
    }

    /**
     * Throws in the first {@value #FAILURES} attempts, once a checkpoint has completed in this
     * attempt and it has passed {@code minRecords} records: every restore is from a checkpoint, and
     * each attempt makes progress.
     */
    static final class FailAfterCheckpoint<T> extends RichMapFunction<T, T>
            implements CheckpointListener {
        private final long minRecords;
        private transient long seen;
        private transient boolean checkpointed;

        FailAfterCheckpoint(long minRecords) {
            this.minRecords = minRecords;
        }

        @Override
        public T map(T value) {
            seen++;
            if (checkpointed
                    && seen >= minRecords
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() < FAILURES) {
                FAILED.incrementAndGet();
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    /** Per key: a bit per sequence number; reports distinct, duplicates and gaps at the end. */
    static final class BitsetChecker<T> extends KeyedProcessFunction<Long, T, String> {
        private final KeySelector<T, Long> seqOf;
        private final int perKey;
        private transient ValueState<long[]> bits;
        private transient ValueState<long[]> counts;

        BitsetChecker(KeySelector<T, Long> seqOf, int perKey) {
            this.seqOf = seqOf;
            this.perKey = perKey;
        }

        @Override
        public void open(OpenContext context) {
            bits =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "seen",
                                            PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
            counts =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "counts",
                                            PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(T value, Context ctx, Collector<String> out) throws Exception {
            long[] b = bits.value();
            long[] c = counts.value();
            if (b == null) {
                b = new long[(perKey + 63) / 64];
                c = new long[2]; // distinct, duplicates
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            if (set(b, seqOf.getKey(value))) {
                c[0]++;
            } else {
                c[1]++;
            }
            bits.update(b);
            counts.update(c);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
                throws Exception {
            long[] c = counts.value();
            out.collect(summary(ctx.getCurrentKey(), c[0], c[1], perKey - c[0], 0));
            bits.clear();
            counts.clear();
        }
    }

    /** Sets bit {@code i}; false if it was already set. */
    private static boolean set(long[] bits, long i) {
        long mask = 1L << (i % 64);
        int word = (int) (i / 64);
        if ((bits[word] & mask) != 0) {
            return false;
        }
        bits[word] |= mask;
        return true;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static String summary(Object key, long seen, long duplicates, long gaps, long wrong) {
        return key + "," + seen + "," + duplicates + "," + gaps + "," + wrong;
    }

    private static List<String> collect(DataStream<String> summaries) throws Exception {
        List<String> out = new ArrayList<>();
        summaries.executeAndCollect().forEachRemaining(out::add);
        return out;
    }

    private static void assertExactlyOnce(List<String> summaries, long perKey) {
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            expected.add(summary(key, perKey, 0, 0, 0));
        }
        assertThat(FAILED).as("failures injected after completed checkpoints").hasValue(FAILURES);
        assertThat(summaries)
                .as("key,seen,duplicates,gaps,wrong for every key")
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
