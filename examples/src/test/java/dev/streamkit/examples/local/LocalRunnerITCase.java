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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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

    /**
     * Runs {@code job} as the script does, on its generator with {@code seed} at a rate of {@code
     * recordsPerEventHour} (see {@link TestJobs#rate}), and returns its summary, label -> value.
     */
    private static Map<String, Long> run(
            ExampleJob job, long seed, double recordsPerEventHour, String... overrides)
            throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(overrides));
        args.add("--Input.source=GENERATOR");
        args.add("--Input.generator.seed=" + seed);
        args.add("--Input.generator.records.per.second=" + TestJobs.rate(recordsPerEventHour));
        args.add("--Output.sink=CONSOLE");
        ApplicationProperties props = TestJobs.properties(job, args.toArray(new String[0]));
        assertThat(LocalRunner.run(job, props, LIMIT)).as("exit code").isZero();
        Map<String, Long> summary = new HashMap<>();
        for (ExampleJob.SummaryLine line : job.summary()) {
            summary.put(line.label, SummaryReporter.sum(line.metric, line.operator));
        }
        return summary;
    }

    /** The lines every job has: each generated record is decoded or a dead letter, once. */
    private static void assertEveryRecordAccounted(
            Map<String, Long> summary,
            int records,
            int malformed,
            String duplicatesLine,
            int duplicates,
            String lateLine,
            int late) {
        assertThat(late).as("the scenario has late records").isPositive();
        assertThat(malformed).as("the scenario has malformed records").isPositive();
        assertThat(duplicates).as("the scenario has duplicates").isPositive();
        assertThat(summary)
                .containsEntry("records decoded", (long) records - malformed)
                .containsEntry("dead letters", (long) malformed)
                .containsEntry(duplicatesLine, (long) duplicates)
                .containsEntry(lateLine, (long) late);
    }

    @Test
    void fraudSummaryCountsEveryRecordOnce() throws Exception {
        long seed = 11;
        FraudScenario.Plan plan = FraudScenario.of(seed, 100, 1).plan();
        Map<String, Long> summary =
                run(
                        new FraudDetectionJob(),
                        seed,
                        plan.records.size() / (double) FraudScenario.LENGTH.toHours(),
                        "--Fraud.generator.accounts=100",
                        "--Fraud.generator.scenarios.per.kind=1");
        assertEveryRecordAccounted(
                summary,
                plan.records.size(),
                plan.malformed,
                "duplicate events dropped",
                plan.duplicates,
                "late events (side output)",
                plan.late);
        int alerts = plan.expectedAlerts.values().stream().mapToInt(TreeSet::size).sum();
        assertThat(summary).containsEntry("fraud alerts", (long) alerts);
    }

    @Test
    void sessionizationSummaryCountsEveryRecordOnce() throws Exception {
        long seed = 1234;
        ClickstreamScenario.Plan plan = ClickstreamScenario.of(seed, 300).plan();
        Map<String, Long> summary =
                run(
                        new SessionizationJob(),
                        seed,
                        plan.records.size() / 11.0,
                        "--Sessions.generator.users=300");
        assertEveryRecordAccounted(
                summary,
                plan.records.size(),
                plan.malformed,
                "duplicate clicks dropped",
                plan.duplicates,
                "late clicks (side output)",
                plan.late);
        assertThat(summary).containsEntry("sessions", (long) plan.sessions.size());
    }

    @Test
    void iotSummaryCountsEveryRecordOnce() throws Exception {
        long seed = 99;
        TelemetryScenario.Plan plan = TelemetryScenario.of(seed, 10, Duration.ofHours(3)).plan();
        Map<String, Long> summary =
                run(
                        new IotTelemetryJob(),
                        seed,
                        plan.records.size() / 3.0,
                        "--Iot.generator.devices=10",
                        "--Iot.generator.length=3 h");
        assertEveryRecordAccounted(
                summary,
                plan.records.size(),
                plan.malformed,
                "duplicate readings dropped",
                plan.duplicates,
                "late readings (side output)",
                plan.late);
        Set<String> minutes = new HashSet<>();
        Set<String> devices = new HashSet<>();
        for (SensorReading r : plan.readings) {
            minutes.add(r.deviceId + "@" + Math.floorDiv(r.timestamp, 60_000L));
            devices.add(r.deviceId);
        }
        assertThat(summary)
                .containsEntry("device-minutes", (long) minutes.size())
                // every device goes silent once the input ends
                .containsEntry("silent devices", (long) devices.size());
    }
}
