package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static dev.streamkit.state.HarnessSupport.Step.record;
import static dev.streamkit.state.HarnessSupport.Step.watermark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.ExactDedupOperator;
import dev.streamkit.state.internal.ShardedDedupOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExactDeduplicatorTest {
    private static final OutputTag<Tuple2<Long, Integer>> DUPS =
            new OutputTag<>("duplicates", TYPE);
    private static final OutputTag<Tuple2<Long, Integer>> LATE = new OutputTag<>("late", TYPE);
    private static final long HORIZON = 50;

    /** (backend, keep policy, mini-batch size) combinations. */
    static Stream<Object[]> variants() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            for (KeepPolicy keep : KeepPolicy.values()) {
                for (int batch : new int[] {0, 7}) {
                    out.add(new Object[] {backend, keep, batch});
                }
            }
        }
        return out.stream();
    }

    private static ExactDeduplicator<Tuple2<Long, Integer>, Long> dedup(
            KeepPolicy keep, int batch, long granularity) {
        return Deduplicate.exact(ID, Types.LONG)
                .expireAfter(Duration.ofMillis(HORIZON))
                .timerGranularity(Duration.ofMillis(granularity))
                .keep(keep)
                .miniBatch(batch)
                .duplicatesTo(DUPS)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ours(
            String backend, ExactDeduplicator<Tuple2<Long, Integer>, Long> spec) {
        return new Cluster<>(
                () -> spec.operator(TYPE),
                (KeySelector) spec.keySelector(),
                (TypeInformation) spec.keyType(),
                backend,
                Arrays.asList(DUPS, LATE));
    }

    private static final MapStateDescriptor<Long, Long> IDS =
            new MapStateDescriptor<>(ShardedDedupOperator.IDS_STATE, Types.LONG, Types.LONG);

    private static String stateName(KeepPolicy keep) {
        return keep == KeepPolicy.KEEP_LAST
                ? ExactDedupOperator.LAST_STATE
                : ShardedDedupOperator.IDS_STATE;
    }

    private static List<String> valuesOnly(List<String> rendered) {
        return rendered.stream()
                .map(s -> s.substring(0, s.indexOf('@') < 0 ? s.length() : s.indexOf('@')))
                .sorted()
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void keepFirstDropsDuplicatesWithinHorizonAndForgetsAfterIt(String backend) throws Exception {
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, dedup(KeepPolicy.KEEP_FIRST, 0, 10)).start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 100),
                        record(Tuple2.of(2L, 1), 100),
                        record(Tuple2.of(1L, 2), 140), // duplicate, extends expiry to 190
                        watermark(185),
                        record(Tuple2.of(1L, 3), 180), // still remembered
                        record(Tuple2.of(2L, 4), 185), // 2 was forgotten at 150
                        watermark(300),
                        record(Tuple2.of(1L, 5), 300))); // forgotten after 190..200
        assertThat(c.output()).containsExactly("(1,0)@100", "(1,5)@300", "(2,1)@100", "(2,4)@185");
        assertThat(c.sideOutput(0)).containsExactly("(1,2)@140", "(1,3)@180");
        assertThat(c.counter(m -> m.unique)).isEqualTo(4);
        assertThat(c.counter(m -> m.duplicates)).isEqualTo(2);
        assertThat(c.counter(m -> m.late)).isZero();
        c.run(Arrays.asList(watermark(Long.MAX_VALUE)));
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void keepLastEmitsTheLatestRecordWhenTheIdExpires(String backend) throws Exception {
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, dedup(KeepPolicy.KEEP_LAST, 0, 1)).start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 100),
                        record(Tuple2.of(1L, 1), 120),
                        record(Tuple2.of(1L, 2), 110), // older than the kept one: a duplicate
                        watermark(169)));
        assertThat(c.output()).isEmpty();
        c.run(Arrays.asList(watermark(170)));
        assertThat(c.output()).containsExactly("(1,1)@170");
        assertThat(valuesOnly(c.sideOutput(0))).containsExactly("(1,0)", "(1,2)");
        assertThat(c.counter(m -> m.unique)).isEqualTo(1);
        assertThat(c.counter(m -> m.duplicates)).isEqualTo(2);
        assertThat(c.keysWithState(ExactDedupOperator.LAST_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    @ParameterizedTest(name = "{0} {1} batch={2}")
    @MethodSource("variants")
    void matchesReferenceProcessFunctionOnRandomStreams(String backend, KeepPolicy keep, int batch)
            throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            List<Step<Tuple2<Long, Integer>>> script =
                    DedupScripts.random(seed, 3000, 200, 20, true);
            Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ref =
                    new Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>>(
                                    () ->
                                            new KeyedProcessOperator<>(
                                                    new ReferenceDedup(
                                                            HORIZON,
                                                            keep == KeepPolicy.KEEP_LAST,
                                                            DUPS)),
                                    ID,
                                    Types.LONG,
                                    backend,
                                    Arrays.asList(DUPS))
                            .start(1, null);
            ref.run(script);
            Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ours =
                    ours(backend, dedup(keep, batch, 1)).start(1, null);
            ours.run(script);
            ours.endInput();
            assertThat(ours.output()).as("main output, seed %s", seed).isEqualTo(ref.output());
            assertThat(valuesOnly(ours.sideOutput(0)))
                    .as("duplicates, seed %s", seed)
                    .isEqualTo(valuesOnly(ref.sideOutput(0)));
            assertThat(ours.output()).as("seed %s", seed).isNotEmpty();
            assertThat(ours.keysWithState(stateName(keep))).as("seed %s", seed).isZero();
            assertThat(ours.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
            assertThat(ours.eventTimeTimers()).as("seed %s", seed).isZero();
            ref.stop();
            ours.stop();
        }
    }

    @ParameterizedTest(name = "{0} {1} batch={2}")
    @MethodSource("variants")
    void snapshotRestoreAndRescaleEqualAnUninterruptedRun(
            String backend, KeepPolicy keep, int batch) throws Exception {
        long seed = 11;
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(seed, 3000, 300, 20, true);
        int third = script.size() / 3;
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec = dedup(keep, batch, 5);

        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> straight =
                ours(backend, spec).start(1, null);
        straight.run(script);
        straight.endInput();

        // 1 -> 1 (restore) -> 2 (rescale up) -> 1 (rescale down)
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> restarted =
                ours(backend, spec).start(1, null);
        restarted.run(script.subList(0, third / 2));
        OperatorSubtaskState s0 = restarted.snapshotAndStop(1);
        restarted.start(1, s0);
        restarted.run(script.subList(third / 2, third));
        OperatorSubtaskState s1 = restarted.snapshotAndStop(2);
        restarted.start(2, s1);
        assertThat(restarted.harnesses()).hasSize(2);
        restarted.run(script.subList(third, 2 * third));
        OperatorSubtaskState s2 = restarted.snapshotAndStop(3);
        restarted.start(1, s2);
        restarted.run(script.subList(2 * third, script.size()));
        restarted.endInput();

        assertThat(restarted.output()).as("seed %s", seed).isEqualTo(straight.output());
        assertThat(valuesOnly(restarted.sideOutput(0)))
                .as("seed %s", seed)
                .isEqualTo(valuesOnly(straight.sideOutput(0)));
        assertThat(restarted.keysWithState(stateName(keep))).isZero();
        assertThat(restarted.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(restarted.eventTimeTimers()).isZero();
        straight.stop();
        restarted.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void stateAndTimersStayBoundedByLiveIdsAndReturnToZero(String backend) throws Exception {
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, dedup(KeepPolicy.KEEP_FIRST, 0, 10)).start(1, null);
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.repeated(5, 500);
        c.run(script);
        // ids are 10 ms apart, horizon 50 ms + 10 ms granularity: only the recent ones are live
        // (on RocksDB the recent ids are still in the write-back buffer, not yet in state)
        long buffered =
                c.harnesses().stream()
                        .mapToLong(
                                h ->
                                        ((ShardedDedupOperator<?, ?>) h.getOperator())
                                                .bufferedWrites())
                        .sum();
        assertThat(c.mapEntries(IDS) + buffered).isBetween(1L, 10L);
        // at most one timer per (shard, granule) of the ids since the trailing watermark (16 ids)
        assertThat(c.eventTimeTimers()).isBetween(1, 25);
        assertThat(c.output()).hasSize(500);
        c.run(Arrays.asList(watermark(10_000)));
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void lateRecordsAreRoutedToTheLateOutput(String backend) throws Exception {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec =
                Deduplicate.exact(ID, Types.LONG)
                        .expireAfter(Duration.ofMillis(HORIZON))
                        .lateRecordsTo(LATE)
                        .build();
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec).start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 100),
                        watermark(500),
                        record(Tuple2.of(1L, 1), 449), // 449 + 50 <= 500: late
                        record(Tuple2.of(1L, 2), 451))); // not late, id long forgotten: unique
        assertThat(c.output()).containsExactly("(1,0)@100", "(1,2)@451");
        assertThat(c.sideOutput(1)).containsExactly("(1,1)@449");
        assertThat(c.counter(m -> m.late)).isEqualTo(1);
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void processingTimeExpiryFollowsTheWallClock(String backend) throws Exception {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec =
                Deduplicate.exact(ID, Types.LONG)
                        .expireAfter(Duration.ofMillis(100))
                        .timerGranularity(Duration.ofMillis(10))
                        .inProcessingTime()
                        .miniBatch(4)
                        .duplicatesTo(DUPS)
                        .build();
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec).start(1, null);
        c.setProcessingTime(1000);
        c.run(Arrays.asList(record(Tuple2.of(1L, 0), 1), record(Tuple2.of(1L, 1), 2)));
        c.endInput(); // flushes the mini-batch
        c.setProcessingTime(1099);
        c.run(Arrays.asList(record(Tuple2.of(1L, 2), 3)));
        c.setProcessingTime(1111); // flushes before the timer, then expiry at 1200
        assertThat(c.processingTimeTimers()).isEqualTo(1);
        c.setProcessingTime(1200);
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.processingTimeTimers()).isZero();
        c.run(Arrays.asList(record(Tuple2.of(1L, 3), 4)));
        c.endInput();
        assertThat(c.output()).containsExactly("(1,0)@1", "(1,3)@4");
        assertThat(c.sideOutput(0)).containsExactly("(1,1)@2", "(1,2)@3");
        c.stop();
    }

    @Test
    void misconfigurationNamesTheParameter() {
        assertThatThrownBy(() -> Deduplicate.exact(ID, Types.LONG).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expireAfter");
        assertThatThrownBy(
                        () ->
                                Deduplicate.exact(ID, Types.LONG)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .timerGranularity(Duration.ofSeconds(2))
                                        .build())
                .hasMessageContaining("timerGranularity");
        assertThatThrownBy(
                        () ->
                                Deduplicate.exact(ID, Types.LONG)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .miniBatch(-1)
                                        .build())
                .hasMessageContaining("miniBatch");
        assertThatThrownBy(
                        () ->
                                Deduplicate.exact(ID, Types.LONG)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .inProcessingTime()
                                        .lateRecordsTo(LATE)
                                        .build())
                .hasMessageContaining("lateRecordsTo");
        assertThatThrownBy(() -> Deduplicate.exact(ID, null).expireAfter(Duration.ZERO).build())
                .hasMessageContaining("idType");
        assertThatThrownBy(
                        () ->
                                Deduplicate.exact(
                                                (Tuple2<Long, Integer> t) -> new byte[] {1},
                                                PrimitiveArrayTypeInfo
                                                        .BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .build())
                .hasMessageContaining("idType");
    }

    @Test
    void defaultGranularityIsAQuarterOfTheHorizon() {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec =
                Deduplicate.exact(ID, Types.LONG).expireAfter(Duration.ofMinutes(16)).build();
        assertThat(spec.config().granularityMillis()).isEqualTo(240_000L);
        assertThat(spec.config().shards()).isEqualTo(128);
        assertThat(spec.config().keepPolicy()).isEqualTo(KeepPolicy.KEEP_FIRST);
        assertThat(spec.config().miniBatchSize()).isZero();
    }
}
