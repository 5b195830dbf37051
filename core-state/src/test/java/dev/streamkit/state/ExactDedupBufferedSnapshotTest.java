package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.ShardedDedupOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checkpointed write-back buffer ({@link ShardedDedupOperator#BUFFERED_STATE}: the buffer
 * snapshotted as one list per shard and restored onto the heap) against the reference deduplicator,
 * seeded, on both backends: two snapshots mid-stream, each restored at another parallelism (1 -> 2
 * -> 3) and with another bound: the default (nothing reaches the map), 0 (the restored lists move
 * into the map) and 16 (the buffer spills into the map again and again). Every record's fate must
 * equal the reference's, and nothing may be left once every id expired.
 */
class ExactDedupBufferedSnapshotTest {
    private static final OutputTag<Tuple2<Long, Integer>> DUPS =
            new OutputTag<>("duplicates", TYPE);
    private static final long HORIZON = 50;
    private static final MapStateDescriptor<Long, Long> IDS =
            new MapStateDescriptor<>(ShardedDedupOperator.IDS_STATE, Types.LONG, Types.LONG);

    static Stream<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            for (long seed : new long[] {7, 19, 1234567}) {
                out.add(new Object[] {backend, seed});
            }
        }
        return out.stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ours(
            String backend, int bound) {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec =
                Deduplicate.exact(ID, Types.LONG)
                        .expireAfter(Duration.ofMillis(HORIZON))
                        .timerGranularity(Duration.ofMillis(1))
                        .writeBuffer(bound)
                        .shards(16)
                        .duplicatesTo(DUPS)
                        .build();
        return new Cluster<>(
                () ->
                        ((ShardedDedupOperator<Tuple2<Long, Integer>, Long>) spec.operator(TYPE))
                                .withWriteBufferOnHeap(),
                (KeySelector) spec.keySelector(),
                (TypeInformation) spec.keyType(),
                backend,
                Arrays.asList(DUPS));
    }

    private static long buffered(Cluster<?, ?, ?> c) {
        return c.harnesses().stream()
                .mapToLong(h -> ((ShardedDedupOperator<?, ?>) h.getOperator()).bufferedWrites())
                .sum();
    }

    private static List<String> valuesOnly(List<String> rendered) {
        return rendered.stream()
                .map(s -> s.substring(0, s.indexOf('@') < 0 ? s.length() : s.indexOf('@')))
                .sorted()
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("cases")
    void restoresAndRescalesExactlyWhateverTheBound(String backend, long seed) throws Exception {
        System.out.println("seed " + seed);
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(seed, 3000, 400, 20, false);
        int third = script.size() / 3;
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

        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> first =
                ours(backend, ExactDeduplicator.AUTO_WRITE_BUFFER_IDS).start(1, null);
        first.run(script.subList(0, third));
        assertThat(first.mapEntries(IDS)).as("nothing written to the map").isZero();
        long live = buffered(first);
        assertThat(live).isPositive();
        OperatorSubtaskState s1 = first.snapshotAndStop(1);

        // without a buffer the restored lists move into the map
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> second =
                ours(backend, 0).start(2, s1);
        assertThat(second.mapEntries(IDS)).as("restored ids in the map").isEqualTo(live);
        assertThat(second.keysWithState(ShardedDedupOperator.BUFFERED_STATE)).isZero();
        second.run(script.subList(third, 2 * third));
        OperatorSubtaskState s2 = second.snapshotAndStop(2);

        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> third3 =
                ours(backend, 16).start(3, s2);
        third3.run(script.subList(2 * third, script.size()));
        OperatorSubtaskState s3 = third3.snapshotAndStop(3);
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> last =
                ours(backend, ExactDeduplicator.AUTO_WRITE_BUFFER_IDS).start(2, s3);
        last.run(Collections.singletonList(Step.watermark(Long.MAX_VALUE)));
        ref.run(Collections.singletonList(Step.watermark(Long.MAX_VALUE)));

        List<String> output = new ArrayList<>();
        List<String> dups = new ArrayList<>();
        for (Cluster<?, ?, ?> c : Arrays.asList(first, second, third3, last)) {
            output.addAll(c.output());
            dups.addAll(c.sideOutput(0));
        }
        Collections.sort(output);
        assertThat(output).isNotEmpty().isEqualTo(ref.output());
        assertThat(valuesOnly(dups)).isEqualTo(valuesOnly(ref.sideOutput(0)));
        assertThat(buffered(last)).isZero();
        assertThat(last.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(last.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        assertThat(last.keysWithState(ShardedDedupOperator.BUFFERED_STATE)).isZero();
        ref.stop();
        last.stop();
    }
}
