package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.BloomDedupOperator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots of the approximate deduplicator taken before its filter blocks changed layout (commit
 * 1945538: no layout word, every slot double hashed) restore into the current operator at another
 * parallelism (2 -> 3) and keep answering: every duplicate within the horizon of an id recorded
 * before the snapshot is still caught (no false negative across the upgrade), ids not seen for
 * longer than the filters remember are kept (up to the false-positive rate), and all state is
 * removed at the end.
 *
 * <p>The resources were written by a test run on 1945538: {@code DedupScripts.random(13, 6000,
 * 1500, 0, false)}, its first half at parallelism 2, 1500 ms horizon, 2000 ids per horizon, 0.1 %
 * false positives, 16 shards, duplicates side output, snapshot 1.
 */
class ApproximateDedupPreviousLayoutRestoreTest {
    private static final long HORIZON = 1500;

    /** Longer than any id is remembered: (horizon + disorder) * slots / (slots - 1), plus slack. */
    private static final long FORGOTTEN_AFTER = HORIZON * 4 / 3 + HORIZON;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void restoresBlocksOfThePreviousLayoutWithoutLosingAnId(String backend) throws Exception {
        OutputTag<Tuple2<Long, Integer>> dups = new OutputTag<>("duplicates", TYPE);
        ApproximateDeduplicator<Tuple2<Long, Integer>> spec =
                Deduplicate.approximate(IdHasher.<Tuple2<Long, Integer>>ofLong(t -> t.f0))
                        .expireAfter(Duration.ofMillis(HORIZON))
                        .expectedIdsPerHorizon(2000)
                        .falsePositiveRate(0.001)
                        .shards(16)
                        .duplicatesTo(dups)
                        .build();
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(13, 6000, 1500, 0, false);
        int half = script.size() / 2;

        OperatorSubtaskState old =
                HarnessSupport.readSnapshot(
                        "/dedup-snapshots/approximate-1945538-" + backend + ".snapshot");
        Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                new Cluster<>(
                                spec::operator,
                                spec.shardSelector(),
                                Types.INT,
                                backend,
                                Arrays.asList(dups))
                        .start(3, old);
        c.run(script.subList(half, script.size()));
        c.run(Collections.singletonList(Step.watermark(Long.MAX_VALUE)));

        // what each record of the second half must be, from the script alone
        Map<Long, Long> lastSeen = new HashMap<>();
        Set<String> mustDrop = new HashSet<>();
        Set<String> mustKeep = new HashSet<>();
        int caughtFromTheSnapshot = 0;
        for (int i = 0; i < script.size(); i++) {
            Step<Tuple2<Long, Integer>> step = script.get(i);
            if (step.isWatermark()) {
                continue;
            }
            Long previous = lastSeen.put(step.value.f0, step.time);
            if (i < half) {
                continue;
            }
            String rendered = "(" + step.value.f0 + "," + step.value.f1 + ")@" + step.time;
            if (previous != null && step.time - previous <= HORIZON) {
                mustDrop.add(rendered);
                if (previous < firstTime(script, half)) {
                    caughtFromTheSnapshot++;
                }
            } else if (previous == null || step.time - previous > FORGOTTEN_AFTER) {
                mustKeep.add(rendered);
            }
        }
        assertThat(caughtFromTheSnapshot)
                .as("duplicates of ids only the snapshot holds")
                .isGreaterThan(100);
        assertThat(mustKeep).as("new ids in the second half").hasSizeGreaterThan(100);

        Set<String> kept = new HashSet<>(c.output());
        Set<String> dropped = new HashSet<>(c.sideOutput(0));
        assertThat(kept.size() + dropped.size())
                .isEqualTo(script.size() - half - watermarks(script, half));
        assertThat(mustDrop).as("duplicates caught").allMatch(dropped::contains);
        long falsePositives = mustKeep.stream().filter(dropped::contains).count();
        assertThat(falsePositives).as("new ids reported as duplicates").isLessThanOrEqualTo(3);
        assertThat(c.counter(m -> m.duplicates)).isEqualTo(dropped.size());
        assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.stop();
    }

    private static long firstTime(List<Step<Tuple2<Long, Integer>>> script, int from) {
        for (int i = from; ; i++) {
            if (!script.get(i).isWatermark()) {
                return script.get(i).time;
            }
        }
    }

    private static int watermarks(List<Step<Tuple2<Long, Integer>>> script, int from) {
        int n = 0;
        for (int i = from; i < script.size(); i++) {
            n += script.get(i).isWatermark() ? 1 : 0;
        }
        return n;
    }
}
