package dev.streamkit.windows.internal;

import static dev.streamkit.windows.internal.WindowTestSupport.EVENT;
import static dev.streamkit.windows.internal.WindowTestSupport.KEY;
import static dev.streamkit.windows.internal.WindowTestSupport.aggregation;
import static dev.streamkit.windows.internal.WindowTestSupport.flinkOperator;
import static dev.streamkit.windows.internal.WindowTestSupport.harness;
import static dev.streamkit.windows.internal.WindowTestSupport.lateEvents;
import static dev.streamkit.windows.internal.WindowTestSupport.normalized;
import static dev.streamkit.windows.internal.WindowTestSupport.randomStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.FlinkLineTesting;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import dev.streamkit.windows.internal.WindowTestSupport.Backend;
import dev.streamkit.windows.internal.WindowTestSupport.CumulativeOracle;
import dev.streamkit.windows.internal.WindowTestSupport.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The slicing operator against Flink's WindowOperator on randomized out-of-order streams, and its
 * checkpoint, rescale and cleanup behaviour, on both state backends.
 */
class SlicingWindowOperatorTest {

    private static final OutputTag<Tuple3<Integer, Long, Long>> FLINK_LATE =
            new OutputTag<>("flink-late", EVENT);

    /** A window configuration under test: ours and Flink's equivalent. */
    static final class Config {
        final String name;
        final Windows.Shape spec;
        final WindowAssigner<Object, TimeWindow> flink;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Config(String name, Windows.Shape spec, WindowAssigner<?, TimeWindow> flink) {
            this.name = name;
            this.spec = spec;
            this.flink = (WindowAssigner) flink;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Config> configs() {
        List<Config> configs = new ArrayList<>();
        configs.add(
                new Config(
                        "tumbling(50)",
                        Windows.tumbling(Duration.ofMillis(50)),
                        TumblingEventTimeWindows.of(Duration.ofMillis(50))));
        configs.add(
                new Config(
                        "sliding(100,20)",
                        Windows.sliding(Duration.ofMillis(100), Duration.ofMillis(20)),
                        SlidingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(20))));
        configs.add(
                new Config(
                        "sliding(90,20)",
                        Windows.sliding(Duration.ofMillis(90), Duration.ofMillis(20)),
                        SlidingEventTimeWindows.of(Duration.ofMillis(90), Duration.ofMillis(20))));
        configs.add(
                new Config(
                        "sliding(300,10)",
                        Windows.sliding(Duration.ofMillis(300), Duration.ofMillis(10)),
                        SlidingEventTimeWindows.of(Duration.ofMillis(300), Duration.ofMillis(10))));
        configs.add(
                new Config(
                        "cumulative(100,20)",
                        Windows.cumulative(Duration.ofMillis(100), Duration.ofMillis(20)),
                        new CumulativeOracle(100, 20)));
        return configs;
    }

    /** RocksDB harnesses are slow to create: the checkpoint tests use fewer shapes there. */
    static List<Config> configsFor(Backend backend) {
        List<Config> all = configs();
        return backend == Backend.HASHMAP ? all : List.of(all.get(0), all.get(2), all.get(4));
    }

    static Stream<Arguments> differentialCases() {
        List<Arguments> cases = new ArrayList<>();
        long[] latenesses = {0, 40, 250};
        int seed = 0;
        for (Backend backend : Backend.values()) {
            for (Config config : configs()) {
                for (long lateness : latenesses) {
                    if (backend == Backend.ROCKSDB && lateness == 40) {
                        continue;
                    }
                    int seeds = backend == Backend.HASHMAP ? 3 : 1;
                    for (int s = 0; s < seeds; s++) {
                        int miniBatch = (seed % 3 == 0) ? 1 : (seed % 3 == 1 ? 3 : 100_000);
                        cases.add(Arguments.of(backend, config, lateness, 1000L + seed, miniBatch));
                        seed++;
                    }
                }
            }
        }
        return cases.stream();
    }

    private static WindowAggregation<Tuple3<Integer, Long, Long>, ?> ours(
            Config config, long lateness, boolean sideOutput, int miniBatch) {
        LatePolicy<Tuple3<Integer, Long, Long>> policy =
                sideOutput
                        ? LatePolicy.sideOutputWithLateness(
                                "late", EVENT, Duration.ofMillis(lateness))
                        : LatePolicy.allowedLateness(Duration.ofMillis(lateness));
        return config.spec
                .aggregate(aggregation())
                .lateRecords(policy)
                .miniBatchKeys(miniBatch)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OneInputStreamOperator<Tuple3<Integer, Long, Long>, WindowResult<Integer, ?>>
            operator(WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg) {
        return (OneInputStreamOperator)
                ((SlicingWindowAggregation) WindowTestSupport.plan(agg)).createOperator();
    }

    /** {@link #operator} with the bookkeeping cache set to {@code cacheKeys} (-1: automatic). */
    private static OneInputStreamOperator<Tuple3<Integer, Long, Long>, WindowResult<Integer, ?>>
            operator(WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg, int cacheKeys) {
        return operator(agg, cacheKeys, SlicingWindowOperator.AUTO_BOOKKEEPING_CACHE);
    }

    /**
     * {@link #operator} with the bookkeeping cache set to {@code cacheKeys} and the heap stacks it
     * holds to {@code stackBytes} estimated bytes (-1: automatic; 1: every key cached while any
     * stack holds an accumulator evicts them all).
     */
    private static OneInputStreamOperator<Tuple3<Integer, Long, Long>, WindowResult<Integer, ?>>
            operator(
                    WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg,
                    int cacheKeys,
                    long stackBytes) {
        var op = operator(agg);
        ((SlicingWindowOperator<?, ?, ?, ?>) (Object) op).cacheBookkeeping(cacheKeys, stackBytes);
        return op;
    }

    /**
     * A harness of {@link #operator(WindowAggregation, int, long)} for subtask {@code index} of
     * {@code parallelism}, keyed by the event's key.
     */
    private static KeyedOneInputStreamOperatorTestHarness<
                    Integer, Tuple3<Integer, Long, Long>, WindowResult<Integer, ?>>
            cachedHarness(
                    WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg,
                    int cacheKeys,
                    long stackBytes,
                    Backend backend,
                    int maxParallelism,
                    int parallelism,
                    int index)
                    throws Exception {
        return harness(
                operator(agg, cacheKeys, stackBytes),
                KEY,
                Types.INT,
                backend,
                maxParallelism,
                parallelism,
                index);
    }

    @ParameterizedTest(name = "{0} {1} lateness {2} seed {3} miniBatch {4}")
    @MethodSource("differentialCases")
    void equalsFlinkWindowOperator(
            Backend backend, Config config, long lateness, long seed, int miniBatch)
            throws Exception {
        List<Step> steps = randomStream(seed, backend == Backend.ROCKSDB ? 600 : 1500, 7, 400, 60);
        WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg =
                ours(config, lateness, true, miniBatch);
        OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> lateTag = agg.lateRecordsTag();

        var flink =
                harness(
                        flinkOperator(config.flink, Duration.ofMillis(lateness), FLINK_LATE),
                        KEY,
                        Types.INT,
                        Backend.HASHMAP,
                        128,
                        1,
                        0);
        var ours = harness(operator(agg), KEY, Types.INT, backend, 128, 1, 0);
        flink.open();
        ours.open();
        for (Step step : steps) {
            step.applyTo(flink);
            step.applyTo(ours);
        }
        String msg = "seed " + seed + ", " + config + ", lateness " + lateness;
        List<String> expected = normalized(flink.extractOutputValues());
        assertThat(expected).as(msg).isNotEmpty();
        assertThat(normalized(ours.extractOutputValues())).as(msg).isEqualTo(expected);
        assertThat(lateEvents(ours.getSideOutput(lateTag)))
                .as(msg)
                .isEqualTo(lateEvents(flink.getSideOutput(FLINK_LATE)));
        assertThat(WindowTestSupport.stateEntries(ours)).as(msg).isZero();
        assertThat(WindowTestSupport.timers(ours)).as(msg).isZero();
        flink.close();
        ours.close();
    }

    static Stream<Arguments> manyKeyCases() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 5000;
        int auto = SlicingWindowOperator.AUTO_BOOKKEEPING_CACHE;
        for (Backend backend : Backend.values()) {
            for (int miniBatch : new int[] {40, 100_000}) {
                cases.add(Arguments.of(backend, configs().get(1), seed++, miniBatch, auto, -1L));
                cases.add(Arguments.of(backend, configs().get(0), seed++, miniBatch, auto, -1L));
            }
            // a bookkeeping cache of 7 keys for 300: bulk evictions all the time, on both backends
            cases.add(Arguments.of(backend, configs().get(1), seed++, 40, 7, -1L));
            cases.add(Arguments.of(backend, configs().get(2), seed++, 100_000, 7, -1L));
            cases.add(Arguments.of(backend, configs().get(4), seed++, 40, 7, -1L));
            // heap stacks over budget at (nearly) every key: evicted and rebuilt all the time
            cases.add(Arguments.of(backend, configs().get(1), seed++, 40, 1000, 1L));
            cases.add(Arguments.of(backend, configs().get(3), seed++, 100_000, 1000, 1L));
        }
        return cases.stream();
    }

    /**
     * On the heap backend a sliding key's stacks live in the bookkeeping cache by default (one
     * lookup per fire instead of four state maps): mid-stream, no key has a running or suffix
     * aggregate in state, while the same run without the cache has both; the outputs are equal.
     */
    @Test
    void slidingOnTheHeapBackendKeepsItsStacksOutOfState() throws Exception {
        List<Step> steps = randomStream(77, 1500, 20, 400, 60);
        List<Step> half = steps.subList(0, steps.size() / 2);
        var agg = ours(configs().get(3), 40, true, 100_000);
        int auto = SlicingWindowOperator.AUTO_BOOKKEEPING_CACHE;
        var cached = cachedHarness(agg, auto, -1L, Backend.HASHMAP, 128, 1, 0);
        var inState = cachedHarness(agg, 0, -1L, Backend.HASHMAP, 128, 1, 0);
        cached.open();
        inState.open();
        for (Step step : half) {
            step.applyTo(cached);
            step.applyTo(inState);
        }
        assertThat(WindowTestSupport.keysOf(cached, "slices"))
                .isGreaterThan(10)
                .isEqualTo(WindowTestSupport.keysOf(inState, "slices"));
        assertThat(WindowTestSupport.keysOf(cached, "running-aggregate")).isZero();
        assertThat(WindowTestSupport.keysOf(cached, "suffix-aggregates")).isZero();
        assertThat(WindowTestSupport.keysOf(inState, "running-aggregate")).isPositive();
        assertThat(WindowTestSupport.keysOf(inState, "suffix-aggregates")).isPositive();
        for (Step step : steps.subList(half.size(), steps.size())) {
            step.applyTo(cached);
            step.applyTo(inState);
        }
        assertThat(normalized(cached.extractOutputValues()))
                .hasSizeGreaterThan(500)
                .isEqualTo(normalized(inState.extractOutputValues()));
        assertThat(WindowTestSupport.stateEntries(cached)).isZero();
        cached.close();
        inState.close();
    }

    /**
     * 300 keys: the mini-batch buffer's key table grows (rehashes) several times, and flushes by
     * key count and by watermark drop idle keys while others stay buffered; with a small
     * bookkeeping cache, keys are evicted from it and reloaded from state continually.
     */
    @ParameterizedTest(name = "{0} {1} seed {2} miniBatch {3} cache {4} stack bytes {5}")
    @MethodSource("manyKeyCases")
    void equalsFlinkWindowOperatorWithManyKeys(
            Backend backend,
            Config config,
            long seed,
            int miniBatch,
            int cacheKeys,
            long stackBytes)
            throws Exception {
        List<Step> steps =
                randomStream(seed, backend == Backend.ROCKSDB ? 1500 : 4000, 300, 400, 60);
        WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg = ours(config, 40, true, miniBatch);
        OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> lateTag = agg.lateRecordsTag();
        var flink =
                harness(
                        flinkOperator(config.flink, Duration.ofMillis(40), FLINK_LATE),
                        KEY,
                        Types.INT,
                        Backend.HASHMAP,
                        128,
                        1,
                        0);
        var ours = cachedHarness(agg, cacheKeys, stackBytes, backend, 128, 1, 0);
        flink.open();
        ours.open();
        for (Step step : steps) {
            step.applyTo(flink);
            step.applyTo(ours);
        }
        String msg = "seed " + seed + ", " + config;
        List<String> expected = normalized(flink.extractOutputValues());
        assertThat(expected).as(msg).hasSizeGreaterThan(300);
        assertThat(normalized(ours.extractOutputValues())).as(msg).isEqualTo(expected);
        assertThat(lateEvents(ours.getSideOutput(lateTag)))
                .as(msg)
                .isEqualTo(lateEvents(flink.getSideOutput(FLINK_LATE)));
        assertThat(WindowTestSupport.stateEntries(ours)).as(msg).isZero();
        assertThat(WindowTestSupport.timers(ours)).as(msg).isZero();
        flink.close();
        ours.close();
    }

    static Stream<Arguments> sparseWatermarkCases() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 3000;
        for (Backend backend : Backend.values()) {
            for (Config config : configs()) {
                for (long lateness : new long[] {0, 250}) {
                    for (int every : new int[] {60, 300}) {
                        cases.add(Arguments.of(backend, config, lateness, seed++, every));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Watermarks that jump over many windows at once mid-stream (one per ~60 or ~300 events,
     * 0.3-1.5 s of event time against windows of 50-300 ms), with data continuing afterwards: the
     * windows of a jump are fired in one pass over the key's slices and the stacks written back
     * must let the next windows continue exactly.
     */
    @ParameterizedTest(name = "{0} {1} lateness {2} seed {3} watermark every {4}")
    @MethodSource("sparseWatermarkCases")
    void equalsFlinkWindowOperatorWhenWatermarksJumpOverManyWindows(
            Backend backend, Config config, long lateness, long seed, int watermarkEvery)
            throws Exception {
        List<Step> steps = randomStream(seed, 2000, 5, 400, 60, watermarkEvery);
        WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg =
                ours(config, lateness, true, 100_000);
        OutputTag<LateEvent<Tuple3<Integer, Long, Long>>> lateTag = agg.lateRecordsTag();
        var flink =
                harness(
                        flinkOperator(config.flink, Duration.ofMillis(lateness), FLINK_LATE),
                        KEY,
                        Types.INT,
                        Backend.HASHMAP,
                        128,
                        1,
                        0);
        var ours = harness(operator(agg), KEY, Types.INT, backend, 128, 1, 0);
        flink.open();
        ours.open();
        int watermarks = 0;
        for (Step step : steps) {
            step.applyTo(flink);
            step.applyTo(ours);
            watermarks += step.event == null ? 1 : 0;
        }
        String msg = "seed " + seed + ", " + config + ", lateness " + lateness;
        assertThat(watermarks).as(msg).isGreaterThan(2);
        List<String> expected = normalized(flink.extractOutputValues());
        assertThat(expected).as(msg).isNotEmpty();
        assertThat(normalized(ours.extractOutputValues())).as(msg).isEqualTo(expected);
        assertThat(lateEvents(ours.getSideOutput(lateTag)))
                .as(msg)
                .isEqualTo(lateEvents(flink.getSideOutput(FLINK_LATE)));
        assertThat(WindowTestSupport.stateEntries(ours)).as(msg).isZero();
        assertThat(WindowTestSupport.timers(ours)).as(msg).isZero();
        flink.close();
        ours.close();
    }

    static Stream<Arguments> snapshotCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            int auto = SlicingWindowOperator.AUTO_BOOKKEEPING_CACHE;
            cases.add(Arguments.of(backend, auto, -1L, auto, 15));
            cases.add(Arguments.of(backend, 3, -1L, 3, 15));
            cases.add(Arguments.of(backend, 1000, -1L, 1000, 15));
            cases.add(Arguments.of(backend, 1000, 1L, 1000, 15));
            // taken with heap stacks, restored by an operator keeping them in state (as the heap
            // backend and the versions before heap stacks do), with a watermark after about every
            // event (windows fire one at a time from the stacks): the stored bookkeeping must say
            // that the stacks are not in state
            cases.add(Arguments.of(backend, 1000, -1L, 0, 1));
            cases.add(Arguments.of(backend, 3, -1L, 0, 1));
            cases.add(Arguments.of(backend, 1000, -1L, 1000, 1));
        }
        return cases.stream();
    }

    /**
     * A snapshot mid-stream restores to the uninterrupted run's results; with a bookkeeping cache
     * (automatic on RocksDB, 3 keys forced on both backends), the snapshot is taken while cached
     * bookkeeping differs from the state, so the write-back before the snapshot is what makes it
     * exact. The sliding stacks then live on the heap only (forced over budget too: evicted and
     * rebuilt at every key); restored without a cache (cache 0: stacks read from state, as on the
     * heap backend), the stored bookkeeping must make every key rebuild them.
     */
    @ParameterizedTest(
            name = "{0} cache {1} stack bytes {2} restored with cache {3} watermark every {4}")
    @MethodSource("snapshotCases")
    void snapshotMidStreamAndRestoreEqualsUninterruptedRun(
            Backend backend,
            int cacheKeys,
            long stackBytes,
            int restoredCacheKeys,
            int watermarkEvery)
            throws Exception {
        for (Config config : configsFor(backend)) {
            long seed = 77 + config.name.length();
            String msg = "seed " + seed + ", " + config;
            List<Step> steps =
                    randomStream(
                            seed,
                            backend == Backend.ROCKSDB ? 500 : 1200,
                            5,
                            300,
                            50,
                            watermarkEvery);
            var agg = ours(config, 30, true, 100_000);

            var uninterrupted = cachedHarness(agg, cacheKeys, stackBytes, backend, 128, 1, 0);
            uninterrupted.open();
            for (Step step : steps) {
                step.applyTo(uninterrupted);
            }

            var first = cachedHarness(agg, cacheKeys, stackBytes, backend, 128, 1, 0);
            first.open();
            int cut = steps.size() / 2;
            for (Step step : steps.subList(0, cut)) {
                step.applyTo(first);
            }
            first.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState snapshot = first.snapshot(1, 1);
            List<Object> output = new ArrayList<>(first.extractOutputValues());
            first.close();

            var restored =
                    harness(
                            operator(agg, restoredCacheKeys, stackBytes),
                            KEY,
                            Types.INT,
                            backend,
                            128,
                            1,
                            0);
            restored.initializeState(snapshot);
            restored.open();
            finishRestoredAndCompare(restored, steps, cut, output, uninterrupted, msg);
        }
    }

    /**
     * A checkpoint whose asynchronous part is written while the operator goes on (firing windows,
     * rewriting every key's state) restores to the state at the barrier. On the heap backend the
     * copy-on-write state maps keep the snapshot's values apart from the live ones only for changes
     * made through them: the operator overwrites a key's stored bookkeeping in place ({@link
     * SliceStore#save}), which is safe only on an array the state handed out in the same call.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void checkpointWrittenWhileTheOperatorGoesOnRestoresTheBarrierState(Backend backend)
            throws Exception {
        for (Config config : configsFor(backend)) {
            long seed = 1300 + config.name.length();
            String msg = "seed " + seed + ", " + config;
            List<Step> steps =
                    randomStream(seed, backend == Backend.ROCKSDB ? 500 : 1200, 5, 300, 50);
            var agg = ours(config, 30, true, 100_000);
            var uninterrupted = ran(agg, backend, steps);
            int cut = steps.size() / 2;
            var first = ran(agg, backend, steps.subList(0, cut));
            first.prepareSnapshotPreBarrier(1);
            List<Object> output = new ArrayList<>(first.extractOutputValues());
            OperatorSnapshotFutures futures =
                    first.getOperator()
                            .snapshotState(
                                    1,
                                    1,
                                    CheckpointOptions.forCheckpointWithDefaultLocation(),
                                    new MemCheckpointStreamFactory(64 << 20));
            for (Step step : steps.subList(cut, steps.size())) {
                step.applyTo(first);
            }
            assertThat(first.extractOutputValues()).as(msg).hasSizeGreaterThan(output.size());
            OperatorSubtaskState snapshot = FlinkLineTesting.finishSnapshot(futures);
            first.close();

            var restored = harness(operator(agg), KEY, Types.INT, backend, 128, 1, 0);
            restored.initializeState(snapshot);
            restored.open();
            finishRestoredAndCompare(restored, steps, cut, output, uninterrupted, msg);
        }
    }

    /** A harness of {@code agg}'s operator on {@code backend}, opened, after {@code steps}. */
    private static KeyedOneInputStreamOperatorTestHarness<
                    Integer, Tuple3<Integer, Long, Long>, WindowResult<Integer, ?>>
            ran(
                    WindowAggregation<Tuple3<Integer, Long, Long>, ?> agg,
                    Backend backend,
                    List<Step> steps)
                    throws Exception {
        var h = harness(operator(agg), KEY, Types.INT, backend, 128, 1, 0);
        h.open();
        for (Step step : steps) {
            step.applyTo(h);
        }
        return h;
    }

    /**
     * Runs {@code steps} from {@code cut} on {@code restored} (after the watermark the run had
     * reached: Flink does not checkpoint it, the sources re-establish it), then checks that {@code
     * output} plus the restored run's equals the uninterrupted run, and that no state and no timer
     * is left; closes both harnesses.
     */
    private static void finishRestoredAndCompare(
            KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, ?>
                    restored,
            List<Step> steps,
            int cut,
            List<Object> output,
            KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, ?>
                    uninterrupted,
            String msg)
            throws Exception {
        restored.processWatermark(
                new Watermark(WindowTestSupport.lastWatermark(steps.subList(0, cut))));
        for (Step step : steps.subList(cut, steps.size())) {
            step.applyTo(restored);
        }
        output.addAll(restored.extractOutputValues());
        assertThat(normalized(output))
                .as(msg)
                .isEqualTo(normalized(uninterrupted.extractOutputValues()));
        assertThat(WindowTestSupport.stateEntries(restored)).as(msg).isZero();
        assertThat(WindowTestSupport.timers(restored)).as(msg).isZero();
        uninterrupted.close();
        restored.close();
    }

    static Stream<Arguments> rescaleCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            cases.add(Arguments.of(backend, SlicingWindowOperator.AUTO_BOOKKEEPING_CACHE, -1L));
            // heap stacks (and bookkeeping) forced small on both backends
            cases.add(Arguments.of(backend, 3, -1L));
            cases.add(Arguments.of(backend, 1000, 1L));
        }
        return cases.stream();
    }

    /**
     * Rescaling 1 -> 2 -> 1 restores to the uninterrupted run's results; with the bookkeeping cache
     * and heap stacks forced small, the snapshots are taken while cached keys hold stacks that are
     * not in state, so what the write-back stores must make every restored key rebuild them.
     */
    @ParameterizedTest(name = "{0} cache {1} stack bytes {2}")
    @MethodSource("rescaleCases")
    void rescaleOneToTwoAndBackEqualsUninterruptedRun(
            Backend backend, int cacheKeys, long stackBytes) throws Exception {
        int maxParallelism = 128;
        for (Config config : configsFor(backend)) {
            long seed = 500 + config.name.length();
            String msg = "seed " + seed + ", " + config;
            List<Step> steps =
                    randomStream(seed, backend == Backend.ROCKSDB ? 500 : 1500, 9, 300, 50);
            var agg = ours(config, 20, false, 100_000);
            var uninterrupted = cachedHarness(agg, cacheKeys, stackBytes, backend, 128, 1, 0);
            uninterrupted.open();
            for (Step step : steps) {
                step.applyTo(uninterrupted);
            }

            int cut1 = steps.size() / 3;
            int cut2 = 2 * steps.size() / 3;
            List<Object> output = new ArrayList<>();
            var single = cachedHarness(agg, cacheKeys, stackBytes, backend, maxParallelism, 1, 0);
            single.open();
            for (Step step : steps.subList(0, cut1)) {
                step.applyTo(single);
            }
            single.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState one = single.snapshot(1, 1);
            output.addAll(single.extractOutputValues());
            single.close();

            // 1 -> 2
            List<KeyedOneInputStreamOperatorTestHarness<Integer, Tuple3<Integer, Long, Long>, ?>>
                    two = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                var h = cachedHarness(agg, cacheKeys, stackBytes, backend, maxParallelism, 2, i);
                h.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                one, maxParallelism, 1, 2, i));
                h.open();
                h.processWatermark(
                        new Watermark(WindowTestSupport.lastWatermark(steps.subList(0, cut1))));
                two.add(h);
            }
            for (Step step : steps.subList(cut1, cut2)) {
                if (step.event == null) {
                    for (var h : two) {
                        h.processWatermark(new Watermark(step.watermark));
                    }
                } else {
                    int owner =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    step.event.f0, maxParallelism, 2);
                    two.get(owner).processElement(new StreamRecord<>(step.event, step.event.f1));
                }
            }
            two.get(0).prepareSnapshotPreBarrier(2);
            two.get(1).prepareSnapshotPreBarrier(2);
            OperatorSubtaskState s0 = two.get(0).snapshot(2, 2);
            OperatorSubtaskState s1 = two.get(1).snapshot(2, 2);
            for (var h : two) {
                output.addAll(h.extractOutputValues());
                h.close();
            }

            // 2 -> 1
            var merged = cachedHarness(agg, cacheKeys, stackBytes, backend, maxParallelism, 1, 0);
            merged.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            AbstractStreamOperatorTestHarness.repackageState(s0, s1),
                            maxParallelism,
                            2,
                            1,
                            0));
            merged.open();
            finishRestoredAndCompare(merged, steps, cut2, output, uninterrupted, msg);
        }
    }

    static Stream<Arguments> backendMoves() {
        return Stream.of(
                Arguments.of(Backend.HASHMAP, Backend.ROCKSDB),
                Arguments.of(Backend.ROCKSDB, Backend.HASHMAP));
    }

    /**
     * A canonical savepoint moved between state backends restores to the uninterrupted run's
     * results. On the heap backend the timers are bucketed ({@link BucketedTimers}) and not
     * snapshotted: RocksDB must register every key's timer from its bookkeeping, or no window of a
     * restored key ever fires. From RocksDB, the heap backend rebuilds its buckets from the
     * bookkeeping and ignores the Flink timers restored with the savepoint.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("backendMoves")
    void savepointMovedBetweenBackendsKeepsEveryTimer(Backend from, Backend to) throws Exception {
        for (Config config : configsFor(Backend.ROCKSDB)) {
            long seed = 900 + config.name.length();
            String msg = "seed " + seed + ", " + config;
            List<Step> steps = randomStream(seed, 500, 5, 300, 50);
            var agg = ours(config, 30, true, 100_000);
            var uninterrupted = ran(agg, from, steps);
            int cut = steps.size() / 2;
            var first = ran(agg, from, steps.subList(0, cut));
            first.prepareSnapshotPreBarrier(1);
            OperatorSubtaskState savepoint =
                    first.snapshotWithLocalState(
                                    1, 1, SavepointType.savepoint(SavepointFormatType.CANONICAL))
                            .getJobManagerOwnedState();
            List<Object> output = new ArrayList<>(first.extractOutputValues());
            assertThat(first.numEventTimeTimers())
                    .as(msg)
                    .isEqualTo(
                            from == Backend.HASHMAP ? 0 : WindowTestSupport.keysWithState(first));
            first.close();

            var restored = harness(operator(agg), KEY, Types.INT, to, 128, 1, 0);
            restored.initializeState(savepoint);
            restored.open();
            if (to == Backend.ROCKSDB) {
                // one timer per key with state, registered from the bookkeeping
                assertThat(restored.numEventTimeTimers())
                        .as(msg)
                        .isPositive()
                        .isEqualTo(WindowTestSupport.keysWithState(restored));
            }
            finishRestoredAndCompare(restored, steps, cut, output, uninterrupted, msg);
        }
    }
}
