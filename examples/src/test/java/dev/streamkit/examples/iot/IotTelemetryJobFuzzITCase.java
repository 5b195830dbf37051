package dev.streamkit.examples.iot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.examples.fuzz.Contracts;
import dev.streamkit.examples.fuzz.Fuzz;
import dev.streamkit.examples.fuzz.FuzzScenario;
import dev.streamkit.examples.local.JobMetrics;
import dev.streamkit.examples.local.TestJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The IoT job on its scenario with seeded mutants of its readings mixed in (at least 10 000
 * records; see {@link FuzzScenario}), on a MiniCluster without restarts: the job finishes, every
 * record is accounted for once, per kind, and the anomaly alerts and device-minutes are exactly the
 * scenario's (no absurd or missing temperature reaches the statistics).
 */
class IotTelemetryJobFuzzITCase {
    private static final long SCENARIO_SEED = 99;
    private static final long MINUTE = 60_000;

    @RegisterExtension static final MiniClusterExtension CLUSTER = JobMetrics.miniCluster();

    @Test
    void everyRecordIsAccountedForOnceAndTheAlertsAreTheScenarios() throws Exception {
        long seed = Fuzz.seed("iot");
        TelemetryScenario base = TelemetryScenario.of(SCENARIO_SEED, 10, Duration.ofHours(3));
        FuzzScenario fuzz = new FuzzScenario(base, Contracts.readings(), seed, 16_000);
        FuzzScenario.Plan plan = fuzz.plan();
        IotTelemetryJob job = new IotTelemetryJob();
        ApplicationProperties props =
                TestJobs.properties(job, "--Input.generator.records.per.second=0");
        StreamExecutionEnvironment env = TestJobs.env();
        JobMetrics.reset();

        IotTelemetryJob.Streams out = IotTelemetryJob.pipeline(env, props, fuzz);
        DataStream<String> tagged =
                out.alerts
                        .map(a -> "alert " + a.deviceId + " " + a.windowEnd)
                        .union(
                                out.minutes.map(m -> "minute " + m.deviceId + " " + m.windowStart),
                                out.late.map(l -> "late " + l.event.readingId),
                                out.deadLetters.map(d -> "dead " + Fuzz.category(d)));
        List<String> results = new ArrayList<>();
        tagged.executeAndCollect().forEachRemaining(results::add);

        Fuzz.assertEveryRecordAccountedOnce(seed, plan, results);
        TelemetryScenario.Plan truth = base.plan();
        List<String> expectedAlerts = new ArrayList<>();
        for (SensorReading spike : truth.spikes) {
            expectedAlerts.add(
                    "alert " + spike.deviceId + " " + (spike.timestamp / MINUTE + 1) * MINUTE);
        }
        assertThat(results.stream().filter(r -> r.startsWith("alert ")))
                .as("alerts (seed %d)", seed)
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);
        Set<String> minutes = new HashSet<>();
        for (SensorReading r : truth.readings) {
            minutes.add("minute " + r.deviceId + " " + (r.timestamp / MINUTE) * MINUTE);
        }
        assertThat(results.stream().filter(r -> r.startsWith("minute ")))
                .as("device-minutes (seed %d)", seed)
                .containsExactlyInAnyOrderElementsOf(minutes);
    }
}
