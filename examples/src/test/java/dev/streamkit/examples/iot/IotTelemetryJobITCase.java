package dev.streamkit.examples.iot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.examples.local.TestJobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The IoT job against its generator's ground truth on a MiniCluster at parallelism 2: per-minute
 * statistics recomputed in plain Java, exactly one alert per injected spike (the first window that
 * contains it), one silence notification per device after its last reading, and every late and
 * malformed record accounted for.
 */
class IotTelemetryJobITCase {
    private static final long SEED = 99;
    private static final int DEVICES = 10;
    private static final long MINUTE = 60_000;

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestJobs.miniCluster();

    @Test
    void statisticsAlertsAndSilenceEqualTheGroundTruth() throws Exception {
        TelemetryScenario.Plan plan =
                TelemetryScenario.of(SEED, DEVICES, java.time.Duration.ofHours(3)).plan();
        IotTelemetryJob job = new IotTelemetryJob();
        ApplicationProperties props =
                TestJobs.properties(
                        job,
                        "--Input.generator.seed=" + SEED,
                        "--Input.generator.records.per.second=0",
                        "--Iot.generator.devices=" + DEVICES,
                        "--Iot.generator.length=3 h");
        StreamExecutionEnvironment env = TestJobs.env();

        IotTelemetryJob.Streams out = IotTelemetryJob.pipeline(env, props);
        DataStream<String> tagged =
                out.minutes
                        .map(IotTelemetryJobITCase::minute)
                        .union(
                                out.alerts.map(a -> "alert " + a.deviceId + " " + a.windowEnd),
                                out.silent.map(r -> "silent " + r.readingId),
                                out.late.map(l -> "late " + l.event.readingId),
                                out.deadLetters.map(d -> "dead " + d.getErrorType()),
                                out.suppressed.map(
                                        s -> "suppressed " + s.key + " " + s.suppressed));
        List<String> results = new ArrayList<>();
        tagged.executeAndCollect().forEachRemaining(results::add);

        assertThat(filter(results, "minute "))
                .as("per-minute statistics (seed %d)", SEED)
                .containsExactlyInAnyOrderElementsOf(expectedMinutes(plan.readings));

        List<String> expectedAlerts = new ArrayList<>();
        for (SensorReading spike : plan.spikes) {
            expectedAlerts.add(
                    "alert " + spike.deviceId + " " + (spike.timestamp / MINUTE + 1) * MINUTE);
        }
        assertThat(plan.spikes).hasSizeGreaterThan(DEVICES);
        assertThat(filter(results, "alert "))
                .as("one alert per injected spike, from the first window containing it")
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);

        Map<String, SensorReading> last = new HashMap<>();
        for (SensorReading r : plan.readings) {
            last.merge(r.deviceId, r, (a, b) -> a.timestamp >= b.timestamp ? a : b);
        }
        List<String> expectedSilent = new ArrayList<>();
        last.values().forEach(r -> expectedSilent.add("silent " + r.readingId));
        assertThat(filter(results, "silent ")).containsExactlyInAnyOrderElementsOf(expectedSilent);

        assertThat(filter(results, "late ")).hasSize(plan.late).allMatch(r -> r.endsWith("-late"));
        assertThat(filter(results, "dead ")).hasSize(plan.malformed);
        assertThat(filter(results, "suppressed "))
                .isNotEmpty()
                .allMatch(s -> Integer.parseInt(s.substring(s.lastIndexOf(' ') + 1)) <= 9);
        assertThat(plan.late).isPositive();
        assertThat(plan.malformed).isPositive();
        assertThat(plan.duplicates).isPositive();
    }

    /** The oracle: per device and minute, count, mean, min, max and nearest-rank p95. */
    private static List<String> expectedMinutes(List<SensorReading> readings) {
        Map<String, List<Double>> groups = new TreeMap<>();
        for (SensorReading r : readings) {
            long start = r.timestamp - Math.floorMod(r.timestamp, MINUTE);
            groups.computeIfAbsent(r.deviceId + " " + start, k -> new ArrayList<>())
                    .add(r.temperature);
        }
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : groups.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            double sum = 0;
            for (double x : v) {
                sum += x;
            }
            int rank = (int) Math.ceil(0.95 * v.length);
            expected.add(
                    format(
                            e.getKey(),
                            v.length,
                            sum / v.length,
                            v[0],
                            v[v.length - 1],
                            v[rank - 1]));
        }
        return expected;
    }

    private static String minute(DeviceMinute m) {
        return format(m.deviceId + " " + m.windowStart, m.readings, m.avg, m.min, m.max, m.p95);
    }

    private static String format(
            String key, long n, double avg, double min, double max, double p95) {
        return String.format(
                Locale.ROOT,
                "minute %s n=%d avg=%.6f min=%.2f max=%.2f p95=%.2f",
                key,
                n,
                avg,
                min,
                max,
                p95);
    }

    private static List<String> filter(List<String> results, String prefix) {
        List<String> out = new ArrayList<>();
        for (String r : results) {
            if (r.startsWith(prefix)) {
                out.add(r);
            }
        }
        return out;
    }
}
