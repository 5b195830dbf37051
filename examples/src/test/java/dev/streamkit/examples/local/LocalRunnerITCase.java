package dev.streamkit.examples.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.examples.fraud.FraudDetectionJob;
import dev.streamkit.examples.fraud.FraudScenario;
import dev.streamkit.examples.iot.IotTelemetryJob;
import dev.streamkit.examples.iot.SensorReading;
import dev.streamkit.examples.iot.TelemetryScenario;
import dev.streamkit.examples.sessionization.ClickstreamScenario;
import dev.streamkit.examples.sessionization.SessionizationJob;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./run-example JOB} prints at the end: each job runs through {@link LocalRunner} (its
 * own embedded cluster with the summary reporter, as the script runs it) on a small bounded
 * scenario, and every summary line equals the scenario's ground truth. This pins the metric names
 * the summaries read, which are the operators' public metrics.
 */
class LocalRunnerITCase {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    /** Runs {@code job} as the script does and returns its summary, label -> value. */
    private static Map<String, Long> run(ExampleJob job, ApplicationProperties props)
            throws Exception {
        assertThat(LocalRunner.run(job, props, LIMIT)).as("exit code").isZero();
        Map<String, Long> summary = new HashMap<>();
        for (ExampleJob.SummaryLine line : job.summary()) {
            summary.put(line.label, SummaryReporter.sum(line.metric, line.operator));
        }
        return summary;
    }

    @Test
    void fraudSummaryCountsEveryRecordOnce() throws Exception {
        long seed = 11;
        int accounts = 100;
        FraudScenario.Plan plan = FraudScenario.of(seed, accounts, 1).plan();
        FraudDetectionJob job = new FraudDetectionJob();
        Map<String, Long> summary =
                run(
                        job,
                        TestJobs.properties(
                                job,
                                "--Input.generator.seed=" + seed,
                                "--Input.generator.records.per.second="
                                        + TestJobs.rate(
                                                plan.records.size()
                                                        / (double) FraudScenario.LENGTH.toHours()),
                                "--Fraud.generator.accounts=" + accounts,
                                "--Fraud.generator.scenarios.per.kind=1",
                                "--Output.sink=CONSOLE"));
        int alerts = plan.expectedAlerts.values().stream().mapToInt(TreeSet::size).sum();
        assertThat(plan.late).isPositive();
        assertThat(plan.malformed).isPositive();
        assertThat(plan.duplicates).isPositive();
        assertThat(summary)
                .containsEntry("records decoded", (long) plan.records.size() - plan.malformed)
                .containsEntry("dead letters", (long) plan.malformed)
                .containsEntry("duplicate events dropped", (long) plan.duplicates)
                .containsEntry("late events (side output)", (long) plan.late)
                .containsEntry("fraud alerts", (long) alerts);
    }

    @Test
    void sessionizationSummaryCountsEveryRecordOnce() throws Exception {
        long seed = 1234;
        int users = 300;
        ClickstreamScenario.Plan plan = ClickstreamScenario.of(seed, users).plan();
        SessionizationJob job = new SessionizationJob();
        Map<String, Long> summary =
                run(
                        job,
                        TestJobs.properties(
                                job,
                                "--Input.source=GENERATOR",
                                "--Input.generator.seed=" + seed,
                                "--Input.generator.records.per.second="
                                        + TestJobs.rate(plan.records.size() / 11.0),
                                "--Output.sink=CONSOLE",
                                "--Sessions.generator.users=" + users));
        assertThat(plan.late).isPositive();
        assertThat(summary)
                .containsEntry("records decoded", (long) plan.records.size() - plan.malformed)
                .containsEntry("dead letters", (long) plan.malformed)
                .containsEntry("duplicate clicks dropped", (long) plan.duplicates)
                .containsEntry("late clicks (side output)", (long) plan.late)
                .containsEntry("sessions", (long) plan.sessions.size());
    }

    @Test
    void iotSummaryCountsEveryRecordOnce() throws Exception {
        long seed = 99;
        int devices = 10;
        TelemetryScenario.Plan plan =
                TelemetryScenario.of(seed, devices, Duration.ofHours(3)).plan();
        IotTelemetryJob job = new IotTelemetryJob();
        Map<String, Long> summary =
                run(
                        job,
                        TestJobs.properties(
                                job,
                                "--Input.generator.seed=" + seed,
                                "--Input.generator.records.per.second="
                                        + TestJobs.rate(plan.records.size() / 3.0),
                                "--Output.sink=CONSOLE",
                                "--Iot.generator.devices=" + devices,
                                "--Iot.generator.length=3 h"));
        Set<String> minutes = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (SensorReading r : plan.readings) {
            minutes.add(r.deviceId + "@" + Math.floorDiv(r.timestamp, 60_000L));
            seen.add(r.deviceId);
        }
        assertThat(plan.late).isPositive();
        assertThat(summary)
                .containsEntry("records decoded", (long) plan.records.size() - plan.malformed)
                .containsEntry("dead letters", (long) plan.malformed)
                .containsEntry("duplicate readings dropped", (long) plan.duplicates)
                .containsEntry("late readings (side output)", (long) plan.late)
                .containsEntry("device-minutes", (long) minutes.size())
                // every device goes silent once the input ends
                .containsEntry("silent devices", (long) seen.size());
    }
}
