package com.example.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.VelocityConfig;
import dev.streamkit.windows.LateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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

/** The root README's blocks, run (the wiring block) or built into a job graph (the tour). */
class RootReadmeSnippetsTest {
    private static final TypeInformation<Txn> TXN = Types.POJO(Txn.class);

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    }

    @Test
    void theWiringBlockDeduplicatesThenAlertsOnTheBurst() throws Exception {
        StreamExecutionEnvironment env = env();
        List<Txn> input = new ArrayList<>();
        for (int i = 0; i < 21; i++) { // 21 payments on card-1 within 21 s
            input.add(new Txn("t" + i, "card-1", 10.0, 1_000 + i * 1_000L));
        }
        input.add(new Txn("t3", "card-1", 10.0, 3_500)); // a producer retry: same id
        input.add(new Txn(null, "card-2", 10.0, 4_000)); // no id
        input.add(new Txn("u1", "card-2", 10.0, 5_000)); // a clean card
        DataStream<Txn> txns =
                env.fromData(input, TXN)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Txn>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                                        .withTimestampAssigner((t, ts) -> t.eventTime));
        OutputTag<Txn> duplicates = new OutputTag<>("duplicate-txns", TXN);
        OutputTag<Txn> withoutId = new OutputTag<>("txns-without-id", TXN);
        OutputTag<Txn> late = new OutputTag<>("late-txns", TXN);
        VelocityConfig velocity =
                VelocityConfig.builder().maxCount(20).window(Duration.ofMinutes(1)).build();

        RootReadmeSnippets.Wired wired =
                RootReadmeSnippets.wiring(
                        txns, TXN, new TxnAdapter(), velocity, duplicates, withoutId, late);
        SingleOutputStreamOperator<FraudAlert<Txn>> alerts = wired.velocityAlerts;

        List<FraudAlert<Txn>> out = new ArrayList<>();
        List<String> invalidCards = new ArrayList<>();
        List<String> duplicateIds = new ArrayList<>();
        try (CloseableIterator<FraudAlert<Txn>> a = alerts.collectAsync();
                CloseableIterator<Txn> n = wired.unique.getSideOutput(withoutId).collectAsync();
                CloseableIterator<Txn> d = wired.unique.getSideOutput(duplicates).collectAsync()) {
            env.execute();
            a.forEachRemaining(out::add);
            n.forEachRemaining(t -> invalidCards.add(t.card));
            d.forEachRemaining(t -> duplicateIds.add(t.id));
        }
        assertEquals(1, out.size(), "one velocity alert: " + out);
        assertEquals("card-1", out.get(0).key());
        assertEquals(21, out.get(0).evidence().size(), "the retry was removed before the pattern");
        assertEquals(List.of("card-2"), invalidCards);
        assertEquals(List.of("t3"), duplicateIds);
    }

    @Test
    void theTourBlockBuildsOneJobWithEveryModule() {
        StreamExecutionEnvironment env = env();
        DataStream<Txn> txns =
                env.fromData(List.of(new Txn("t1", "card-1", 1.0, 1_000)), TXN)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Txn>forMonotonousTimestamps()
                                        .withTimestampAssigner((t, ts) -> t.eventTime));
        Map<String, Properties> groups = new HashMap<>();
        groups.put("card-testing", new Properties());
        RootReadmeSnippets.eachModule(
                env,
                txns,
                TXN,
                new TxnAdapter(),
                groups,
                new OutputTag<>("late", LateEvent.typeInfo(TXN)),
                "arn:aws:kinesis:eu-west-1:000000000000:stream/txns",
                "arn:aws:kinesis:eu-west-1:000000000000:stream/txns-dlq",
                AwsConnection.region("eu-west-1"));
        String plan = env.getExecutionPlan();
        for (String part : new String[] {"txns", "deduplicate", "sliding", "card-testing"}) {
            assertTrue(plan.contains(part), part + " missing from the plan: " + plan);
        }
    }
}
