package dev.streamkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.common.testing.TestConfigs;
import dev.streamkit.state.internal.DedupMetrics;
import dev.streamkit.state.internal.ExactDedupOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through each deduplication operator directly (TESTING.md section 7): seeded scripts
 * mixing valid records with null ids, throwing id extractors, NaN values, far-future, {@code
 * Long.MIN_VALUE + 1} and late timestamps, ending with a {@code Long.MAX_VALUE} watermark, on both
 * backends. No exception escapes; every record is accounted for exactly once against a plain-Java
 * oracle; no output timestamp overflows; timers are gone at the end of input. A record without
 * event time fails with the message naming the operator.
 */
class DedupBadInputTest {
    static final TypeInformation<BadRecord> TYPE = Types.POJO(BadRecord.class);
    static final OutputTag<BadRecord> DUPS = new OutputTag<>("dups", TYPE);
    static final OutputTag<BadRecord> LATE = new OutputTag<>("late", TYPE);
    static final OutputTag<BadRecord> INVALID = new OutputTag<>("invalid", TYPE);
    static final long H = 50;

    /** Returns the id, null, or throws, as a careless extractor on a bad record would. */
    static final KeySelector<BadRecord, Long> ID = DedupBadInputTest::idOf;

    static Long idOf(BadRecord r) {
        if (r.seq % 17 == 5) {
            throw new IllegalStateException("extractor bug on " + r);
        }
        return r.id;
    }

    static boolean hasId(BadRecord r) {
        return r.seq % 17 != 5 && r.id != null;
    }

    static Stream<Object[]> variants() {
        List<Object[]> out = new ArrayList<>();
        for (String backend : Arrays.asList("hashmap", "rocksdb")) {
            for (String kind : Arrays.asList("first", "first-batch", "last", "last-batch")) {
                out.add(new Object[] {backend, kind});
            }
            out.add(new Object[] {backend, "approximate"});
        }
        return out.stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static KeyedOneInputStreamOperatorTestHarness<Object, BadRecord, BadRecord> harness(
            String backend, String kind, boolean eventTime) throws Exception {
        OneInputStreamOperator<BadRecord, BadRecord> op;
        KeySelector<BadRecord, Object> keys;
        TypeInformation<Object> keyType;
        if (kind.equals("approximate")) {
            ApproximateDeduplicator.Builder<BadRecord> b =
                    Deduplicate.approximate(IdHasher.ofLong((BadRecord r) -> idOf(r)))
                            .expireAfter(Duration.ofMillis(H))
                            .expectedIdsPerHorizon(10_000)
                            .falsePositiveRate(1e-6)
                            .shards(8)
                            .duplicatesTo(DUPS)
                            .invalidRecordsTo(INVALID)
                            .name("fuzz");
            if (eventTime) {
                b = b.lateRecordsTo(LATE);
            } else {
                b = b.inProcessingTime();
            }
            ApproximateDeduplicator<BadRecord> spec = b.build();
            op = spec.operator();
            keys = (KeySelector) spec.shardSelector();
            keyType = (TypeInformation) Types.INT;
        } else {
            ExactDeduplicator.Builder<BadRecord, Long> b =
                    Deduplicate.exact(ID, Types.LONG)
                            .expireAfter(Duration.ofMillis(H))
                            .timerGranularity(Duration.ofMillis(1))
                            .keep(
                                    kind.startsWith("last")
                                            ? KeepPolicy.KEEP_LAST
                                            : KeepPolicy.KEEP_FIRST)
                            .miniBatch(kind.endsWith("batch") ? 7 : 0)
                            .shards(8)
                            .duplicatesTo(DUPS)
                            .invalidRecordsTo(INVALID)
                            .name("fuzz");
            if (eventTime) {
                b = b.lateRecordsTo(LATE);
            } else {
                b = b.inProcessingTime();
            }
            ExactDeduplicator<BadRecord, Long> spec = b.build();
            op = spec.operator(TYPE);
            keys = (KeySelector) spec.keySelector();
            keyType = (TypeInformation) spec.keyType();
        }
        KeyedOneInputStreamOperatorTestHarness<Object, BadRecord, BadRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, keys, keyType, 128, 1, 0);
        h.setStateBackend(HarnessSupport.backend(backend));
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.initializeState((OperatorSubtaskState) null);
        h.open();
        return h;
    }

    /** The plain-Java model of exact event-time deduplication with a late side output. */
    static final class Oracle {
        final Map<Long, Long> expiry = new HashMap<>();
        long watermark = Long.MIN_VALUE;
        long unique;
        long duplicates;
        long late;
        long invalid;

        void record(BadRecord r, long ts) {
            if (!hasId(r)) {
                invalid++;
                return;
            }
            long e = TimeMath.add(ts, H);
            if (e <= watermark) {
                late++;
                return;
            }
            Long current = expiry.get(r.id);
            if (current == null) {
                unique++;
                expiry.put(r.id, e);
            } else {
                duplicates++;
                expiry.put(r.id, Math.max(current, e));
            }
        }

        void watermark(long w) {
            watermark = w;
            expiry.values().removeIf(e -> e <= w);
        }
    }

    /**
     * The approximate contract: a record whose block sweep time, (epoch + slots) * epoch width,
     * lies beyond {@code TimeMath.MAX_TIME} is invalid (exact arithmetic, for the configuration of
     * {@link #harness}: horizon 50 ms, 4 slots, so epochs of 50 / 3 + 1 = 17 ms).
     */
    static boolean sweepBeyondTheEndOfTime(long ts) {
        java.math.BigInteger epoch = java.math.BigInteger.valueOf(Math.floorDiv(ts, 17L));
        return epoch.add(java.math.BigInteger.valueOf(4))
                        .multiply(java.math.BigInteger.valueOf(17))
                        .compareTo(java.math.BigInteger.valueOf(TimeMath.MAX_TIME))
                > 0;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void everyBadRecordIsAccountedForExactlyOnce(String backend, String kind) throws Exception {
        long seed = 20261205L ^ kind.hashCode() ^ backend.hashCode();
        System.out.println("DedupBadInputTest seed " + seed + " (" + backend + ", " + kind + ")");
        SplittableRandom random = new SplittableRandom(seed);
        KeyedOneInputStreamOperatorTestHarness<Object, BadRecord, BadRecord> h =
                harness(backend, kind, true);
        Oracle oracle = new Oracle();
        Map<Integer, Long> inputTs = new HashMap<>();
        int n = 3000;
        long normalMax = Long.MIN_VALUE;
        long farFutureWithId = 0;
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(100);
            Long id = k < 6 ? null : (long) random.nextInt(150);
            double value =
                    k < 10 ? Double.NaN : k < 12 ? Double.POSITIVE_INFINITY : random.nextDouble();
            int tk = random.nextInt(100);
            long normal = 1000 + 2L * i;
            long ts;
            if (tk < 2) {
                ts = Long.MAX_VALUE - random.nextInt(100);
            } else if (tk < 4) {
                ts = Long.MIN_VALUE + 1 + random.nextInt(100);
            } else if (tk < 7) {
                ts = normal - 100 - random.nextInt(300); // mostly behind the watermark
            } else {
                ts = normal - random.nextInt(20);
            }
            normalMax = Math.max(normalMax, normal);
            BadRecord r = new BadRecord(id, i, value);
            inputTs.put(i, ts);
            if (hasId(r) && sweepBeyondTheEndOfTime(ts)) {
                farFutureWithId++;
            }
            h.processElement(new StreamRecord<>(r, ts));
            oracle.record(r, ts);
            if (random.nextInt(8) == 0) {
                h.processWatermark(new Watermark(normalMax - 20));
                oracle.watermark(normalMax - 20);
            }
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        h.endInput();
        oracle.watermark(Long.MAX_VALUE);

        List<StreamRecord<BadRecord>> main = records(h.getOutput());
        List<StreamRecord<BadRecord>> dups = records(h.getSideOutput(DUPS));
        List<StreamRecord<BadRecord>> late = records(h.getSideOutput(LATE));
        List<StreamRecord<BadRecord>> invalid = records(h.getSideOutput(INVALID));
        DedupMetrics m = metrics(h);

        // every input exactly once: no record lost, none counted twice
        assertThat(main.size() + dups.size() + late.size() + invalid.size())
                .as("seed %s: output + duplicates + late + invalid", seed)
                .isEqualTo(n);
        List<Integer> seen = new ArrayList<>();
        for (List<StreamRecord<BadRecord>> out : Arrays.asList(main, dups, late, invalid)) {
            for (StreamRecord<BadRecord> r : out) {
                seen.add(r.getValue().seq);
            }
        }
        assertThat(seen).as("seed %s", seed).doesNotHaveDuplicates();
        assertThat(m.invalid.getCount()).isEqualTo(invalid.size());
        for (StreamRecord<BadRecord> r : invalid) {
            assertThat(r.getTimestamp()).isEqualTo(inputTs.get(r.getValue().seq));
            if (!kind.equals("approximate")) {
                assertThat(hasId(r.getValue())).as("seed %s: %s", seed, r).isFalse();
            } else if (hasId(r.getValue())) {
                assertThat(sweepBeyondTheEndOfTime(r.getTimestamp())).as("%s", r).isTrue();
            }
        }
        if (!kind.equals("approximate")) {
            assertThat(invalid.size()).as("seed %s", seed).isEqualTo(oracle.invalid);
        }
        assertThat(m.duplicates.getCount()).isEqualTo(dups.size());
        assertThat(m.late.getCount()).isEqualTo(late.size());
        assertThat(m.unique.getCount()).isEqualTo(main.size());
        if (!kind.equals("approximate")) {
            assertThat(main.size()).as("seed %s: unique", seed).isEqualTo(oracle.unique);
            assertThat(dups.size()).as("seed %s: duplicates", seed).isEqualTo(oracle.duplicates);
            assertThat(late.size()).as("seed %s: late", seed).isEqualTo(oracle.late);
        } else {
            // no exact oracle (false positives, epoch-based lateness), but far-future records are
            // invalid: they never advance a block's clock
            long farFuture = 0;
            for (StreamRecord<BadRecord> r : invalid) {
                farFuture += hasId(r.getValue()) ? 1 : 0;
            }
            assertThat(farFuture).as("seed %s: far-future ids", seed).isEqualTo(farFutureWithId);
            assertThat(invalid.size() - farFuture).isEqualTo(oracle.invalid);
        }
        // no overflowed timestamps: kept records carry their own time, or (keep-last) the
        // expiry at which they were released, never before the record and never past MAX_TIME
        for (StreamRecord<BadRecord> r : main) {
            long in = inputTs.get(r.getValue().seq);
            if (kind.startsWith("last")) {
                assertThat(r.getTimestamp())
                        .as("seed %s: %s", seed, r)
                        .isBetween(Math.min(in, TimeMath.MAX_TIME), TimeMath.MAX_TIME);
            } else {
                assertThat(r.getTimestamp()).as("seed %s: %s", seed, r).isEqualTo(in);
            }
        }
        // the end-of-input watermark fired every timer
        assertThat(h.numEventTimeTimers()).as("seed %s: timers left", seed).isZero();
        if (kind.startsWith("last")) {
            assertThat(HarnessSupport.keysWithState(h, ExactDedupOperator.LAST_STATE)).isZero();
        }
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void missingTimestampFailsNamingTheOperatorButAMissingIdDoesNot(String backend, String kind)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Object, BadRecord, BadRecord> h =
                harness(backend, kind, true);
        // no id and no timestamp: invalid, the id is checked first
        h.processElement(new StreamRecord<>(new BadRecord(null, 1, 0)));
        h.processElement(new StreamRecord<>(new BadRecord(7L, 5, 0), Long.MIN_VALUE));
        assertThat(metrics(h).invalid.getCount()).isEqualTo(2);
        String name =
                kind.equals("approximate")
                        ? "Streamkit approximate deduplication 'fuzz'"
                        : "Streamkit deduplication 'fuzz'";
        for (StreamRecord<BadRecord> bad :
                Arrays.asList(
                        new StreamRecord<>(new BadRecord(7L, 2, 0)),
                        new StreamRecord<>(new BadRecord(7L, 3, 0), Long.MIN_VALUE))) {
            assertThatThrownBy(() -> h.processElement(bad))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(name + ": record has Long.MIN_VALUE timestamp")
                    .hasMessageContaining("assignTimestampsAndWatermarks")
                    .hasMessageContaining("inProcessingTime()");
        }
        assertThat(records(h.getOutput())).isEmpty();
        h.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void processingTimeCountsMissingIdsToo(String backend, String kind) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Object, BadRecord, BadRecord> h =
                harness(backend, kind, false);
        h.setProcessingTime(1000);
        h.processElement(new StreamRecord<>(new BadRecord(null, 1, 0)));
        h.processElement(new StreamRecord<>(new BadRecord(3L, 2, 0)));
        h.processElement(new StreamRecord<>(new BadRecord(3L, 5, 0))); // extractor throws
        h.processElement(new StreamRecord<>(new BadRecord(3L, 3, 0)));
        h.endInput();
        h.setProcessingTime(1000 + 10 * H);
        assertThat(metrics(h).invalid.getCount()).isEqualTo(2);
        assertThat(records(h.getSideOutput(INVALID))).hasSize(2);
        assertThat(records(h.getOutput())).hasSize(1);
        assertThat(records(h.getSideOutput(DUPS))).hasSize(1);
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.streamkit.state.HarnessSupport#backends")
    void keepLastDedupsTheRealIdThatEqualsTheInvalidKeySentinel(String backend) throws Exception {
        // keep-last keys records without an id by "" (the String serializer's default): a real ""
        // id shares that key and must still be deduplicated, the invalid ones must not touch it
        ExactDeduplicator<BadRecord, String> spec =
                Deduplicate.exact(
                                (BadRecord r) -> r.id == null ? null : r.id == 0 ? "" : "id" + r.id,
                                Types.STRING)
                        .expireAfter(Duration.ofMillis(H))
                        .timerGranularity(Duration.ofMillis(1))
                        .keepLast()
                        .duplicatesTo(DUPS)
                        .invalidRecordsTo(INVALID)
                        .build();
        @SuppressWarnings({"unchecked", "rawtypes"})
        KeyedOneInputStreamOperatorTestHarness<Object, BadRecord, BadRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        spec.operator(TYPE),
                        (KeySelector) spec.keySelector(),
                        (TypeInformation) spec.keyType(),
                        128,
                        1,
                        0);
        h.setStateBackend(HarnessSupport.backend(backend));
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        h.processElement(new StreamRecord<>(new BadRecord(0L, 1, 0), 10));
        h.processElement(new StreamRecord<>(new BadRecord(null, 2, 0), 11));
        h.processElement(new StreamRecord<>(new BadRecord(0L, 3, 0), 12));
        h.processElement(new StreamRecord<>(new BadRecord(null, 4, 0), 13));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(records(h.getOutput()))
                .extracting(r -> r.getValue().seq + "@" + r.getTimestamp())
                .containsExactly("3@62");
        assertThat(records(h.getSideOutput(DUPS)))
                .extracting(r -> r.getValue().seq)
                .containsExactly(1);
        assertThat(records(h.getSideOutput(INVALID)))
                .extracting(r -> r.getValue().seq)
                .containsExactly(2, 4);
        h.close();
    }

    /** A POJO id that is not {@code java.io.Serializable}. */
    public static class PlainId {
        public String value;

        public PlainId() {}

        @Override
        public boolean equals(Object o) {
            return o instanceof PlainId && java.util.Objects.equals(value, ((PlainId) o).value);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(value);
        }
    }

    @org.junit.jupiter.api.Test
    void keepLastRejectsAnIdTypeWithoutAUsableDefaultAtBuildTime() {
        assertThatThrownBy(
                        () ->
                                Deduplicate.exact(
                                                (BadRecord r) -> (PlainId) null,
                                                Types.POJO(PlainId.class))
                                        .expireAfter(Duration.ofMillis(H))
                                        .keepLast()
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idType")
                .hasMessageContaining("keepLast()");
        // keep-first needs no sentinel of the id type: the same id type builds
        assertThat(
                        Deduplicate.exact(
                                        (BadRecord r) -> (PlainId) null, Types.POJO(PlainId.class))
                                .expireAfter(Duration.ofMillis(H))
                                .build())
                .isNotNull();
    }

    static DedupMetrics metrics(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        Object op = h.getOperator();
        if (op instanceof dev.streamkit.state.internal.BloomDedupOperator) {
            return ((dev.streamkit.state.internal.BloomDedupOperator<?>) op).metrics();
        }
        if (op instanceof ExactDedupOperator) {
            return ((ExactDedupOperator<?, ?>) op).metrics();
        }
        return ((dev.streamkit.state.internal.ShardedDedupOperator<?, ?>) op).metrics();
    }

    @SuppressWarnings("unchecked")
    static List<StreamRecord<BadRecord>> records(java.util.Collection<?> output) {
        List<StreamRecord<BadRecord>> out = new ArrayList<>();
        if (output != null) {
            for (Object o : output) {
                if (o instanceof StreamRecord) {
                    out.add((StreamRecord<BadRecord>) o);
                }
            }
        }
        return out;
    }
}
