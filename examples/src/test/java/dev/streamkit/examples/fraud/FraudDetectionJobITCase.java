package dev.streamkit.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
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
 * The fraud job against its generator's ground truth on a MiniCluster at parallelism 2: every
 * injected scenario raises exactly its alerts, clean accounts raise none, evidence belongs to the
 * alerted account, and every late and malformed record is accounted for once.
 */
class FraudDetectionJobITCase {
    private static final long SEED = 7;
    private static final int ACCOUNTS = 200;

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestJobs.miniCluster();

    @Test
    void everyInjectedScenarioAlertsExactlyAndCleanTrafficNever() throws Exception {
        FraudScenario.Plan plan = FraudScenario.of(SEED, ACCOUNTS, 2).plan();
        FraudDetectionJob job = new FraudDetectionJob();
        ApplicationProperties props =
                TestJobs.properties(
                        job,
                        "--Input.generator.seed=" + SEED,
                        "--Input.generator.records.per.second=0",
                        "--Fraud.generator.accounts=" + ACCOUNTS,
                        "--Fraud.generator.scenarios.per.kind=2");
        StreamExecutionEnvironment env = TestJobs.env();

        FraudDetectionJob.Streams out = FraudDetectionJob.pipeline(env, props);
        DataStream<String> tagged =
                out.alerts
                        .map(
                                a -> {
                                    for (String id : a.evidence) {
                                        if (!id.startsWith(a.accountId + "-")) {
                                            return "foreign-evidence " + a;
                                        }
                                    }
                                    return "alert " + a.accountId + " " + a.patternId;
                                })
                        .union(
                                out.late.map(l -> "late " + l.event.eventId),
                                out.deadLetters.map(d -> "dead " + d.getErrorType()));
        List<String> results = new ArrayList<>();
        tagged.executeAndCollect().forEachRemaining(results::add);

        Map<String, TreeSet<String>> alerted = new TreeMap<>();
        for (String r : results) {
            if (r.startsWith("alert ")) {
                String[] parts = r.split(" ");
                alerted.computeIfAbsent(parts[1], k -> new TreeSet<>()).add(parts[2]);
            }
        }
        assertThat(alerted)
                .as("alerts per account (seed %d)", SEED)
                .isEqualTo(new TreeMap<>(plan.expectedAlerts));
        assertThat(results).noneMatch(r -> r.startsWith("foreign-evidence"));
        assertThat(results.stream().filter(r -> r.startsWith("alert ")))
                .as("one alert per injected pattern instance")
                .hasSize(plan.expectedAlerts.values().stream().mapToInt(TreeSet::size).sum());
        assertThat(results.stream().filter(r -> r.startsWith("late ")))
                .hasSize(plan.late)
                .allMatch(r -> r.endsWith("-late"));
        assertThat(results.stream().filter(r -> r.startsWith("dead "))).hasSize(plan.malformed);
        assertThat(plan.late).isPositive();
        assertThat(plan.malformed).isPositive();
        assertThat(plan.duplicates).isPositive();
    }
}
