package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.ShardedDedupOperator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
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
 * Snapshots taken with the code before the checkpointed write-back buffer (commit c526bdc: ids in
 * the id map, no {@link ShardedDedupOperator#BUFFERED_STATE}) restore exactly: the second half of
 * the script, run after restoring at another parallelism (2 -> 3), keeps and drops exactly the
 * records the reference deduplicator does over the whole script.
 *
 * <p>The resources were written by a test run on c526bdc: {@code DedupScripts.random(11, 3000, 400,
 * 20, false)}, its first half at parallelism 2, keep-first, 50 ms horizon, 1 ms granularity, 16
 * shards, duplicates side output, snapshot 1.
 */
class ExactDedupMainSnapshotRestoreTest {
    private static final OutputTag<Tuple2<Long, Integer>> DUPS =
            new OutputTag<>("duplicates", TYPE);

    @SuppressWarnings({"unchecked", "rawtypes"})
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void restoresSnapshotsOfThePreviousLayoutExactly(String backend) throws Exception {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> spec =
                Deduplicate.exact(ID, Types.LONG)
                        .expireAfter(Duration.ofMillis(50))
                        .timerGranularity(Duration.ofMillis(1))
                        .shards(16)
                        .duplicatesTo(DUPS)
                        .build();
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(11, 3000, 400, 20, false);
        List<Step<Tuple2<Long, Integer>>> secondHalf =
                script.subList(script.size() / 2, script.size());
        int firstSeq = secondHalf.stream().filter(s -> !s.isWatermark()).findFirst().get().value.f1;

        OperatorSubtaskState old =
                HarnessSupport.readSnapshot(
                        "/dedup-snapshots/exact-keep-first-c526bdc-" + backend + ".snapshot");
        Cluster<Object, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                new Cluster<>(
                                () ->
                                        ((ShardedDedupOperator<Tuple2<Long, Integer>, Long>)
                                                        spec.operator(TYPE))
                                                .withWriteBufferOnHeap(),
                                (KeySelector) spec.keySelector(),
                                (TypeInformation) spec.keyType(),
                                backend,
                                Arrays.asList(DUPS))
                        .start(3, old);
        c.run(secondHalf);
        c.run(Collections.singletonList(Step.watermark(Long.MAX_VALUE)));

        Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> ref =
                new Cluster<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>>(
                                () ->
                                        new KeyedProcessOperator<>(
                                                new ReferenceDedup(50, false, DUPS)),
                                ID,
                                Types.LONG,
                                backend,
                                Arrays.asList(DUPS))
                        .start(1, null);
        ref.run(script);
        ref.run(Collections.singletonList(Step.watermark(Long.MAX_VALUE)));

        List<String> expected =
                ref.output().stream().filter(s -> seq(s) >= firstSeq).collect(Collectors.toList());
        assertThat(expected).isNotEmpty();
        assertThat(c.output()).isEqualTo(expected);
        assertThat(c.counter(m -> m.duplicates))
                .isEqualTo(ref.sideOutput(0).stream().filter(s -> seq(s) >= firstSeq).count());
        assertThat(c.keysWithState(ShardedDedupOperator.IDS_STATE)).isZero();
        assertThat(c.keysWithState(ShardedDedupOperator.BUCKETS_STATE)).isZero();
        c.stop();
        ref.stop();
    }

    /** The sequence number of a rendered record "(id,seq)@ts". */
    private static int seq(String rendered) {
        return Integer.parseInt(
                rendered.substring(rendered.indexOf(',') + 1, rendered.indexOf(')')));
    }
}
