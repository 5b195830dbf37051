package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.TYPE;
import static dev.streamkit.state.HarnessSupport.Step.record;
import static dev.streamkit.state.HarnessSupport.Step.watermark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.state.HarnessSupport.Cluster;
import dev.streamkit.state.HarnessSupport.Step;
import dev.streamkit.state.internal.BloomDedupOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
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
import org.junit.jupiter.params.provider.ValueSource;

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
     * to one horizon earlier: every duplicate is caught and at most the configured rate of new ids
     * are flagged (at 0.1 %: 0.254 % measured with the double-hashed layout before session 10).
     */
    @ParameterizedTest(name = "falsePositiveRate {0}")
    @ValueSource(doubles = {0.01, 0.001})
    void millionIdsHaveNoFalseNegativesWithinTheHorizonAndFprBelowTheTarget(double target)
            throws Exception {
        long seed = 20260101L;
        int ids = 1_000_000;
        long horizon = 100_000;
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
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
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
                spec.config().blocksPerShard(),
                spec.config().shards(),
                spec.config().hashesPerId(),
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
        // the block cache writes state back before a checkpoint barrier
        c.harnesses().get(0).prepareSnapshotPreBarrier(1);
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

    private static final OutputTag<Tuple2<Long, Integer>> LATE = new OutputTag<>("late", TYPE);

    /** Cache bound of the "tiny" variant: a few blocks, far below one subtask's filters. */
    private static final long TINY_CACHE = 4096;

    private static ApproximateDeduplicator<Tuple2<Long, Integer>> cached(
            long cacheBytes, boolean processingTime) {
        ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b =
                Deduplicate.approximate(HASHER)
                        .expireAfter(Duration.ofMillis(200))
                        .expectedIdsPerHorizon(2000)
                        .falsePositiveRate(0.01)
                        .shards(4)
                        .blockCacheBytes(cacheBytes)
                        .duplicatesTo(DUPS);
        if (processingTime) {
            b = b.inProcessingTime();
        } else {
            b = b.lateRecordsTo(LATE);
        }
        return b.build();
    }

    private static Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> cachedCluster(
            String backend, long cacheBytes, boolean processingTime) {
        ApproximateDeduplicator<Tuple2<Long, Integer>> spec = cached(cacheBytes, processingTime);
        return new Cluster<>(
                spec::operator,
                spec.shardSelector(),
                Types.INT,
                backend,
                processingTime ? Arrays.asList(DUPS) : Arrays.asList(DUPS, LATE));
    }

    private static long sum(
            Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c,
            ToLongFunction<BloomDedupOperator<?>> f) {
        long n = 0;
        for (KeyedOneInputStreamOperatorTestHarness<
                        Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>>
                h : c.harnesses()) {
            n += f.applyAsLong((BloomDedupOperator<?>) h.getOperator());
        }
        return n;
    }

    /** Outputs of a run: main output, then each side output. */
    private static List<List<String>> outputs(
            Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c, int tags) {
        List<List<String>> out = new ArrayList<>();
        out.add(c.output());
        for (int t = 0; t < tags; t++) {
            out.add(c.sideOutput(t));
        }
        return out;
    }

    /**
     * Differential test: the default cache (whole shards) and a tiny cache (read-through, shards
     * evicted all the time) give exactly the answers of the operator without cache, on a random
     * out-of-order stream with late events, across snapshot/restore and rescaling 1 -> 2 -> 1; in
     * the end state, timers and cache are empty.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void cachedOperatorsAnswerExactlyAsTheUncachedOne(String backend) throws Exception {
        long seed = 11;
        List<Step<Tuple2<Long, Integer>>> script = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Step<Tuple2<Long, Integer>> step : DedupScripts.random(seed, 6000, 700, 30, true)) {
            script.add(step);
            if (!step.isWatermark() && step.time < Long.MAX_VALUE && random.nextInt(50) == 0) {
                // far behind: older than the live slots of its block, a late event
                script.add(record(Tuple2.of((long) random.nextInt(700), -1), step.time - 600));
            }
        }
        List<List<String>> reference = null;
        for (long cacheBytes :
                new long[] {0, ApproximateDeduplicator.DEFAULT_BLOCK_CACHE_BYTES, TINY_CACHE}) {
            Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                    cachedCluster(backend, cacheBytes, false).start(1, null);
            int third = script.size() / 3;
            c.run(script.subList(0, third));
            if (cacheBytes == TINY_CACHE) {
                assertThat(sum(c, BloomDedupOperator::cacheEvictions))
                        .as("evictions with a tiny cache")
                        .isPositive();
                assertThat(sum(c, op -> op.wholeShards() ? 1 : 0)).isZero();
                assertThat(sum(c, BloomDedupOperator::cacheBytes)).isLessThanOrEqualTo(TINY_CACHE);
            } else if (cacheBytes > 0) {
                assertThat(sum(c, op -> op.wholeShards() ? 1 : 0)).isEqualTo(1);
                assertThat(sum(c, BloomDedupOperator::cacheEvictions)).isZero();
                assertThat(sum(c, BloomDedupOperator::dirtyBlocks)).isPositive();
            }
            OperatorSubtaskState s1 = c.snapshotAndStop(1);
            c.start(2, s1);
            c.run(script.subList(third, 2 * third));
            OperatorSubtaskState s2 = c.snapshotAndStop(2);
            c.start(1, s2);
            c.run(script.subList(2 * third, script.size()));
            assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
            assertThat(c.eventTimeTimers()).isZero();
            assertThat(sum(c, BloomDedupOperator::cachedBlocks)).isZero();
            assertThat(sum(c, BloomDedupOperator::cacheBytes)).isZero();
            List<List<String>> out = outputs(c, 2);
            c.stop();
            if (reference == null) {
                reference = out;
                assertThat(out.get(1)).as("duplicates, seed %s", seed).isNotEmpty();
                assertThat(out.get(2)).as("late events, seed %s", seed).isNotEmpty();
            } else {
                assertThat(out)
                        .as("cache %s bytes, seed %s", cacheBytes, seed)
                        .isEqualTo(reference);
            }
        }
    }

    /** The same comparison in processing time (timers fire as the clock advances). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void cachedOperatorsAnswerExactlyAsTheUncachedOneInProcessingTime(String backend)
            throws Exception {
        long seed = 5;
        List<Step<Tuple2<Long, Integer>>> script = DedupScripts.random(seed, 4000, 500, 0, false);
        List<List<String>> reference = null;
        for (long cacheBytes :
                new long[] {0, ApproximateDeduplicator.DEFAULT_BLOCK_CACHE_BYTES, TINY_CACHE}) {
            Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                    cachedCluster(backend, cacheBytes, true).start(1, null);
            for (int i = 0; i < script.size(); i++) {
                Step<Tuple2<Long, Integer>> step = script.get(i);
                if (step.isWatermark()) {
                    c.setProcessingTime(step.time); // the clock instead of the watermark
                } else {
                    c.run(script.subList(i, i + 1));
                }
                if (i == script.size() / 2) {
                    OperatorSubtaskState s = c.snapshotAndStop(1);
                    c.start(2, s);
                    c.setProcessingTime(step.time);
                }
            }
            c.setProcessingTime(1_000_000);
            assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
            assertThat(c.processingTimeTimers()).isZero();
            assertThat(sum(c, BloomDedupOperator::cacheBytes)).isZero();
            List<List<String>> out = outputs(c, 1);
            c.stop();
            if (reference == null) {
                reference = out;
                assertThat(out.get(1)).as("duplicates, seed %s", seed).isNotEmpty();
            } else {
                assertThat(out)
                        .as("cache %s bytes, seed %s", cacheBytes, seed)
                        .isEqualTo(reference);
            }
        }
    }

    /**
     * A snapshot taken while the cache holds blocks not yet in state (nothing was written before
     * the barrier) restores to the answers of an uninterrupted run: a copy of every id seen before
     * the snapshot is caught after it, and a new id is not.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void snapshotWithDirtyCachedBlocksRestoresTheSameAnswers(String backend) throws Exception {
        List<Step<Tuple2<Long, Integer>>> before = new ArrayList<>();
        List<Step<Tuple2<Long, Integer>>> after = new ArrayList<>();
        for (long id = 0; id < 300; id++) {
            before.add(record(Tuple2.of(id, 0), 1000 + id / 10));
        }
        before.add(watermark(1029));
        for (long id = 0; id < 600; id += 2) {
            // even ids below 300 are copies (within 200 ms), ids from 300 on are new
            after.add(record(Tuple2.of(id, 1), 1040 + id / 20));
        }
        for (long cacheBytes :
                new long[] {ApproximateDeduplicator.DEFAULT_BLOCK_CACHE_BYTES, TINY_CACHE}) {
            Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                    cachedCluster(backend, cacheBytes, false).start(1, null);
            c.run(before);
            assertThat(sum(c, BloomDedupOperator::dirtyBlocks)).as("dirty blocks").isPositive();
            if (cacheBytes != TINY_CACHE) {
                assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE))
                        .as("nothing written before the barrier")
                        .isZero();
            }
            OperatorSubtaskState snapshot = c.snapshotAndStop(1);
            c.start(1, snapshot);
            assertThat(sum(c, BloomDedupOperator::cachedBlocks)).as("restored cold").isZero();
            c.run(after);
            List<String> duplicates = c.sideOutput(0);
            List<String> expectedDuplicates = new ArrayList<>();
            for (long id = 0; id < 300; id += 2) {
                expectedDuplicates.add("(" + id + ",1)@" + (1040 + id / 20));
            }
            assertThat(duplicates).as("cache %s bytes", cacheBytes).containsAll(expectedDuplicates);
            // new ids: at most a few false positives at 1 %
            assertThat(duplicates.size() - expectedDuplicates.size()).isLessThanOrEqualTo(5);
            c.run(Arrays.asList(watermark(Long.MAX_VALUE)));
            assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
            assertThat(c.eventTimeTimers()).isZero();
            assertThat(sum(c, BloomDedupOperator::cacheBytes)).isZero();
            c.stop();
        }
    }

    /**
     * Expiry removes blocks from state and from the cache: written-back blocks, blocks dirtied
     * again after the write-back and blocks never written.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void expiryDropsCachedBlocksAndState(String backend) throws Exception {
        for (long cacheBytes :
                new long[] {ApproximateDeduplicator.DEFAULT_BLOCK_CACHE_BYTES, TINY_CACHE}) {
            Cluster<Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>> c =
                    cachedCluster(backend, cacheBytes, false).start(1, null);
            List<Step<Tuple2<Long, Integer>>> first = new ArrayList<>();
            List<Step<Tuple2<Long, Integer>>> second = new ArrayList<>();
            for (long id = 0; id < 200; id++) {
                first.add(record(Tuple2.of(id, 0), 1000));
                second.add(record(Tuple2.of(id + 1000, 0), 1100));
            }
            c.run(first);
            c.harnesses().get(0).prepareSnapshotPreBarrier(1);
            assertThat(sum(c, BloomDedupOperator::dirtyBlocks)).isZero();
            long written = c.keysWithState(BloomDedupOperator.BLOCKS_STATE);
            assertThat(written).isPositive();
            c.run(second);
            assertThat(sum(c, BloomDedupOperator::dirtyBlocks)).isPositive();
            assertThat(sum(c, BloomDedupOperator::cachedBlocks)).isPositive();
            c.run(Arrays.asList(watermark(5000)));
            assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
            assertThat(c.eventTimeTimers()).isZero();
            assertThat(sum(c, BloomDedupOperator::cachedBlocks)).isZero();
            assertThat(sum(c, BloomDedupOperator::dirtyBlocks)).isZero();
            assertThat(sum(c, BloomDedupOperator::cacheBytes)).isZero();
            // a snapshot after expiry writes nothing back
            c.harnesses().get(0).prepareSnapshotPreBarrier(2);
            assertThat(c.keysWithState(BloomDedupOperator.BLOCKS_STATE)).isZero();
            assertThat(c.output()).hasSize(400);
            c.stop();
        }
    }

    @Test
    void misconfigurationNamesTheParameter() {
        assertThatThrownBy(
                        () ->
                                Deduplicate.approximate(HASHER)
                                        .expireAfter(Duration.ofSeconds(1))
                                        .expectedIdsPerHorizon(10)
                                        .blockCacheBytes(-1)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blockCacheBytes");
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
