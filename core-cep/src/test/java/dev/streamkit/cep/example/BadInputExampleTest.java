package dev.streamkit.cep.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.Engine;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

/** The README "Bad input" example, compiled and run on both engines. */
class BadInputExampleTest {

    @Test
    void readmeBadInputExampleRoutesInvalidPaymentsAndFindsTheCardTest() throws Exception {
        for (boolean fast : new boolean[] {false, true}) {
            Configuration conf = new Configuration();
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(1, conf);
            Payment noCard = new Payment(null, 1_200, 1.0, "PAYMENT");
            Payment noType = new Payment("card-1", 1_300, 1.0, null);
            Payment noAmount = new Payment("card-1", 1_400, null, "PAYMENT");
            List<Payment> input =
                    Arrays.asList(
                            new Payment("card-1", 1_000, 1.00, "PAYMENT"),
                            noCard,
                            noType,
                            noAmount,
                            new Payment("card-1", 1_500, 3.00, "REFUND_REQUEST"),
                            new Payment("card-1", 2_000, 0.50, "PAYMENT"),
                            new Payment("card-1", 3_000, 2.00, "PAYMENT"),
                            new Payment("card-1", 4_000, 900.00, "PAYMENT"));
            TypeInformation<Payment> paymentType = Types.POJO(Payment.class);

            // --- README example starts here
            EventAdapter<Payment> adapter = new PaymentAdapter();
            OutputTag<Payment> invalid = new OutputTag<>("invalid-payments", paymentType);

            DataStream<Payment> payments =
                    env.fromData(input, paymentType)
                            .assignTimestampsAndWatermarks(
                                    FraudPatterns.watermarks(adapter, Duration.ofSeconds(5)));
            FraudPattern<Payment> cardTesting =
                    FraudPatterns.cardTesting(
                                    CardTestingConfig.builder().build(), adapter, paymentType)
                            .invalidRecordsTo(invalid);

            // not in the README: the test also runs the other engine
            cardTesting = fast ? cardTesting : cardTesting.engine(Engine.FLINK_CEP);

            SingleOutputStreamOperator<FraudAlert<Payment>> alerts =
                    cardTesting.apply(payments); // or .engine(Engine.FLINK_CEP).apply(payments)
            DataStream<Payment> invalidPayments = alerts.getSideOutput(invalid); // dead letters
            // --- README example ends here

            List<FraudAlert<Payment>> alertList = new ArrayList<>();
            List<Payment> invalidList = new ArrayList<>();
            try (CloseableIterator<FraudAlert<Payment>> a = alerts.collectAsync();
                    CloseableIterator<Payment> i = invalidPayments.collectAsync()) {
                env.execute();
                a.forEachRemaining(alertList::add);
                i.forEachRemaining(invalidList::add);
            }
            assertThat(invalidList)
                    .extracting(p -> p.timestamp)
                    .containsExactlyInAnyOrder(
                            noCard.timestamp, noType.timestamp, noAmount.timestamp);
            assertThat(alertList).hasSize(1);
            // the unknown type is OTHER: not a transaction, so it does not break the run
            assertThat(alertList.get(0).evidence())
                    .extracting(p -> p.amount)
                    .containsExactly(1.0, 0.5, 2.0, 900.0);
        }
    }
}
