package dev.streamkit.cep.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.VelocityConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

/** The README example, compiled and run: card testing from a property group, on the fast path. */
class ReadmeExampleTest {

    @Test
    void readmeExampleFindsTheCardTest() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        List<Txn> input =
                Arrays.asList(
                        new Txn("card-1", 1_000, 1.00),
                        new Txn("card-2", 1_500, 700.00),
                        new Txn("card-1", 2_000, 0.50),
                        new Txn("card-1", 3_000, 2.00),
                        new Txn("card-1", 4_000, 900.00));

        // --- README example starts here
        EventAdapter<Txn> adapter = new TxnAdapter();
        TypeInformation<Txn> txnType = Types.POJO(Txn.class);
        OutputTag<Txn> lateTxns = new OutputTag<>("late-txns", txnType);

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
                        .withLateEvents(lateTxns);
        FraudPattern<Txn> velocity =
                FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(20).window(Duration.ofMinutes(1)).build(),
                        adapter,
                        txnType);

        SingleOutputStreamOperator<FraudAlert<Txn>> cardTestingAlerts =
                cardTesting.detectFast(txns); // or detect(txns): same alerts, on flink-cep
        DataStream<FraudAlert<Txn>> alerts = cardTestingAlerts.union(velocity.detectFast(txns));
        DataStream<Txn> late = cardTestingAlerts.getSideOutput(lateTxns);
        // --- README example ends here

        assertThat(late).isNotNull();
        List<FraudAlert<Txn>> out = new ArrayList<>();
        try (CloseableIterator<FraudAlert<Txn>> it = alerts.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        assertThat(out).hasSize(1);
        FraudAlert<Txn> alert = out.get(0);
        assertThat(alert.patternId()).isEqualTo("card-testing");
        assertThat(alert.key()).isEqualTo("card-1");
        assertThat(alert.firstEventTime()).isEqualTo(1_000);
        assertThat(alert.lastEventTime()).isEqualTo(4_000);
        assertThat(alert.evidence())
                .extracting(t -> t.amount)
                .containsExactly(1.0, 0.5, 2.0, 900.0);
    }
}
