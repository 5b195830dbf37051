package dev.streamkit.benchmarks.suites;

import dev.streamkit.benchmarks.cep.BenchTxn;
import dev.streamkit.benchmarks.cep.CepData;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.benchmarks.harness.FlinkJob;
import dev.streamkit.benchmarks.harness.Suite;
import dev.streamkit.benchmarks.harness.Workload;
import dev.streamkit.cep.BruteForceConfig;
import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.CredentialChangeConfig;
import dev.streamkit.cep.DormantAccountConfig;
import dev.streamkit.cep.Engine;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.ImpossibleTravelConfig;
import dev.streamkit.cep.VelocityConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * core-cep: each keyed-state fast path against the same rule on flink-cep (baseline {@code
 * flink-cep}), same input, same alerts (checked on the first 100 000 events before measuring); and
 * the events/s of the catalog patterns that only run on flink-cep, against a keyed pass-through of
 * the same data.
 *
 * <p>Data, in event-time order at 10 000 events per second of event time: velocity and card testing
 * run on a payment stream (transactions only), brute force and takeover on an authentication stream
 * (logins only), each over 10 000 accounts (HashMap) and over 100 accounts (RocksDB; full runs also
 * HashMap). flink-cep on RocksDB spends most of its time in RocksDB seeks when it advances time (a
 * few hundred events/s here), so RocksDB cases replay only a few thousand events. Full runs add the
 * fast paths on mixed account activity (70% transactions, 25% logins, 5% credential changes), where
 * most events are filtered out before the keyed operator. The catalog-only patterns run on the
 * mixed stream.
 *
 * <p>Both engines run the same pipeline (pre-materialised events, source, relevance filter, keyBy,
 * discarding sink) and only the detector differs. The event type ({@link BenchTxn}) has an explicit
 * serializer and shared account-key strings, so that pipeline costs about what the {@code ceiling}
 * suite's keyed pass-through does instead of capping the fast paths; the {@code
 * share-of-pass-through} cases measure each fast path against a keyed pass-through of the same data
 * in the same run (flink-cep's share is that share divided by the fast-path ratio).
 */
public class CepSuite implements Suite {
    private static final Duration IN_ORDER = Duration.ZERO;

    @Override
    public List<BenchCase> cases(boolean quick) {
        // flink-cep runs at 10-200 K ev/s on the heap here and at a few hundred ev/s on RocksDB
        // (advancing time seeks a MapState per key), so RocksDB replays far fewer events over
        // fewer accounts; sizes keep one baseline run under ~15 s
        int onHeap = quick ? 150_000 : 400_000;
        int onRocks = quick ? 5_000 : 20_000;
        List<BenchCase> cases = new ArrayList<>();

        // the fast-path rules run on the stream they belong to: velocity and card testing on a
        // payment stream, brute force and takeover on an authentication stream
        int fewAccounts = 100;
        for (CepData.Mix mix : new CepData.Mix[] {CepData.Mix.TRANSACTIONS, CepData.Mix.LOGINS}) {
            Dataset<BenchTxn> many = CepData.generate(mix, onHeap, 10_000, 10_000, 42L);
            Dataset<BenchTxn> few = CepData.generate(mix, onHeap, fewAccounts, 10_000, 43L);
            for (FraudPattern<BenchTxn> pattern : fastPathPatterns(mix)) {
                verifySameAlerts(pattern, many, Math.min(onHeap, 100_000));
                cases.add(
                        BenchCase.of(
                                "fast-path/" + pattern.id() + "/10000-accounts",
                                "flink-cep",
                                job(many, onHeap, onRocks, pattern.engine(Engine.FAST_PATH)::apply),
                                job(many, onHeap, onRocks, pattern.engine(Engine.FLINK_CEP)::apply),
                                Backend.HASHMAP));
                // the reference: what the same data costs with no detector at all (the fast
                // path's share of it; flink-cep's share is that divided by the ratio above)
                cases.add(
                        BenchCase.of(
                                "share-of-pass-through/" + pattern.id() + "/10000-accounts",
                                "keyed-pass-through",
                                job(many, onHeap, onRocks, pattern.engine(Engine.FAST_PATH)::apply),
                                job(many, onHeap, onRocks, CepSuite::passThrough),
                                Backend.HASHMAP));
                cases.add(
                        BenchCase.of(
                                "fast-path/" + pattern.id() + "/" + fewAccounts + "-accounts",
                                "flink-cep",
                                job(few, onHeap, onRocks, pattern.engine(Engine.FAST_PATH)::apply),
                                job(few, onHeap, onRocks, pattern.engine(Engine.FLINK_CEP)::apply),
                                quick
                                        ? new Backend[] {Backend.ROCKSDB}
                                        : new Backend[] {Backend.HASHMAP, Backend.ROCKSDB}));
            }
        }
        // the same rules on mixed account activity, where three quarters of the events are
        // filtered out before the keyed operator (source and filter cost weigh on both sides)
        Dataset<BenchTxn> many = CepData.generate(onHeap, 10_000, 10_000, 52L);
        if (!quick) {
            for (CepData.Mix mix :
                    new CepData.Mix[] {CepData.Mix.TRANSACTIONS, CepData.Mix.LOGINS}) {
                for (FraudPattern<BenchTxn> pattern : fastPathPatterns(mix)) {
                    cases.add(
                            BenchCase.of(
                                    "fast-path-mixed-stream/" + pattern.id() + "/10000-accounts",
                                    "flink-cep",
                                    job(
                                            many,
                                            onHeap,
                                            onRocks,
                                            pattern.engine(Engine.FAST_PATH)::apply),
                                    job(
                                            many,
                                            onHeap,
                                            onRocks,
                                            pattern.engine(Engine.FLINK_CEP)::apply),
                                    Backend.HASHMAP));
                }
            }
        }
        for (FraudPattern<BenchTxn> pattern : cepOnlyPatterns()) {
            cases.add(
                    BenchCase.of(
                            "catalog/" + pattern.id() + "/10000-accounts",
                            "keyed-pass-through",
                            job(many, onHeap, onRocks, pattern.engine(Engine.FLINK_CEP)::apply),
                            job(many, onHeap, onRocks, CepSuite::passThrough),
                            Backend.HASHMAP));
        }
        return cases;
    }

    static List<FraudPattern<BenchTxn>> fastPathPatterns(CepData.Mix mix) {
        List<FraudPattern<BenchTxn>> all = fastPathPatterns();
        return mix == CepData.Mix.LOGINS
                ? all.subList(2, 4)
                : Arrays.asList(all.get(0), all.get(1), all.get(4));
    }

    static List<FraudPattern<BenchTxn>> fastPathPatterns() {
        return Arrays.asList(
                FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(8).window(Duration.ofSeconds(10)).build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE),
                FraudPatterns.velocity(
                        VelocityConfig.builder()
                                .maxAmount(5_000)
                                .window(Duration.ofSeconds(10))
                                .build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE),
                FraudPatterns.bruteForce(
                        BruteForceConfig.builder()
                                .failures(3)
                                .window(Duration.ofMinutes(1))
                                .build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE),
                FraudPatterns.bruteForce(
                        BruteForceConfig.builder()
                                .failures(3)
                                .window(Duration.ofMinutes(1))
                                .requireSuccess(true)
                                .build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE),
                FraudPatterns.cardTesting(
                        CardTestingConfig.builder()
                                .minSmallCount(3)
                                .smallAmountMax(5)
                                .largeAmountMin(500)
                                .window(Duration.ofMinutes(1))
                                .build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE));
    }

    static List<FraudPattern<BenchTxn>> cepOnlyPatterns() {
        return Arrays.asList(
                FraudPatterns.impossibleTravel(
                        ImpossibleTravelConfig.builder()
                                .maxSpeedKmh(900)
                                .maxGap(Duration.ofHours(1))
                                .build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE),
                FraudPatterns.dormantAccount(
                        DormantAccountConfig.builder()
                                .dormancy(Duration.ofSeconds(5))
                                .minAmount(500)
                                .retention(Duration.ofMinutes(1))
                                .build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE),
                FraudPatterns.credentialChange(
                        CredentialChangeConfig.builder()
                                .minAmount(1_000)
                                .window(Duration.ofMinutes(1))
                                .build(),
                        BenchTxn.ADAPTER,
                        BenchTxn.TYPE));
    }

    private static WatermarkStrategy<BenchTxn> watermarks() {
        return FraudPatterns.watermarks(BenchTxn.ADAPTER, IN_ORDER);
    }

    private static Workload job(
            Dataset<BenchTxn> data,
            int onHeap,
            int onRocks,
            Function<DataStream<BenchTxn>, DataStream<?>> pipeline) {
        return backend ->
                FlinkJob.run(
                        backend,
                        data,
                        backend == Backend.ROCKSDB ? onRocks : onHeap,
                        watermarks(),
                        (env, stream) -> pipeline.apply(stream));
    }

    /**
     * Source, keyBy on the patterns' key and a keyed map: the pipeline both engines share, with
     * nothing detected (on the payment and authentication streams every event is relevant to the
     * fast-path patterns, so they key the same events).
     */
    private static DataStream<?> passThrough(DataStream<BenchTxn> in) {
        return in.keyBy(t -> BenchTxn.ADAPTER.key(t), Types.STRING)
                .map(t -> t.amount)
                .name("identity");
    }

    /**
     * Runs both engines on the first {@code count} events and fails unless they emit the same
     * multiset of alerts, so the comparison is between equal work.
     */
    private static void verifySameAlerts(
            FraudPattern<BenchTxn> pattern, Dataset<BenchTxn> data, int count) {
        try {
            Map<FraudAlert<BenchTxn>, Integer> cep =
                    collect(data, count, pattern.engine(Engine.FLINK_CEP)::apply);
            Map<FraudAlert<BenchTxn>, Integer> fast =
                    collect(data, count, pattern.engine(Engine.FAST_PATH)::apply);
            int alerts = cep.values().stream().mapToInt(Integer::intValue).sum();
            if (!cep.equals(fast)) {
                throw new IllegalStateException(
                        "fast path and flink-cep disagree on " + pattern.id());
            }
            System.err.printf(
                    "%s: fast path and flink-cep emit the same %d alerts on %d events%n",
                    pattern.id(), alerts, count);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("verifying " + pattern.id(), e);
        }
    }

    private static Map<FraudAlert<BenchTxn>, Integer> collect(
            Dataset<BenchTxn> data,
            int count,
            Function<DataStream<BenchTxn>, DataStream<FraudAlert<BenchTxn>>> pipeline)
            throws Exception {
        StreamExecutionEnvironment env = FlinkJob.environment(Backend.HASHMAP);
        DataStream<BenchTxn> input =
                env.fromData(Arrays.asList(data.records()).subList(0, count), data.type())
                        .assignTimestampsAndWatermarks(watermarks());
        Map<FraudAlert<BenchTxn>, Integer> alerts = new HashMap<>();
        try (CloseableIterator<FraudAlert<BenchTxn>> it =
                pipeline.apply(input).executeAndCollect()) {
            it.forEachRemaining(a -> alerts.merge(a, 1, Integer::sum));
        }
        return alerts;
    }
}
