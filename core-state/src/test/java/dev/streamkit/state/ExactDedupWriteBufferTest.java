package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static dev.streamkit.state.HarnessSupport.Step.record;
import static dev.streamkit.state.HarnessSupport.Step.watermark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.ShardedDedupOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keep-first write-back buffer (map writes held on the heap until a snapshot or until full):
 * exact against the reference at any bound, snapshots taken mid-buffer hold the exact logical
 * state, buffered ids that expire are never written, refreshed ids read from state are deleted. On
 * the HashMap backend the buffer is forced on ({@code withWriteBufferOnHeap}).
 */
class ExactDedupWriteBufferTest {
    private static final OutputTag<Tuple2<Long, Integer>> DUPS =
            new OutputTag<>("duplicates", TYPE);
    private static final long HORIZON = 50;
    private static final MapStateDescriptor<Long, Long> IDS =
            new MapStateDescriptor<>(ShardedDedupOperator.IDS_STATE, Types.LONG, Types.LONG);

    static Stream<Object[]> variants() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            for (int bound : new int[] {1, 4, ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS}) {
                for (int batch : new int[] {0, 7}) {
                    out.add(new Object[] {backend, bound, batch});
                }
            }
        }
        return out.stream();
    }

    private static ExactDeduplicator<Tuple2<Long, Integer>, Long> spec(
            int bound, int batch, long granularity) {
        return Deduplicate.exact(ID, Types.LONG)
                .expireAfter(Duration.ofMillis(HORIZON))
                .timerGranularity(Duration.ofMillis(granularity))
                .miniBatch(batch)
                .writeBuffer(bound)
                .duplicatesTo(DUPS)
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ours(
            String backend, ExactDeduplicator<Tuple2<Long, Integer>, Long> spec) {
        return new Cluster<>(
                () ->
                        ((ShardedDedupOperator<Tuple2<Long, Integer>, Long>) spec.operator(TYPE))
                                .withWriteBufferOnHeap(),
                (KeySelector) spec.keySelector(),
                (TypeInformation) spec.keyType(),
                backend,
                Arrays.asList(DUPS));
    }

    private static ShardedDedupOperator<?, ?> operator(
            KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        return (ShardedDedupOperator<?, ?>) h.getOperator();
    }

    private static long buffered(Cluster<?, ?, ?> c) {
        return c.harnesses().stream().mapToLong(h -> operator(h).bufferedWrites()).sum();
    }

    private static long writesAvoided(Cluster<?, ?, ?> c) {
        return c.harnesses().stream().mapToLong(h -> operator(h).writesAvoided()).sum();
    }

    private static List<String> valuesOnly(List<String> rendered) {
        return rendered.stream()
                .map(s -> s.substring(0, s.indexOf('@') < 0 ? s.length() : s.indexOf('@')))
                .sorted()
                .collect(Collectors.toList());
    }

    private static void assertNoStateLeft(Cluster<?, ?, ?> c) throws Exception {
        assertThat(buffered(c)).as("buffered ids").isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUFFERED_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
    }

    @ParameterizedTest(name = "{0} bound={1} batch={2}")
    @MethodSource("variants")
    void matchesReferenceWithAnyBound(String backend, int bound, int batch) throws Exception {
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(41, 2500, 300, 20, true);
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
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec(bound, batch, 1)).start(1, null);
        c.run(script);
        c.endInput();
        assertThat(c.output()).isNotEmpty().isEqualTo(ref.output());
        assertThat(valuesOnly(c.sideOutput(0))).isEqualTo(valuesOnly(ref.sideOutput(0)));
        if (bound == 1) {
            // written after every record (or mini-batch): nothing expires while buffered
            assertThat(writesAvoided(c)).isZero();
        } else if (bound == ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS) {
            // never full, never snapshotted: every id expires from the buffer
            assertThat(writesAvoided(c)).isEqualTo(c.counter(m -> m.unique));
        }
        assertNoStateLeft(c);
        ref.stop();
        c.stop();
    }

    static Stream<Object[]> backendsAndBounds() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            // the default never fills here; 16 spills its newest half again and again, so the
            // snapshots catch ids split between state (and the cache) and the heap
            for (int bound : new int[] {ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS, 16}) {
                out.add(new Object[] {backend, bound});
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} bound={1}")
    @MethodSource("backendsAndBounds")
    void snapshotsTakenMidBufferHoldTheLogicalStateAndRestoreExactly(String backend, int bound)
            throws Exception {
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(43, 3000, 300, 20, false);
        int third = script.size() / 3;
        // the same run without the buffer, stopped at the same points
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> plain =
                ours(backend, spec(0, 0, 5)).start(1, null);
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec(bound, 0, 5)).start(1, null);

        plain.run(script.subList(0, third));
        c.run(script.subList(0, third));
        long live = plain.mapEntries(IDS);
        assertThat(live).isPositive();
        assertThat(buffered(c)).as("ids only on the heap").isPositive();
        OperatorSubtaskState s1 = c.snapshotAndStop(1);
        plain.stop();
        c.start(2, s1); // 1 -> 2
        // the snapshot holds the buffer as per-shard lists: restored onto the heap, not the map
        if (bound == ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS) {
            assertThat(buffered(c)).as("live ids restored into the buffer").isEqualTo(live);
            assertThat(c.mapEntries(IDS)).isZero();
        } else {
            assertThat(buffered(c)).isPositive();
            assertThat(c.mapEntries(IDS) + buffered(c)).isGreaterThanOrEqualTo(live);
        }

        c.run(script.subList(third, 2 * third));
        assertThat(buffered(c)).isPositive();
        OperatorSubtaskState s2 = c.snapshotAndStop(2);
        c.start(1, s2); // 2 -> 1
        c.run(script.subList(2 * third, script.size()));

        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> straight =
                ours(backend, spec(0, 0, 5)).start(1, null);
        straight.run(script);
        List<Step<Tuple2<Long, Integer>>> close = Arrays.asList(watermark(Long.MAX_VALUE));
        straight.run(close);
        c.run(close);
        assertThat(c.output()).isNotEmpty().isEqualTo(straight.output());
        assertThat(valuesOnly(c.sideOutput(0))).isEqualTo(valuesOnly(straight.sideOutput(0)));
        assertNoStateLeft(c);
        straight.stop();
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void bufferedIdsThatExpireAreNeverWritten(String backend) throws Exception {
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec(ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS, 0, 10))
                        .start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 100),
                        record(Tuple2.of(2L, 1), 101),
                        record(Tuple2.of(3L, 2), 102),
                        record(Tuple2.of(2L, 3), 110), // duplicate, expiry stays 160
                        record(Tuple2.of(3L, 4), 115), // duplicate, moves to 170
                        watermark(100)));
        assertThat(buffered(c)).isEqualTo(3);
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        c.run(Arrays.asList(watermark(160))); // 1 and 2 expire, 3 stays
        assertThat(buffered(c)).isEqualTo(1);
        assertThat(writesAvoided(c)).isEqualTo(2);
        c.run(Arrays.asList(record(Tuple2.of(1L, 5), 161), record(Tuple2.of(3L, 6), 161)));
        c.run(Arrays.asList(watermark(Long.MAX_VALUE)));
        assertThat(writesAvoided(c)).isEqualTo(4); // 1, 2, 3 and 1 again
        assertThat(c.output()).containsExactly("(1,0)@100", "(1,5)@161", "(2,1)@101", "(3,2)@102");
        assertThat(c.sideOutput(0)).containsExactly("(2,3)@110", "(3,4)@115", "(3,6)@161");
        assertNoStateLeft(c);
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void aFullBufferWritesItsNewestIdsAndKeepsThoseAboutToExpire(String backend) throws Exception {
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec(4, 0, 10)).start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 100), // expiry 150
                        record(Tuple2.of(2L, 1), 110), // 160
                        record(Tuple2.of(3L, 2), 120), // 170
                        record(Tuple2.of(4L, 3), 130))); // 180: full, a quarter (4) written
        assertThat(c.mapEntries(IDS)).isEqualTo(1);
        assertThat(buffered(c)).isEqualTo(3);
        c.run(Arrays.asList(watermark(165))); // 1 and 2 expire from the heap, never written
        assertThat(writesAvoided(c)).isEqualTo(2);
        assertThat(buffered(c)).isEqualTo(1);
        assertThat(c.mapEntries(IDS)).isEqualTo(1);
        c.run(Arrays.asList(record(Tuple2.of(4L, 4), 140))); // read from state, refreshed to 190
        c.run(Arrays.asList(watermark(Long.MAX_VALUE)));
        // 3 expired from the heap too; the refresh of 4 was deleted from state
        assertThat(writesAvoided(c)).isEqualTo(3);
        assertThat(c.output()).containsExactly("(1,0)@100", "(2,1)@110", "(3,2)@120", "(4,3)@130");
        assertThat(c.sideOutput(0)).containsExactly("(4,4)@140");
        assertNoStateLeft(c);
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void aRefreshOfAnIdInStateIsDeletedFromStateWhenItExpires(String backend) throws Exception {
        // a bound of 1 writes the id to the map at once
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> first =
                ours(backend, spec(1, 0, 10)).start(1, null);
        first.run(Arrays.asList(record(Tuple2.of(1L, 0), 100))); // expiry 150
        OperatorSubtaskState state = first.snapshotAndStop(1);
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                ours(backend, spec(ExactDeduplicator.DEFAULT_WRITE_BUFFER_IDS, 0, 10))
                        .start(1, state);
        assertThat(c.mapEntries(IDS)).isEqualTo(1);
        assertThat(buffered(c)).isZero();
        c.run(Arrays.asList(record(Tuple2.of(1L, 1), 130))); // read from state, moves to 180
        assertThat(buffered(c)).isEqualTo(1);
        c.run(Arrays.asList(watermark(160))); // 150 fires: verified, the buffer says 180
        assertThat(c.mapEntries(IDS)).isEqualTo(1);
        assertThat(buffered(c)).isEqualTo(1);
        c.run(Arrays.asList(watermark(200))); // 180 fires: out of the buffer and of state
        assertThat(c.mapEntries(IDS)).isZero();
        assertThat(writesAvoided(c)).isZero();
        c.run(Arrays.asList(record(Tuple2.of(1L, 2), 205)));
        assertThat(c.output()).containsExactly("(1,2)@205");
        assertThat(first.output()).containsExactly("(1,0)@100");
        assertThat(c.sideOutput(0)).containsExactly("(1,1)@130");
        c.run(Arrays.asList(watermark(Long.MAX_VALUE)));
        assertNoStateLeft(c);
        c.stop();
    }

    @Test
    void aNegativeBoundFailsAtBuild() {
        assertThatThrownBy(
                        () ->
                                Deduplicate.exact(ID, Types.LONG)
                                        .expireAfter(Duration.ofMillis(HORIZON))
                                        .writeBuffer(-2)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeBuffer");
    }
}
