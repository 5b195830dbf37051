package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.TYPE;
import static dev.streamkit.state.HarnessSupport.Step.record;
import static dev.streamkit.state.HarnessSupport.Step.watermark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.BloomDedupOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApproximateDeduplicatorTest {
    private static final OutputTag<Tuple2<Long, Integer>> DUPS =
            new OutputTag<>("duplicates", TYPE);
    private static final IdHasher<Tuple2<Long, Integer>> HASHER = IdHasher.ofLong(t -> t.f0);

    private static ApproximateDeduplicator<Tuple2<Long, Integer>> dedup(
            long horizon, long expectedIds, double fpr) {
        return Deduplicate.approximate(HASHER)
                .expireAfter(Duration.ofMillis(horizon))
                .expectedIdsPerHorizon(expectedIds)
                .falsePositiveRate(fpr)
                .shards(16)
                .duplicatesTo(DUPS)
                .build();
    }

    private static Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> cluster(
            String backend, ApproximateDeduplicator<Tuple2<Long, Integer>> spec) {
        return new Cluster<>(
                spec::operator, spec.shardSelector(), Types.INT, backend, Arrays.asList(DUPS));
    }

    /**
     * One million new ids (1 ms apart), interleaved with half a million duplicates of ids seen up
     * to one horizon earlier: every duplicate is caught and at most 1 % of new ids are flagged.
     */
    @Test
    void millionIdsHaveNoFalseNegativesWithinTheHorizonAndFprBelowTheTarget() throws Exception {
        long seed = 20260101L;
        int ids = 1_000_000;
        long horizon = 100_000;
        double target = 0.01;
        // per horizon: 100 000 new ids plus at most 50 000 repeats of older ids, each of which
        // may be recorded again in the current time slot
        long distinctPerHorizon = horizon + horizon / 2;
        ApproximateDeduplicator<Tuple2<Long, Integer>> spec =
                dedup(horizon, distinctPerHorizon, target);
        KeyedOneInputStreamOperatorTestHarness<
                        Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>>
                h =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                spec.operator(), spec.shardSelector(), Types.INT);
        h.getExecutionConfig().disableGenericTypes();
        h.open();
        SplittableRandom random = new SplittableRandom(seed);
        long falsePositives = 0;
        long falseNegatives = 0;
        long duplicates = 0;
        for (int i = 0; i < ids; i++) {
            h.processElement(new StreamRecord<>(Tuple2.of((long) i, 0), i));
            if (random.nextBoolean() && i > 0) {
                // a copy of an id first seen less than one horizon ago
                long earlier = i - random.nextLong(Math.min(i, horizon - 1) + 1);
                h.processElement(new StreamRecord<>(Tuple2.of(earlier, 1), i));
                duplicates++;
            }
            if (i % 1000 == 999) {
                h.processWatermark(new Watermark(i));
                for (Object o : h.getOutput()) {
                    if (o instanceof StreamRecord
                            && ((Tuple2<?, ?>) ((StreamRecord<?>) o).getValue()).f1.equals(1)) {
                        falseNegatives++;
                    }
                }
                h.getOutput().clear();
                for (StreamRecord<Tuple2<Long, Integer>> r : h.getSideOutput(DUPS)) {
                    if (r.getValue().f1 == 0) {
                        falsePositives++;
                    }
                }
                h.getSideOutput(DUPS).clear();
            }
        }
        double fpr = (double) falsePositives / ids;
        System.out.printf(
                "approximate dedup, seed %d: %d ids, %d duplicates, %d false negatives, FPR %.5f"
                        + " (target %.3f), %d blocks/shard x %d shards, k=%d, %d filter bytes%n",
                seed,
                ids,
                duplicates,
                falseNegatives,
                fpr,
                target,
                spec.blocksPerShard(),
                spec.shards(),
                spec.hashesPerId(),
                spec.stateBytes());
        assertThat(duplicates).as("seed %s", seed).isGreaterThan(400_000);
        assertThat(falseNegatives).as("false negatives, seed %s", seed).isZero();
        assertThat(fpr).as("false-positive rate, seed %s", seed).isLessThanOrEqualTo(target);
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void duplicatesAreDroppedAndStateAndTimersReturnToZero(String backend) throws Exception {
        Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                cluster(backend, dedup(100, 1000, 0.001)).start(1, null);
        c.run(
                Arrays.asList(
                        record(Tuple2.of(1L, 0), 10),
                        record(Tuple2.of(2L, 0), 20),
                        record(Tuple2.of(1L, 1), 105), // 95 ms later: within the horizon
                        watermark(105)));
        assertThat(c.output()).containsExactly("(1,0)@10", "(2,0)@20");
        assertThat(c.sideOutput(0)).containsExactly("(1,1)@105");
        assertThat(c.counter(m -> m.unique)).isEqualTo(2);
        assertThat(c.counter(m -> m.duplicates)).isEqualTo(1);
        assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isPositive();
        assertThat(c.eventTimeTimers()).isPositive();
        c.run(Arrays.asList(watermark(1000)));
        assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
        assertThat(c.eventTimeTimers()).isZero();
        c.run(Arrays.asList(record(Tuple2.of(1L, 2), 1000)));
        assertThat(c.output()).contains("(1,2)@1000");
        c.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void snapshotRestoreAndRescaleEqualAnUninterruptedRun(String backend) throws Exception {
        long seed = 7;
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(seed, 4000, 500, 0, true);
        ApproximateDeduplicator<Tuple2<Long, Integer>> spec = dedup(200, 500, 0.01);
        Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> straight =
                cluster(backend, spec).start(1, null);
        straight.run(script);
        int third = script.size() / 3;
        Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> restarted =
                cluster(backend, spec).start(1, null);
        restarted.run(script.subList(0, third));
        OperatorSubtaskState s1 = restarted.snapshotAndStop(1);
        restarted.start(2, s1);
        restarted.run(script.subList(third, 2 * third));
        OperatorSubtaskState s2 = restarted.snapshotAndStop(2);
        restarted.start(1, s2);
        restarted.run(script.subList(2 * third, script.size()));
        assertThat(restarted.output()).as("seed %s", seed).isEqualTo(straight.output());
        assertThat(restarted.sideOutput(0)).as("seed %s", seed).isEqualTo(straight.sideOutput(0));
        assertThat(straight.sideOutput(0)).isNotEmpty();
        assertThat(restarted.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
        assertThat(restarted.eventTimeTimers()).isZero();
        straight.stop();
        restarted.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void outOfOrderDuplicatesWithinTheToleratedDisorderAreCaught(String backend) throws Exception {
        ApproximateDeduplicator<Tuple2<Long, Integer>> spec =
                Deduplicate.approximate(HASHER)
                        .expireAfter(Duration.ofMillis(100))
                        .maxOutOfOrderness(Duration.ofMillis(50))
                        .expectedIdsPerHorizon(10_000)
                        .falsePositiveRate(0.0001)
                        .shards(1)
                        .duplicatesTo(DUPS)
                        .build();
        SplittableRandom random = new SplittableRandom(3);
        List<Step<Tuple2<Long, Integer>>> steps = new ArrayList<>();
        List<Long> expectedDuplicates = new ArrayList<>();
        long maxTs = 0;
        for (long i = 0; i < 5000; i++) {
            long ts = 1000 + i - random.nextLong(51); // at most 50 ms behind the newest
            maxTs = Math.max(maxTs, ts);
            steps.add(record(Tuple2.of(i, 0), ts));
            if (i >= 200 && random.nextInt(4) == 0) {
                // the copy's timestamp is within 100 ms of the original's (either side)
                long original = i - 40;
                long copyTs = Math.max(maxTs - 50, ts);
                steps.add(record(Tuple2.of(original, 1), copyTs));
                expectedDuplicates.add(original);
            }
            steps.add(watermark(maxTs - 50));
        }
        Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                cluster(backend, spec).start(1, null);
        c.run(steps);
        assertThat(c.output())
                .as("no copy reaches the main output")
                .noneMatch(s -> s.contains(",1)"));
        assertThat(c.sideOutput(0).stream().filter(s -> s.contains(",1)")).count())
                .isEqualTo(expectedDuplicates.size());
        c.stop();
    }

    @Test
    void misconfigurationNamesTheParameter() {
        assertThatThrownBy(() -> Deduplicate.approximate(HASHER).expectedIdsPerHorizon(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expireAfter");
        assertThatThrownBy(
                        () ->
                                Deduplicate.approximate(HASHER)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .build())
                .hasMessageContaining("expectedIdsPerHorizon");
        assertThatThrownBy(
                        () ->
                                Deduplicate.approximate(HASHER)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .expectedIdsPerHorizon(10)
                                        .falsePositiveRate(0.9)
                                        .build())
                .hasMessageContaining("falsePositiveRate");
        assertThatThrownBy(
                        () ->
                                Deduplicate.approximate(HASHER)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .expectedIdsPerHorizon(10)
                                        .slots(2)
                                        .build())
                .hasMessageContaining("slots");
        assertThatThrownBy(
                        () ->
                                Deduplicate.approximate(HASHER)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .expectedIdsPerHorizon(10)
                                        .shards(0)
                                        .build())
                .hasMessageContaining("shards");
    }
}
