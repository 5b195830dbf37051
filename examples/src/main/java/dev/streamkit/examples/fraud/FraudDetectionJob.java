package dev.streamkit.examples.fraud;

import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.cep.BruteForceConfig;
import dev.streamkit.cep.CardTestingConfig;
import dev.streamkit.cep.CredentialChangeConfig;
import dev.streamkit.cep.DormantAccountConfig;
import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import dev.streamkit.cep.FraudPatterns;
import dev.streamkit.cep.ImpossibleTravelConfig;
import dev.streamkit.cep.VelocityConfig;
import dev.streamkit.examples.common.Input;
import dev.streamkit.examples.common.JobInput;
import dev.streamkit.examples.common.JobOutput;
import dev.streamkit.examples.local.ConsoleSink;
import dev.streamkit.examples.local.ExampleJob;
import dev.streamkit.examples.local.Jobs;
import dev.streamkit.examples.local.Scenario;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LateEventRouter;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Fraud detection: account events (transactions, logins, credential changes; Kinesis JSON) -> dead
 * letters out -> dedup by event id -> the fraud pattern catalog (card testing, velocity, brute
 * force, account takeover, impossible travel, dormant reactivation, credential change then
 * transfer; keyed-state fast paths where the catalog has them) -> alerts with their evidence to
 * Kinesis; rolling one-hour velocity features per account (every 10 minutes) -> the latest risk per
 * account to DynamoDB; late events to a side output.
 *
 * <p>Every pattern's parameters come from its own property group ({@code card-testing}, {@code
 * velocity}, ...), so retuning needs no code change.
 */
public final class FraudDetectionJob implements ExampleJob {
    static final String FRAUD = "Fraud";

    static final PropertySpec<Duration> DEDUP_HORIZON =
            PropertySpec.duration(FRAUD, "dedup.horizon")
                    .withDefault(Duration.ofHours(1))
                    .check(d -> d.toMillis() > 0, "> 0");
    public static final PropertySpec<Integer> GENERATOR_ACCOUNTS =
            PropertySpec.integer(FRAUD, "generator.accounts")
                    .withDefault(500)
                    .check(n -> n > 0, "> 0");
    public static final PropertySpec<Integer> GENERATOR_SCENARIOS =
            PropertySpec.integer(FRAUD, "generator.scenarios.per.kind")
                    .withDefault(5)
                    .check(n -> n > 0, "> 0");

    public static void main(String[] args) throws Exception {
        Jobs.runDeployed(new FraudDetectionJob(), args);
    }

    @Override
    public String name() {
        return "fraud";
    }

    @Override
    public List<PropertySpec<?>> properties() {
        return Jobs.properties(DEDUP_HORIZON, GENERATOR_ACCOUNTS, GENERATOR_SCENARIOS);
    }

    @Override
    public void build(StreamExecutionEnvironment env, ApplicationProperties props) {
        Jobs.configure(env, props);
        Streams out = pipeline(env, props);
        JobOutput.deadLetters(out.deadLetters, props, "account-events-dead-letters");
        if (JobOutput.console(props)) {
            out.alerts.sinkTo(new ConsoleSink<>("alert")).name("print-alerts").uid("print-alerts");
            out.late.sinkTo(new ConsoleSink<>("late")).name("print-late").uid("print-late");
            out.risk.sinkTo(ConsoleSink.countOnly("risk")).name("print-risk").uid("print-risk");
            return;
        }
        JobOutput.late(out.late, props, "account-events-late", e -> e.accountId);
        if (JobOutput.files(props)) {
            JobOutput.files(out.alerts, props, "alerts");
            JobOutput.files(out.risk, props, "risk");
            return;
        }
        out.risk
                .sinkTo(JobOutput.latestItem(props, RiskFeatures.class, "accountId"))
                .name("dynamodb-risk")
                .uid("dynamodb-risk");
        out.alerts
                .sinkTo(JobOutput.alerts(props, AlertRecord.class, a -> a.accountId))
                .name("kinesis-alerts")
                .uid("kinesis-alerts");
    }

    @Override
    public Preflight preflight(ApplicationProperties props) {
        return JobOutput.table(
                JobOutput.alertsStream(Jobs.inputAndDeadLetters(props), props), props, "accountId");
    }

    /** The job's streams before any sink: what tests compare with the scenario's ground truth. */
    static Streams pipeline(StreamExecutionEnvironment env, ApplicationProperties props) {
        return pipeline(
                env,
                props,
                FraudScenario.of(
                        props.get(JobInput.GENERATOR_SEED),
                        props.get(GENERATOR_ACCOUNTS),
                        props.get(GENERATOR_SCENARIOS)));
    }

    /**
     * As {@link #pipeline(StreamExecutionEnvironment, ApplicationProperties)}, on {@code
     * generator}.
     */
    static Streams pipeline(
            StreamExecutionEnvironment env, ApplicationProperties props, Scenario generator) {
        Input<AccountEvent> decoded =
                JobInput.read(
                        env,
                        props,
                        AccountEvent.class,
                        e -> e.timestamp,
                        AccountEvent::contract,
                        generator,
                        "account-events");
        TypeInformation<AccountEvent> type = TypeInformation.of(AccountEvent.class);
        // Late events leave once, here, before the patterns: every pattern then sees on-time
        // events only (a later operator's watermark never passes this one's).
        LateEventRouter<AccountEvent> lateRouter =
                LateEventRouter.builder(type).name("late-router").uid("late-router").build();
        // Generated input: dedup and the late router run in the generator's order (see Input).
        SingleOutputStreamOperator<AccountEvent> events =
                decoded.ordered(
                        lateRouter.apply(
                                decoded.ordered(
                                        Deduplicate.exact(
                                                        (AccountEvent e) -> e.eventId, Types.STRING)
                                                .expireAfter(props.get(DEDUP_HORIZON))
                                                .name("dedup-account-events")
                                                .uid("dedup-account-events")
                                                .build()
                                                .apply(decoded.records()))));

        EventAdapter<AccountEvent> adapter = new AccountEventAdapter();
        List<FraudPattern<AccountEvent>> catalog =
                List.of(
                        FraudPatterns.cardTesting(
                                CardTestingConfig.fromProperties(props.group("card-testing")),
                                adapter,
                                type),
                        FraudPatterns.velocity(
                                VelocityConfig.fromProperties(props.group("velocity")),
                                adapter,
                                type),
                        FraudPatterns.bruteForce(
                                BruteForceConfig.fromProperties(props.group("brute-force")),
                                adapter,
                                type),
                        FraudPatterns.bruteForce(
                                BruteForceConfig.fromProperties(accountTakeover(props)),
                                adapter,
                                type),
                        FraudPatterns.impossibleTravel(
                                ImpossibleTravelConfig.fromProperties(
                                        props.group("impossible-travel")),
                                adapter,
                                type),
                        FraudPatterns.dormantAccount(
                                DormantAccountConfig.fromProperties(props.group("dormant-account")),
                                adapter,
                                type),
                        FraudPatterns.credentialChange(
                                CredentialChangeConfig.fromProperties(
                                        props.group("credential-change")),
                                adapter,
                                type));

        DataStream<FraudAlert<AccountEvent>> alerts = null;
        for (FraudPattern<AccountEvent> pattern : catalog) {
            DataStream<FraudAlert<AccountEvent>> matches =
                    pattern.apply(events); // fast path where the pattern has one
            alerts = alerts == null ? matches : alerts.union(matches);
        }

        // The aggregation fills the features; risk adds the account and the window end.
        TypedAggregations<AccountEvent> txn = Aggregations.forType(AccountEvent.class);
        Aggregator<AccountEvent, ?, Long> transactions = txn.count();
        Aggregator<AccountEvent, ?, Double> amount = txn.sum(e -> e.amount);
        Aggregator<AccountEvent, ?, Double> maxAmount = txn.max(e -> e.amount);
        DataStream<RiskFeatures> risk =
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(10))
                        .aggregate(
                                txn.of(transactions, amount, maxAmount)
                                        .into(
                                                r ->
                                                        new RiskFeatures(
                                                                null,
                                                                0,
                                                                r.get(transactions),
                                                                r.get(amount),
                                                                r.get(maxAmount)),
                                                RiskFeatures.class))
                        .build()
                        .apply(
                                events.filter(e -> AccountEvent.TRANSACTION.equals(e.type))
                                        .name("transactions")
                                        .uid("transactions")
                                        .keyBy(e -> e.accountId))
                        .name("velocity-features")
                        .uid("velocity-features")
                        .map(FraudDetectionJob::risk)
                        .returns(RiskFeatures.class)
                        .name("risk")
                        .uid("risk");

        return new Streams(
                alerts.map(AlertRecord::of)
                        .returns(AlertRecord.class)
                        .name("alert-records")
                        .uid("alert-records"),
                events.getSideOutput(lateRouter.lateRecordsTag()),
                risk,
                decoded.deadLetters());
    }

    /**
     * The {@code account-takeover} group: brute force followed by a success unless the group says
     * otherwise (without it, an empty group would duplicate the {@code brute-force} pattern).
     */
    static Properties accountTakeover(ApplicationProperties props) {
        Properties group = props.group("account-takeover");
        group.putIfAbsent(BruteForceConfig.REQUIRE_SUCCESS, "true");
        return group;
    }

    /** The window's features with its account and end. */
    static RiskFeatures risk(WindowResult<String, RiskFeatures> w) {
        RiskFeatures f = w.result;
        return new RiskFeatures(w.key, w.windowEnd, f.transactions, f.amount, f.maxAmount);
    }

    /** The outputs of the pipeline. */
    static final class Streams {
        final DataStream<AlertRecord> alerts;
        final DataStream<LateEvent<AccountEvent>> late;
        final DataStream<RiskFeatures> risk;
        final DataStream<KinesisDeadLetter> deadLetters;

        Streams(
                DataStream<AlertRecord> alerts,
                DataStream<LateEvent<AccountEvent>> late,
                DataStream<RiskFeatures> risk,
                DataStream<KinesisDeadLetter> deadLetters) {
            this.alerts = alerts;
            this.late = late;
            this.risk = risk;
            this.deadLetters = deadLetters;
        }
    }

    @Override
    public List<SummaryLine> summary() {
        return List.of(
                SummaryLine.of("records decoded", "numRecordsDecoded"),
                SummaryLine.of("dead letters", "numDeadLetters"),
                SummaryLine.of("duplicate events dropped", "numDuplicateRecords"),
                SummaryLine.of("late events (side output)", "numLateRecords", "late-router"),
                SummaryLine.of("fraud alerts", ConsoleSink.PRINTED, "print-alerts"),
                SummaryLine.of("risk feature updates", ConsoleSink.PRINTED, "print-risk"));
    }
}
