package dev.streamkit.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.examples.fuzz.Contracts;
import dev.streamkit.examples.fuzz.Fuzz;
import dev.streamkit.examples.fuzz.FuzzScenario;
import dev.streamkit.examples.local.JobMetrics;
import dev.streamkit.examples.local.TestJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fraud job on its scenario with seeded mutants of its events mixed in (at least 10 000
 * records; see {@link FuzzScenario}), on a MiniCluster without restarts: the job finishes, every
 * record is accounted for once, per kind, and the alerts are exactly the scenario's (no mutant,
 * e.g. one without a type or a location, raises or hides an alert).
 */
class FraudDetectionJobFuzzITCase {
    private static final long SCENARIO_SEED = 7;
    private static final int ACCOUNTS = 100;

    @RegisterExtension static final MiniClusterExtension CLUSTER = JobMetrics.miniCluster();

    @Test
    void everyRecordIsAccountedForOnceAndTheAlertsAreTheScenarios() throws Exception {
        long seed = Fuzz.seed("fraud");
        FraudScenario base = FraudScenario.of(SCENARIO_SEED, ACCOUNTS, 1);
        FuzzScenario fuzz = new FuzzScenario(base, Contracts.accountEvents(), seed, Fuzz.RECORDS);
        FuzzScenario.Plan plan = fuzz.plan();
        FraudDetectionJob job = new FraudDetectionJob();
        ApplicationProperties props =
                TestJobs.properties(
                        job,
                        "--Input.generator.records.per.second=0",
                        "--Fraud.generator.accounts=" + ACCOUNTS,
                        "--Fraud.generator.scenarios.per.kind=1");
        StreamExecutionEnvironment env = TestJobs.env();
        JobMetrics.reset();

        FraudDetectionJob.Streams out = FraudDetectionJob.pipeline(env, props, fuzz);
        DataStream<String> tagged =
                out.alerts
                        .map(a -> "alert " + a.accountId + " " + a.patternId)
                        .union(
                                out.late.map(l -> "late " + l.event.eventId),
                                out.deadLetters.map(d -> "dead " + Fuzz.category(d)));
        List<String> results = new ArrayList<>();
        tagged.executeAndCollect().forEachRemaining(results::add);

        Fuzz.assertEveryRecordAccountedOnce(seed, plan, results);
        Map<String, TreeSet<String>> alerted = new TreeMap<>();
        long alerts = 0;
        for (String r : results) {
            if (r.startsWith("alert ")) {
                String[] parts = r.split(" ");
                alerted.computeIfAbsent(parts[1], k -> new TreeSet<>()).add(parts[2]);
                alerts++;
            }
        }
        Map<String, TreeSet<String>> expected = base.plan().expectedAlerts;
        assertThat(alerted).as("alerts (seed %d)", seed).isEqualTo(new TreeMap<>(expected));
        assertThat(alerts).isEqualTo(expected.values().stream().mapToInt(TreeSet::size).sum());
    }
}
