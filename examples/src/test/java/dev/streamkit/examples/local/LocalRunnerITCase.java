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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./run-example JOB} prints at the end: each job runs through {@link LocalRunner} (its
 * own embedded cluster with the summary reporter, as the script runs it) on a small bounded
 * scenario, and every summary line equals the scenario's ground truth. This pins the metric names
 * the summaries read, which are the operators' public metrics.
 */
class LocalRunnerITCase {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final double UNPACED = 0;

    /**
     * Runs {@code job} as the script does, on its generator with {@code seed} at {@code
     * recordsPerSecond} (0: as fast as possible), and returns its summary, label -> value.
     */
    private static Map<String, Long> run(
            ExampleJob job, long seed, double recordsPerSecond, String... overrides)
            throws Exception {
        return run(job, seed, recordsPerSecond, new Configuration(), overrides);
    }

    /** As above, on a cluster with the Flink settings {@code flink}. */
    private static Map<String, Long> run(
            ExampleJob job,
            long seed,
            double recordsPerSecond,
            Configuration flink,
            String... overrides)
            throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(overrides));
        args.add("--Input.source=GENERATOR");
        args.add("--Input.generator.seed=" + seed);
        args.add("--Input.generator.records.per.second=" + recordsPerSecond);
        args.add("--Output.sink=CONSOLE");
        ApplicationProperties props = TestJobs.properties(job, args.toArray(new String[0]));
        assertThat(LocalRunner.run(job, props, LIMIT, flink)).as("exit code").isZero();
        Map<String, Long> summary = new TreeMap<>();
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
                        UNPACED,
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
                run(new SessionizationJob(), seed, UNPACED, "--Sessions.generator.users=300");
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

    /**
     * The issue this guards: with periodic (wall-clock) watermarks, which records were late
     * depended on the machine's speed ("late readings" 2 instead of 5 on a loaded machine). The
     * same scenario as fast as possible and paced at 1 000 records per second (over ten times
     * slower) must print the same summary, and both must equal the scenario's ground truth. The
     * fast run also has a wall-clock watermark interval of 10 s, as on a machine too busy to fire
     * timers: a watermark that came from a wall-clock timer would then stay behind the whole input
     * (checked: with the decoder's periodic watermarks no reading is late and this fails).
     */
    @Test
    void iotSummaryIsTheSameAtAnyGeneratorRateAndCountsEveryRecordOnce() throws Exception {
        long seed = 99;
        TelemetryScenario.Plan plan = TelemetryScenario.of(seed, 10, Duration.ofHours(3)).plan();
        String[] overrides = {"--Iot.generator.devices=10", "--Iot.generator.length=3 h"};
        Configuration busy = new Configuration();
        busy.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofSeconds(10));
        Map<String, Long> unpaced = run(new IotTelemetryJob(), seed, UNPACED, busy, overrides);
        Map<String, Long> paced = run(new IotTelemetryJob(), seed, 1_000, overrides);

        assertThat(paced).as("summary paced vs. unpaced (seed %d)", seed).isEqualTo(unpaced);
        assertEveryRecordAccounted(
                unpaced,
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
        assertThat(unpaced)
                .containsEntry("device-minutes", (long) minutes.size())
                // every device goes silent once the input ends
                .containsEntry("silent devices", (long) devices.size());
    }
}
