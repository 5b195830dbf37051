package dev.streamkit.cep.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.Engine;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.VelocityConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The README example, compiled and run: card testing from a property group with both side outputs,
 * and two velocity patterns with different limits and default settings in one job (distinct default
 * uids, one on each engine).
 */
class ReadmeExampleTest {

    @Test
    void readmeExampleFindsTheCardTestAndTheVelocityBurst() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        List<Txn> input = new ArrayList<>();
        // card-1: three small transactions then a large one (card testing)
        input.add(new Txn("card-1", 1_000, 1.00));
        input.add(new Txn("card-2", 1_500, 700.00));
        input.add(new Txn("card-1", 2_000, 0.50));
        input.add(new Txn(null, 2_500, 3.00)); // no card: invalid
        input.add(new Txn("card-1", 3_000, 2.00));
        input.add(new Txn("card-1", 4_000, 900.00));
        // card-3: 21 medium transactions within 21 s (more than 20 per minute, not 200 per hour)
        for (int i = 0; i < 21; i++) {
            input.add(new Txn("card-3", 10_000 + i * 1_000, 50.00));
        }

        // --- README example starts here
        EventAdapter<Txn> adapter = new TxnAdapter();
        TypeInformation<Txn> txnType = Types.POJO(Txn.class);
        OutputTag<Txn> lateTxns = new OutputTag<>("late-txns", txnType);
        OutputTag<Txn> invalidTxns = new OutputTag<>("invalid-txns", txnType);

        DataStream<Txn> txns =
                env.fromData(input, txnType)
                        .assignTimestampsAndWatermarks(
                                FraudPatterns.watermarks(adapter, Duration.ofSeconds(5)));

        // On MSF: KinesisAnalyticsRuntime.getApplicationProperties().get("card-testing")
        Map<String, String> cardTestingGroup = new HashMap<>();
        cardTestingGroup.put("min-small-count", "3");
        cardTestingGroup.put("small-amount-max", "5");
        cardTestingGroup.put("large-amount-min", "500");
        cardTestingGroup.put("window", "10 min");

        FraudPattern<Txn> cardTesting =
                FraudPatterns.cardTesting(
                                CardTestingConfig.fromProperties(cardTestingGroup),
                                adapter,
                                txnType)
                        .lateRecordsTo(lateTxns)
                        .invalidRecordsTo(invalidTxns);
        SingleOutputStreamOperator<FraudAlert<Txn>> cardTestingAlerts =
                cardTesting.apply(txns); // keys txns by card itself; fast path by default

        // the same pattern twice with different limits and default settings: distinct default
        // uids
        DataStream<FraudAlert<Txn>> perMinute =
                FraudPatterns.velocity(
                                VelocityConfig.builder()
                                        .maxCount(20)
                                        .window(Duration.ofMinutes(1))
                                        .build(),
                                adapter,
                                txnType)
                        .apply(txns);
        DataStream<FraudAlert<Txn>> perHour =
                FraudPatterns.velocity(
                                VelocityConfig.builder()
                                        .maxCount(200)
                                        .window(Duration.ofHours(1))
                                        .build(),
                                adapter,
                                txnType)
                        .engine(Engine.FLINK_CEP) // the same alerts, computed by flink-cep
                        .apply(txns);

        DataStream<FraudAlert<Txn>> alerts = cardTestingAlerts.union(perMinute, perHour);
        DataStream<Txn> late = cardTestingAlerts.getSideOutput(lateTxns);
        DataStream<Txn> invalid =
                cardTestingAlerts.getSideOutput(invalidTxns); // e.g. cardId == null
        // --- README example ends here

        List<FraudAlert<Txn>> out = new ArrayList<>();
        List<Txn> lateOut = new ArrayList<>();
        List<Txn> invalidOut = new ArrayList<>();
        try (CloseableIterator<FraudAlert<Txn>> a = alerts.collectAsync();
                CloseableIterator<Txn> l = late.collectAsync();
                CloseableIterator<Txn> i = invalid.collectAsync()) {
            env.execute();
            a.forEachRemaining(out::add);
            l.forEachRemaining(lateOut::add);
            i.forEachRemaining(invalidOut::add);
        }
        assertThat(out)
                .extracting(FraudAlert::patternId, FraudAlert::key)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("card-testing", "card-1"),
                        org.assertj.core.groups.Tuple.tuple("velocity-count", "card-3"));
        FraudAlert<Txn> cardTest =
                out.stream().filter(x -> x.key().equals("card-1")).findFirst().orElseThrow();
        assertThat(cardTest.firstEventTime()).isEqualTo(1_000);
        assertThat(cardTest.lastEventTime()).isEqualTo(4_000);
        assertThat(cardTest.evidence())
                .extracting(t -> t.amount)
                .containsExactly(1.0, 0.5, 2.0, 900.0);
        FraudAlert<Txn> burst =
                out.stream().filter(x -> x.key().equals("card-3")).findFirst().orElseThrow();
        assertThat(burst.evidence()).hasSize(21);
        // the input is in timestamp order: nothing can be late
        assertThat(lateOut).isEmpty();
        assertThat(invalidOut).extracting(t -> t.timestamp).containsExactly(2_500L);
    }
}
