package dev.streamkit.cep.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.state.AlertSuppression;
import dev.streamkit.state.SuppressionSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The README's "Fraud alerts into alert suppression" example, compiled and run: the same card is
 * tested three times within ten minutes, so card testing alerts three times; suppression forwards
 * the first alert and summarizes the other two.
 */
class SuppressionExampleTest {

    @Test
    void theFirstAlertPerPatternAndCardPassesAndTheRestAreSummarized() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);

        List<Txn> input = new ArrayList<>();
        for (long burst = 0; burst < 3; burst++) {
            long t0 = 10_000 + burst * 60_000; // one burst a minute, all within 10 min
            input.add(new Txn("card-1", t0, 1.00));
            input.add(new Txn("card-1", t0 + 1_000, 0.50));
            input.add(new Txn("card-1", t0 + 2_000, 2.00));
            input.add(new Txn("card-1", t0 + 3_000, 900.00));
        }
        input.add(new Txn("card-2", 20_000, 700.00)); // a clean card: no alert

        EventAdapter<Txn> adapter = new TxnAdapter();
        TypeInformation<Txn> txnType = Types.POJO(Txn.class);
        DataStream<Txn> txns =
                env.fromData(input, txnType)
                        .assignTimestampsAndWatermarks(
                                FraudPatterns.watermarks(adapter, Duration.ofSeconds(5)));
        FraudPattern<Txn> cardTesting =
                FraudPatterns.cardTesting(
                        CardTestingConfig.builder()
                                .minSmallCount(3)
                                .smallAmountMax(5)
                                .largeAmountMin(500)
                                .window(Duration.ofMinutes(10))
                                .build(),
                        adapter,
                        txnType);
        DataStream<FraudAlert<Txn>> alerts = cardTesting.apply(txns);

        // --- README example starts here
        // alerts: the union of your patterns' outputs, as in the example above
        OutputTag<SuppressionSummary<String>> suppressedTag =
                new OutputTag<>(
                        "suppressed-fraud-alerts", SuppressionSummary.typeInfo(Types.STRING));
        SingleOutputStreamOperator<FraudAlert<Txn>> firstAlerts =
                AlertSuppression.builder(
                                Duration.ofMinutes(10), Types.STRING, cardTesting.alertType())
                        .summariesTo(suppressedTag)
                        .uid("suppress-fraud-alerts")
                        .build()
                        .apply(alerts.keyBy(a -> a.patternId() + "/" + a.key(), Types.STRING));
        DataStream<SuppressionSummary<String>> suppressed =
                firstAlerts.getSideOutput(suppressedTag);
        // --- README example ends here

        List<FraudAlert<Txn>> first = new ArrayList<>();
        List<SuppressionSummary<String>> summaries = new ArrayList<>();
        try (CloseableIterator<FraudAlert<Txn>> a = firstAlerts.collectAsync();
                CloseableIterator<SuppressionSummary<String>> s = suppressed.collectAsync()) {
            env.execute();
            a.forEachRemaining(first::add);
            s.forEachRemaining(summaries::add);
        }
        assertThat(first)
                .extracting(FraudAlert::patternId, FraudAlert::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("card-testing", "card-1"));
        assertThat(first.get(0).evidence()).extracting(t -> t.amount).contains(900.0);
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).key).isEqualTo("card-testing/card-1");
        assertThat(summaries.get(0).suppressed).isEqualTo(2L);
    }
}
