package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Serialized state bytes per live id, exact vs approximate, for 100 000 ids inside one horizon: the
 * approximate deduplicator (1 % false positives) must need at least 5x fewer bytes.
 *
 * <p>Measured as the size of a canonical savepoint, on both backends: the backend-independent
 * format holds each live key and value exactly once. (A native RocksDB checkpoint ships SST files
 * that still hold every overwritten version of a Bloom block until compaction, so its size measures
 * write amplification, not the state layout.)
 */
class StateBytesTest {
    private static final int IDS = 100_000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void approximateStateIsAtLeastFiveTimesSmallerPerId(String backend) throws Exception {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> exact =
                Deduplicate.exact((Tuple2<Long, Integer> t) -> t.f0, Types.LONG)
                        .expireAfter(Duration.ofHours(1))
                        .build();
        ApproximateDeduplicator<Tuple2<Long, Integer>> approximate =
                Deduplicate.approximate(IdHasher.ofLong((Tuple2<Long, Integer> t) -> t.f0))
                        .expireAfter(Duration.ofHours(1))
                        .expectedIdsPerHorizon(IDS)
                        .falsePositiveRate(0.01)
                        .build();
        @SuppressWarnings("unchecked")
        long exactBytes =
                bytes(
                        backend,
                        exact.operator(TYPE),
                        (KeySelector<Tuple2<Long, Integer>, Integer>) exact.keySelector());
        long approximateBytes = bytes(backend, approximate.operator(), approximate.shardSelector());
        double exactPerId = (double) exactBytes / IDS;
        double approximatePerId = (double) approximateBytes / IDS;
        System.out.printf(
                "state bytes per id (%s, %d ids, canonical savepoint): exact %.2f, approximate"
                        + " %.2f,"
                        + " ratio %.1fx%n",
                backend, IDS, exactPerId, approximatePerId, exactPerId / approximatePerId);
        assertThat(exactPerId).as(backend).isGreaterThanOrEqualTo(5 * approximatePerId);
    }

    private static long bytes(
            String backend,
            OneInputStreamOperator<Tuple2<Long, Integer>, Tuple2<Long, Integer>> operator,
            KeySelector<Tuple2<Long, Integer>, Integer> keySelector)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<
                        Integer, Tuple2<Long, Integer>, Tuple2<Long, Integer>>
                h = new KeyedOneInputStreamOperatorTestHarness<>(operator, keySelector, Types.INT);
        h.setStateBackend(HarnessSupport.backend(backend));
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.open();
        for (int i = 0; i < IDS; i++) {
            h.processElement(new StreamRecord<>(Tuple2.of((long) i * 7919, 0), i));
            if (i % 10_000 == 0) {
                h.getOutput().clear();
            }
        }
        assertThat(h.getOutput()).isNotEmpty();
        h.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot =
                h.snapshotWithLocalState(
                                1, 1, SavepointType.savepoint(SavepointFormatType.CANONICAL))
                        .getJobManagerOwnedState();
        h.close();
        return snapshot.getStateSize();
    }
}
