package com.example.cep;

import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.Engine;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.VelocityConfig;
import dev.streamkit.state.AlertSuppression;
import dev.streamkit.state.SuppressionSummary;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The Java blocks of core-cep/README.md that are statements, compiled here with exactly the
 * dependencies that README declares (this project's pom). The variables a block uses but does not
 * declare are parameters; what it declares and a test reads is returned. The README's classes are
 * Txn, TxnAdapter, Payment and PaymentAdapter. ReadmeSnippetsCoverageTest (examples module) fails if
 * a README block is not found in this project, whitespace aside.
 */
public final class CepReadmeSnippets {
    private CepReadmeSnippets() {}

    /** README "Example". */
    public static Example example(
            StreamExecutionEnvironment env,
            Source<Txn, ?, ?> source,
            Map<String, String> cardTestingGroup) {
        EventAdapter<Txn> adapter = new TxnAdapter();
        TypeInformation<Txn> txnType = Types.POJO(Txn.class);
        OutputTag<Txn> lateTxns = new OutputTag<>("late-txns", txnType);
        OutputTag<Txn> invalidTxns = new OutputTag<>("invalid-txns", txnType);

        DataStream<Txn> txns = env.fromSource(source,
                FraudPatterns.watermarks(adapter, Duration.ofSeconds(5)), "txns");

        // On MSF: KinesisAnalyticsRuntime.getApplicationProperties().get("card-testing"), e.g.
        // min-small-count=3, small-amount-max=5, large-amount-min=500, window=10 min
        FraudPattern<Txn> cardTesting = FraudPatterns.cardTesting(
                        CardTestingConfig.fromProperties(cardTestingGroup), adapter, txnType)
                .lateRecordsTo(lateTxns)
                .invalidRecordsTo(invalidTxns);
        SingleOutputStreamOperator<FraudAlert<Txn>> cardTestingAlerts =
                cardTesting.apply(txns);         // keys txns by card itself; fast path by default

        // the same pattern twice with different limits and default settings: distinct default uids
        DataStream<FraudAlert<Txn>> perMinute = FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(20).window(Duration.ofMinutes(1)).build(),
                        adapter, txnType)
                .apply(txns);
        DataStream<FraudAlert<Txn>> perHour = FraudPatterns.velocity(
                        VelocityConfig.builder().maxCount(200).window(Duration.ofHours(1)).build(),
                        adapter, txnType)
                .engine(Engine.FLINK_CEP)        // the same alerts, computed by flink-cep
                .apply(txns);

        DataStream<FraudAlert<Txn>> alerts = cardTestingAlerts.union(perMinute, perHour);
        DataStream<Txn> late = cardTestingAlerts.getSideOutput(lateTxns);
        DataStream<Txn> invalid = cardTestingAlerts.getSideOutput(invalidTxns);  // e.g. cardId == null
        return new Example(cardTesting, alerts, late, invalid);
    }

    /** What the example declares and its test reads. */
    public static final class Example {
        public final FraudPattern<Txn> cardTesting;
        public final DataStream<FraudAlert<Txn>> alerts;
        public final DataStream<Txn> late;
        public final DataStream<Txn> invalid;

        Example(
                FraudPattern<Txn> cardTesting,
                DataStream<FraudAlert<Txn>> alerts,
                DataStream<Txn> late,
                DataStream<Txn> invalid) {
            this.cardTesting = cardTesting;
            this.alerts = alerts;
            this.late = late;
            this.invalid = invalid;
        }
    }

    /** README "Fraud alerts into alert suppression (core-state)": the first alerts per period. */
    public static Suppressed suppression(
            DataStream<FraudAlert<Txn>> alerts, FraudPattern<Txn> cardTesting) {
        // alerts: the union of your patterns' outputs, as in the example above
        OutputTag<SuppressionSummary<String>> suppressedTag =
                new OutputTag<>("suppressed-fraud-alerts", SuppressionSummary.typeInfo(Types.STRING));
        SingleOutputStreamOperator<FraudAlert<Txn>> firstAlerts =
                AlertSuppression.builder(Duration.ofMinutes(10), Types.STRING, cardTesting.alertType())
                        .summariesTo(suppressedTag)
                        .uid("suppress-fraud-alerts")
                        .build()
                        .apply(alerts.keyBy(a -> a.patternId() + "/" + a.key(), Types.STRING));
        DataStream<SuppressionSummary<String>> suppressed = firstAlerts.getSideOutput(suppressedTag);
        return new Suppressed(firstAlerts, suppressed);
    }

    /** The forwarded alerts and the summaries of the suppressed ones. */
    public static final class Suppressed {
        public final DataStream<FraudAlert<Txn>> firstAlerts;
        public final DataStream<SuppressionSummary<String>> suppressed;

        Suppressed(
                DataStream<FraudAlert<Txn>> firstAlerts,
                DataStream<SuppressionSummary<String>> suppressed) {
            this.firstAlerts = firstAlerts;
            this.suppressed = suppressed;
        }
    }

    /** README "Bad input": card testing on a JSON-shaped event, invalid records on a side output. */
    public static BadInput badInput(
            StreamExecutionEnvironment env,
            Source<Payment, ?, ?> source,
            TypeInformation<Payment> paymentType) {
        EventAdapter<Payment> adapter = new PaymentAdapter();
        OutputTag<Payment> invalid = new OutputTag<>("invalid-payments", paymentType);

        DataStream<Payment> payments = env.fromSource(source,
                FraudPatterns.watermarks(adapter, Duration.ofSeconds(5)), "payments");
        FraudPattern<Payment> cardTesting =
                FraudPatterns.cardTesting(CardTestingConfig.builder().build(), adapter, paymentType)
                        .invalidRecordsTo(invalid);

        SingleOutputStreamOperator<FraudAlert<Payment>> alerts =
                cardTesting.apply(payments);        // or .engine(Engine.FLINK_CEP).apply(payments): the same
        DataStream<Payment> invalidPayments = alerts.getSideOutput(invalid);   // e.g. to a dead-letter sink
        return new BadInput(alerts, invalidPayments);
    }

    /** The alerts and the invalid payments. */
    public static final class BadInput {
        public final DataStream<FraudAlert<Payment>> alerts;
        public final DataStream<Payment> invalidPayments;

        BadInput(DataStream<FraudAlert<Payment>> alerts, DataStream<Payment> invalidPayments) {
            this.alerts = alerts;
            this.invalidPayments = invalidPayments;
        }
    }
}
