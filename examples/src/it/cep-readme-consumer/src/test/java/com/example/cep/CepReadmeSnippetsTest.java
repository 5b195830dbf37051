package com.example.cep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamkit.cep.FraudAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** core-cep README's blocks: the example run with its output checked, the others built. */
class CepReadmeSnippetsTest {

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    }

    /** A bounded source of the given transactions, in this order (parallelism 1). */
    private static DataGeneratorSource<Txn> txns(String[] cards, long[] times, double[] amounts) {
        return new DataGeneratorSource<>(
                i -> {
                    Txn t = new Txn();
                    t.cardId = cards[i.intValue()];
                    t.timestamp = times[i.intValue()];
                    t.amount = amounts[i.intValue()];
                    return t;
                },
                cards.length,
                Types.POJO(Txn.class));
    }

    @Test
    void theExampleFindsTheCardTestAndTheVelocityBurstAndTheRecordWithoutCard() throws Exception {
        List<String> cards = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Double> amounts = new ArrayList<>();
        // card-1: three small transactions then a large one (card testing); card-2 one large one
        String[] head = {"card-1", "card-2", "card-1", null, "card-1", "card-1"};
        long[] headTimes = {1_000, 1_500, 2_000, 2_500, 3_000, 4_000};
        double[] headAmounts = {1.00, 700.00, 0.50, 3.00, 2.00, 900.00};
        for (int i = 0; i < head.length; i++) {
            cards.add(head[i]);
            times.add(headTimes[i]);
            amounts.add(headAmounts[i]);
        }
        // card-3: 21 medium transactions within 21 s (more than 20 per minute, not 200 per hour)
        for (int i = 0; i < 21; i++) {
            cards.add("card-3");
            times.add(10_000L + i * 1_000L);
            amounts.add(50.00);
        }
        StreamExecutionEnvironment env = env();
        Map<String, String> cardTestingGroup = new HashMap<>();
        cardTestingGroup.put("min-small-count", "3");
        cardTestingGroup.put("small-amount-max", "5");
        cardTestingGroup.put("large-amount-min", "500");
        cardTestingGroup.put("window", "10 min");
        CepReadmeSnippets.Example example =
                CepReadmeSnippets.example(
                        env,
                        txns(
                                cards.toArray(new String[0]),
                                times.stream().mapToLong(Long::longValue).toArray(),
                                amounts.stream().mapToDouble(Double::doubleValue).toArray()),
                        cardTestingGroup);
        CepReadmeSnippets.Suppressed suppressed =
                CepReadmeSnippets.suppression(example.alerts, example.cardTesting);

        List<String> alerts = new ArrayList<>();
        List<Double> cardTestEvidence = new ArrayList<>();
        int burstEvidence = -1;
        List<Long> late = new ArrayList<>();
        List<Long> invalid = new ArrayList<>();
        List<String> firstAlerts = new ArrayList<>();
        try (CloseableIterator<FraudAlert<Txn>> a = example.alerts.collectAsync();
                CloseableIterator<Txn> l = example.late.collectAsync();
                CloseableIterator<Txn> n = example.invalid.collectAsync();
                CloseableIterator<FraudAlert<Txn>> f = suppressed.firstAlerts.collectAsync()) {
            env.execute();
            while (a.hasNext()) {
                FraudAlert<Txn> alert = a.next();
                alerts.add(alert.patternId() + "/" + alert.key());
                if (alert.key().equals("card-1")) {
                    alert.evidence().forEach(t -> cardTestEvidence.add(t.amount));
                } else {
                    burstEvidence = alert.evidence().size();
                }
            }
            l.forEachRemaining(t -> late.add(t.timestamp));
            n.forEachRemaining(t -> invalid.add(t.timestamp));
            f.forEachRemaining(x -> firstAlerts.add(x.patternId() + "/" + x.key()));
        }
        alerts.sort(null);
        assertEquals(List.of("card-testing/card-1", "velocity-count/card-3"), alerts);
        assertEquals(List.of(1.0, 0.5, 2.0, 900.0), cardTestEvidence);
        assertEquals(21, burstEvidence);
        assertTrue(late.isEmpty(), "the input is in timestamp order: " + late);
        assertEquals(List.of(2_500L), invalid);
        firstAlerts.sort(null);
        assertEquals(alerts, firstAlerts, "one alert per pattern and card: none suppressed");
    }

    @Test
    void theBadInputBlockBuildsCardTestingWithAnInvalidRecordsOutput() {
        StreamExecutionEnvironment env = env();
        TypeInformation<Payment> paymentType = Types.POJO(Payment.class);
        DataGeneratorSource<Payment> source =
                new DataGeneratorSource<>(i -> new Payment(), 1, paymentType);
        CepReadmeSnippets.BadInput badInput =
                CepReadmeSnippets.badInput(env, source, paymentType);
        badInput.invalidPayments.print();
        String plan = env.getExecutionPlan();
        assertTrue(plan.contains("card-testing"), plan);
    }
}
