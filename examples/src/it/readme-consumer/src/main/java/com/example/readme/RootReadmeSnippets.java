package com.example.readme;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.kinesis.DecodedStream;
import dev.streamkit.aws.kinesis.KinesisSinks;
import dev.streamkit.aws.kinesis.KinesisSources;
import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.VelocityConfig;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.Results;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * Every Java block of the repository's root README.md, compiled here with exactly the dependencies
 * its "Add Streamkit to your build" section declares (this project's pom). The variables a block
 * uses but does not declare are parameters. ReadmeSnippetsCoverageTest (examples module) fails if a
 * README block is not found here, whitespace aside.
 */
public final class RootReadmeSnippets {
    private RootReadmeSnippets() {}

    /** README "How every Streamkit operator plugs in". */
    public static Wired wiring(
            DataStream<Txn> txns,
            TypeInformation<Txn> txnType,
            EventAdapter<Txn> adapter,
            VelocityConfig velocityConfig,
            OutputTag<Txn> duplicateTxns,
            OutputTag<Txn> txnsWithoutId,
            OutputTag<Txn> lateTxnsForVelocity) {
        // the same shape in every module: dedup by id, then a velocity alert per card
        SingleOutputStreamOperator<Txn> unique = Deduplicate.exact(Txn::id, Types.STRING)
                .expireAfter(Duration.ofHours(1))
                .duplicatesTo(duplicateTxns)            // OutputTag<Txn>
                .invalidRecordsTo(txnsWithoutId)        // OutputTag<Txn>
                .uid("dedup-txns")
                .build()
                .apply(txns);                           // keys by the id itself
        SingleOutputStreamOperator<FraudAlert<Txn>> velocityAlerts = FraudPatterns
                .velocity(velocityConfig, adapter, txnType)
                .lateRecordsTo(lateTxnsForVelocity)     // OutputTag<Txn>
                .uid("velocity-txns")
                .apply(unique);                         // keys by the pattern's key itself
        return new Wired(unique, velocityAlerts);
    }

    /** What the wiring block builds: dedup (with its side outputs) and the alerts. */
    public static final class Wired {
        public final SingleOutputStreamOperator<Txn> unique;
        public final SingleOutputStreamOperator<FraudAlert<Txn>> velocityAlerts;

        Wired(
                SingleOutputStreamOperator<Txn> unique,
                SingleOutputStreamOperator<FraudAlert<Txn>> velocityAlerts) {
            this.unique = unique;
            this.velocityAlerts = velocityAlerts;
        }
    }

    /** README "What each module solves, in one example". */
    public static void eachModule(
            StreamExecutionEnvironment env,
            DataStream<Txn> txns,
            TypeInformation<Txn> txnType,
            EventAdapter<Txn> adapter,
            Map<String, Properties> groups,
            OutputTag<LateEvent<Txn>> lateTxns,
            String arn,
            String dlqArn,
            AwsConnection c) {
        // core-state: forget a transaction id 1 h (event time) after it was last seen; duplicates are counted
        DataStream<Txn> firstSeen = Deduplicate.exact(Txn::id, Types.STRING)
                .expireAfter(Duration.ofHours(1)).uid("dedup-txns").build().apply(txns);

        // core-windows: count, total and p99 per card over a sliding hour, one slice update per event
        TypedAggregations<Txn> txn = Aggregations.forType(Txn.class);
        Aggregator<Txn, ?, Long> count = txn.count();
        Aggregator<Txn, ?, Double> total = txn.sum(Txn::amount);
        Aggregator<Txn, ?, Double> p99 = txn.quantile(Txn::amount, 0.99);
        DataStream<WindowResult<String, Results>> stats = Windows
                .sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                .aggregate(txn.of(count, total, p99))
                .lateRecordsTo(lateTxns)            // OutputTag<LateEvent<Txn>>
                .build()
                .apply(txns.keyBy(Txn::card));     // r.result.get(p99)

        // core-cep: card testing on your own event type; apply keys the stream itself (keyed-state fast path by default)
        DataStream<FraudAlert<Txn>> alerts = FraudPatterns
                .cardTesting(CardTestingConfig.fromProperties(groups.get("card-testing")), adapter, txnType)
                .apply(txns);

        // connectors-aws: Kinesis JSON with dead letters instead of a crash loop
        DecodedStream<Txn> decoded = KinesisSources.json(Txn.class)
                .streamArn(arn).connection(AwsConnection.region("eu-west-1"))
                .eventTime(Txn::getEventTime, Duration.ofSeconds(5))
                .build().addTo(env, "txns");
        decoded.deadLetters().sinkTo(KinesisSinks.deadLetters().streamArn(dlqArn).connection(c).build());
    }
}
