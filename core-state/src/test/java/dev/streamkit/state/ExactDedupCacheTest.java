package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static dev.streamkit.state.HarnessSupport.Step.record;
import static dev.streamkit.state.HarnessSupport.Step.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.ShardedDedupOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keep-first negative id cache and the moved markers: cold after restore, exact under false
 * positives (a one-block filter), marker chains in event and processing time, rescaling.
 */
class ExactDedupCacheTest {
    private static final OutputTag<Tuple2<Long, Integer>> DUPS =
            new OutputTag<>("duplicates", TYPE);
    private static final long HORIZON = 50;

    /** How the cache is configured: default, forced false positives, or off. */
    enum Cache {
        DEFAULT,
        TINY,
        OFF
    }

    static Stream<Object[]> variants() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            for (Cache cache : Cache.values()) {
                for (int batch : new int[] {0, 7}) {
                    out.add(new Object[] {backend, cache, batch});
                }
            }
        }
        return out.stream();
    }

    private static ExactDeduplicator<Tuple2<Long, Integer>, Long> spec(
            int batch, long granularity, Cache cache) {
        return Deduplicate.exact(ID, Types.LONG)
                .expireAfter(Duration.ofMillis(HORIZON))
                .timerGranularity(Duration.ofMillis(granularity))
                .miniBatch(batch)
                .duplicatesTo(DUPS)
                .idCacheBytes(cache == Cache.OFF ? 0 : ExactDeduplicator.DEFAULT_ID_CACHE_BYTES)
                // ids enter the cache when written to state: with the tiny cache, a tiny write
                // buffer writes (almost) every id, so the filter fills and gives false positives
                .writeBuffer(cache == Cache.TINY ? 8 : ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ours(
            String backend, ExactDeduplicator<Tuple2<Long, Integer>, Long> spec, Cache cache) {
        return new Cluster<>(
                () -> {
                    ShardedDedupOperator<Tuple2<Long, Integer>, Long> op =
                            (ShardedDedupOperator<Tuple2<Long, Integer>, Long>) spec.operator(TYPE);
                    if (cache != Cache.OFF) {
                        op.withCacheOnHeap();
                    }
                    return cache == Cache.TINY ? op.withFixedCacheBlocks(1) : op;
                },
                (KeySelector) spec.keySelector(),
                (TypeInformation) spec.keyType(),
                backend,
                Arrays.asList(DUPS));
    }

    private static ShardedDedupOperator<?, ?> operator(
            KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        return (ShardedDedupOperator<?, ?>) h.getOperator();
    }

    private static long readsSkipped(Cluster<?, ?, ?> c) {
        return c.harnesses().stream().mapToLong(h -> operator(h).readsSkipped()).sum();
    }

    /**
     * Shards holding ids in map state, plus ids in the write-back buffer (on RocksDB recent ids are
     * only there until a snapshot).
     */
    private static long liveIdShards(Cluster<?, ?, ?> c) {
        long buffered = c.harnesses().stream().mapToLong(h -> operator(h).bufferedWrites()).sum();
        return c.keysWithState(ShardedDedupOperator.IDS_STATE) + buffered;
    }

    private static List<String> valuesOnly(List<String> rendered) {
        return rendered.stream()
                .map(s -> s.substring(0, s.indexOf('@') < 0 ? s.length() : s.indexOf('@')))
                .sorted()
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0} cache={1} batch={2}")
    @MethodSource("variants")
    void matchesReferenceWithAnyCache(String backend, Cache cache, int batch) throws Exception {
        for (long seed = 21; seed <= 22; seed++) {
            List<Step<Tuple2<Long, Integer>>> script =
                    DedupScripts.random(seed, 3000, 400, 20, true);
            Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ref =
                    new Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>>(
                                    () ->
                                            new KeyedProcessOperator<>(
                                                    new ReferenceDedup(HORIZON, false, DUPS)),
                                    ID,
                                    Types.LONG,
                                    backend,
                                    Arrays.asList(DUPS))
                            .start(1, null);
            ref.run(script);
            // granularity 1 (as the reference): 52 granules per horizon, 7 per cache epoch
            Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                    ours(backend, spec(batch, 1, cache), cache).start(1, null);
            c.run(script);
            c.endInput();
            long unique = c.counter(m -> m.unique);
            long skipped = readsSkipped(c);
            assertThat(c.output()).as("seed %s", seed).isNotEmpty().isEqualTo(ref.output());
            assertThat(valuesOnly(c.sideOutput(0)))
                    .as("duplicates, seed %s", seed)
                    .isEqualTo(valuesOnly(ref.sideOutput(0)));
            if (cache == Cache.OFF) {
                assertThat(skipped).isZero();
            } else {
                // never started from state: warm from the first record, new ids skip reads
                assertThat(skipped).as("reads skipped").isPositive().isLessThanOrEqualTo(unique);
            }
            if (cache == Cache.TINY) {
                // a 512-bit filter: many new ids are false positives and read state
                assertThat(unique - skipped).as("false positives").isGreaterThan(unique / 4);
            }
            assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
            assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
            assertThat(c.eventTimeTimers()).isZero();
            ref.stop();
            c.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void cacheStaysColdUntilEveryRestoredTimerFired(String backend) throws Exception {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec = spec(0, 10, Cache.DEFAULT);
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec, Cache.DEFAULT).start(1, null);
        c.run(
                Arrays.asList(
                        watermark(0),
                        record(Tuple2.of(1L, 0), 1000), // far ahead of the watermark: expiry 1050
                        record(Tuple2.of(2L, 1), 20), // expiry 70
                        watermark(5)));
        OperatorSubtaskState state = c.snapshotAndStop(1);
        c.start(1, state);
        assertThat(operator(c.harnesses().get(0)).cacheWarm()).isFalse();
        c.run(
                Arrays.asList(
                        // more than horizon + granularity past the first watermark after restore,
                        // yet id 1 (expiry 1050) is still in state
                        watermark(6),
                        watermark(80),
                        record(Tuple2.of(1L, 2), 1010), // duplicate of a restored id
                        record(Tuple2.of(3L, 3), 1010),
                        record(Tuple2.of(2L, 4), 1010))); // 2 expired at 70: new
        assertThat(operator(c.harnesses().get(0)).cacheWarm()).isFalse();
        assertThat(readsSkipped(c)).isZero();
        c.run(
                Arrays.asList(
                        watermark(1050), // the latest restored timer fired
                        record(Tuple2.of(1L, 5), 1055), // expiry moved to 1060 by record 2
                        record(Tuple2.of(4L, 6), 1055),
                        record(Tuple2.of(3L, 7), 1055)));
        assertThat(operator(c.harnesses().get(0)).cacheWarm()).isTrue();
        assertThat(readsSkipped(c)).isEqualTo(1); // id 4
        c.run(Arrays.asList(watermark(1200), record(Tuple2.of(1L, 8), 1200)));
        assertThat(c.output())
                .containsExactly(
                        "(1,0)@1000",
                        "(1,8)@1200",
                        "(2,1)@20",
                        "(2,4)@1010",
                        "(3,3)@1010",
                        "(4,6)@1055");
        assertThat(c.sideOutput(0)).containsExactly("(1,2)@1010", "(1,5)@1055", "(3,7)@1055");
        c.run(Arrays.asList(watermark(Long.MAX_VALUE)));
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void markerChainKeepsTheIdUntilItsLastExpiryInEventTime(String backend) throws Exception {
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec(0, 10, Cache.DEFAULT), Cache.DEFAULT).start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 100), // expiry 150
                        record(Tuple2.of(1L, 1), 130), // moves to 180: marker in 150
                        watermark(160), // 150 fires: 1 stays
                        record(Tuple2.of(1L, 2), 165), // moves to 220: marker in 180
                        watermark(200), // 180 fires: 1 stays
                        record(Tuple2.of(1L, 3), 200))); // 250, marker in 220
        assertThat(liveIdShards(c)).isEqualTo(1);
        c.run(Arrays.asList(watermark(249), record(Tuple2.of(1L, 4), 240)));
        c.run(Arrays.asList(watermark(300))); // 290 fires: gone
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.run(Arrays.asList(record(Tuple2.of(1L, 5), 301)));
        assertThat(c.output()).containsExactly("(1,0)@100", "(1,5)@301");
        assertThat(c.sideOutput(0))
                .containsExactly("(1,1)@130", "(1,2)@165", "(1,3)@200", "(1,4)@240");
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void markerChainKeepsTheIdUntilItsLastExpiryInProcessingTime(String backend) throws Exception {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec =
                Deduplicate.exact(ID, Types.LONG)
                        .expireAfter(Duration.ofMillis(HORIZON))
                        .timerGranularity(Duration.ofMillis(10))
                        .inProcessingTime()
                        .duplicatesTo(DUPS)
                        // every id in state at once (and in the cache), as on the HashMap backend
                        .writeBuffer(0)
                        .build();
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec, Cache.DEFAULT).start(1, null);
        c.setProcessingTime(100);
        c.run(Arrays.asList(record(Tuple2.of(1L, 0), 1), record(Tuple2.of(7L, 1), 1))); // 150
        c.setProcessingTime(130);
        c.run(Arrays.asList(record(Tuple2.of(1L, 2), 2))); // moves to 180
        c.setProcessingTime(160); // 150 fires: 7 goes, 1 stays
        assertThat(liveIdShards(c)).isEqualTo(1);
        c.run(Arrays.asList(record(Tuple2.of(1L, 3), 3))); // moves to 210
        c.setProcessingTime(190); // 180 fires: 1 stays
        OperatorSubtaskState state = c.snapshotAndStop(1);
        c.start(1, state); // cold until a timer after 210 fired
        c.setProcessingTime(195);
        c.run(Arrays.asList(record(Tuple2.of(1L, 4), 4), record(Tuple2.of(7L, 5), 5))); // 250
        assertThat(readsSkipped(c)).isZero();
        c.setProcessingTime(260); // 210 and 250 fire
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(c.processingTimeTimers()).isZero();
        assertThat(operator(c.harnesses().get(0)).cacheWarm()).isTrue();
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 6), 6), // still in a live filter: reads, is new
                        record(Tuple2.of(1L, 7), 7),
                        record(Tuple2.of(9L, 8), 8))); // in no filter: no read
        assertThat(readsSkipped(c)).isEqualTo(1);
        assertThat(c.output())
                .containsExactly("(1,0)@1", "(1,6)@6", "(7,1)@1", "(7,5)@5", "(9,8)@8");
        assertThat(c.sideOutput(0)).containsExactly("(1,2)@2", "(1,3)@3", "(1,4)@4", "(1,7)@7");
        c.stop();
    }

    @ParameterizedTest(name = "{0} cache={1} batch={2}")
    @MethodSource("variants")
    void rescaleWithTheCacheEqualsAnUninterruptedRun(String backend, Cache cache, int batch)
            throws Exception {
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(31, 3000, 300, 20, true);
        int third = script.size() / 3;
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec = spec(batch, 5, cache);
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> straight =
                ours(backend, spec, Cache.OFF).start(1, null);
        straight.run(script);
        straight.endInput();

        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec, cache).start(1, null);
        c.run(script.subList(0, third));
        OperatorSubtaskState s1 = c.snapshotAndStop(1);
        c.start(2, s1); // 1 -> 2
        for (KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h : c.harnesses()) {
            assertThat(operator(h).cacheWarm()).isFalse();
        }
        c.run(script.subList(third, 2 * third));
        OperatorSubtaskState s2 = c.snapshotAndStop(2);
        c.start(1, s2); // 2 -> 1
        c.run(script.subList(2 * third, script.size()));
        c.endInput();
        if (cache != Cache.OFF) {
            // the final watermark passed every restored timer
            assertThat(operator(c.harnesses().get(0)).cacheWarm()).isTrue();
        }
        assertThat(c.output()).isNotEmpty().isEqualTo(straight.output());
        assertThat(valuesOnly(c.sideOutput(0))).isEqualTo(valuesOnly(straight.sideOutput(0)));
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        straight.stop();
        c.stop();
    }
}
