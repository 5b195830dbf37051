package dev.streamkit.examples.iot;

import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.examples.common.Input;
import dev.streamkit.examples.common.JobInput;
import dev.streamkit.examples.common.JobOutput;
import dev.streamkit.examples.local.ConsoleSink;
import dev.streamkit.examples.local.ExampleJob;
import dev.streamkit.examples.local.Jobs;
import dev.streamkit.examples.local.Scenario;
import dev.streamkit.state.AlertSuppression;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.state.LatestValue;
import dev.streamkit.state.SuppressionSummary;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LateEvent;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.TypedAggregations;
import dev.streamkit.windows.WindowAggregation;
import dev.streamkit.windows.WindowResult;
import dev.streamkit.windows.Windows;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * IoT telemetry: sensor readings (Kinesis JSON) -> dead letters out -> dedup by reading id -> per
 * device: 1-minute tumbling avg/min/max/p95 (to OpenSearch), a sliding z-score anomaly detector
 * (10-minute windows every minute; alert when the hottest reading is more than the threshold of
 * standard deviations above the mean) with alert suppression per device, and the latest state of
 * each device (to DynamoDB) with a notification when a device goes silent; late readings to a side
 * output.
 *
 * <pre>
 * readings --decode--> --dedup(readingId)--> keyBy(device) --tumbling 1 min--> stats --> OpenSearch
 *                                                 |        \--> late readings (side output)
 *                                                 |--sliding 10 min / 1 min--> z-score > k --suppress 10 min--> alerts
 *                                                 \--latest value (expiry)--> DynamoDB; silent devices
 * </pre>
 */
public final class IotTelemetryJob implements ExampleJob {
    static final String IOT = "Iot";

    static final PropertySpec<Duration> DETECTOR_WINDOW =
            PropertySpec.duration(IOT, "detector.window")
                    .withDefault(Duration.ofMinutes(10))
                    .check(d -> d.toMillis() > 0, "> 0");
    static final PropertySpec<Double> Z_THRESHOLD =
            PropertySpec.doubleValue(IOT, "detector.z.threshold")
                    .withDefault(4.0)
                    .check(z -> z > 0, "> 0");
    static final PropertySpec<Integer> MIN_READINGS =
            PropertySpec.integer(IOT, "detector.min.readings")
                    .withDefault(20)
                    .check(n -> n >= 2, ">= 2");
    static final PropertySpec<Duration> SUPPRESSION =
            PropertySpec.duration(IOT, "alert.suppression")
                    .withDefault(Duration.ofMinutes(10))
                    .check(d -> d.toMillis() > 0, "> 0");
    static final PropertySpec<Duration> SILENT_AFTER =
            PropertySpec.duration(IOT, "device.silent.after")
                    .withDefault(Duration.ofMinutes(5))
                    .check(d -> d.toMillis() > 0, "> 0");
    static final PropertySpec<Duration> DEDUP_HORIZON =
            PropertySpec.duration(IOT, "dedup.horizon")
                    .withDefault(Duration.ofHours(1))
                    .check(d -> d.toMillis() > 0, "> 0");
    public static final PropertySpec<Integer> GENERATOR_DEVICES =
            PropertySpec.integer(IOT, "generator.devices")
                    .withDefault(200)
                    .check(n -> n > 0, "> 0");
    public static final PropertySpec<Duration> GENERATOR_LENGTH =
            PropertySpec.duration(IOT, "generator.length")
                    .withDefault(Duration.ofHours(6))
                    .check(d -> d.toMinutes() >= 40, ">= 40 min");

    public static void main(String[] args) throws Exception {
        Jobs.runDeployed(new IotTelemetryJob(), args);
    }

    @Override
    public String name() {
        return "iot";
    }

    @Override
    public List<PropertySpec<?>> properties() {
        return Jobs.properties(
                DETECTOR_WINDOW,
                Z_THRESHOLD,
                MIN_READINGS,
                SUPPRESSION,
                SILENT_AFTER,
                DEDUP_HORIZON,
                GENERATOR_DEVICES,
                GENERATOR_LENGTH);
    }

    @Override
    public void build(StreamExecutionEnvironment env, ApplicationProperties props) {
        Jobs.configure(env, props);
        Streams out = pipeline(env, props);
        JobOutput.deadLetters(out.deadLetters, props, "telemetry-dead-letters");
        if (JobOutput.console(props)) {
            out.alerts
                    .sinkTo(new ConsoleSink<>("anomaly"))
                    .name("print-alerts")
                    .uid("print-alerts");
            out.suppressed
                    .sinkTo(new ConsoleSink<>("suppressed"))
                    .name("print-suppressed")
                    .uid("print-suppressed");
            out.silent.sinkTo(new ConsoleSink<>("silent")).name("print-silent").uid("print-silent");
            out.late.sinkTo(new ConsoleSink<>("late")).name("print-late").uid("print-late");
            out.minutes
                    .sinkTo(ConsoleSink.countOnly("minute"))
                    .name("print-minutes")
                    .uid("print-minutes");
            return;
        }
        JobOutput.late(out.late, props, "telemetry-late", r -> r.deviceId);
        if (JobOutput.files(props)) {
            JobOutput.files(out.minutes, props, "minutes");
            JobOutput.files(out.latest, props, "latest");
            JobOutput.files(out.alerts, props, "alerts");
            return;
        }
        out.minutes
                .sinkTo(
                        JobOutput.openSearch(
                                props,
                                DeviceMinute.class,
                                "telemetry-",
                                m -> m.windowStart,
                                DeviceMinute::documentId))
                .name("opensearch-minutes")
                .uid("opensearch-minutes");
        out.latest
                .sinkTo(JobOutput.latestItem(props, SensorReading.class, "deviceId"))
                .name("dynamodb-devices")
                .uid("dynamodb-devices");
        out.alerts
                .sinkTo(JobOutput.alerts(props, AnomalyAlert.class, a -> a.deviceId))
                .name("kinesis-alerts")
                .uid("kinesis-alerts");
    }

    @Override
    public Preflight preflight(ApplicationProperties props) {
        return JobOutput.openSearch(
                JobOutput.table(
                        JobOutput.alertsStream(Jobs.inputAndDeadLetters(props), props),
                        props,
                        "deviceId"),
                props);
    }

    /** The job's streams before any sink: what tests compare with the scenario's ground truth. */
    static Streams pipeline(StreamExecutionEnvironment env, ApplicationProperties props) {
        return pipeline(
                env,
                props,
                TelemetryScenario.of(
                        props.get(JobInput.GENERATOR_SEED),
                        props.get(GENERATOR_DEVICES),
                        props.get(GENERATOR_LENGTH)));
    }

    /**
     * As {@link #pipeline(StreamExecutionEnvironment, ApplicationProperties)}, on {@code
     * generator}.
     */
    static Streams pipeline(
            StreamExecutionEnvironment env, ApplicationProperties props, Scenario generator) {
        Input<SensorReading> readings =
                JobInput.read(
                        env,
                        props,
                        SensorReading.class,
                        r -> r.timestamp,
                        SensorReading::contract,
                        generator,
                        "telemetry");
        TypeInformation<SensorReading> readingType = TypeInformation.of(SensorReading.class);
        // Generated input: dedup runs in the generator's order (see Input).
        KeyedStream<SensorReading, String> perDevice =
                readings.ordered(
                                Deduplicate.exact((SensorReading r) -> r.readingId, Types.STRING)
                                        .expireAfter(props.get(DEDUP_HORIZON))
                                        .name("dedup-readings")
                                        .uid("dedup-readings")
                                        .build()
                                        .apply(readings.records()))
                        .keyBy(r -> r.deviceId);

        // 1-minute statistics; late readings are routed to the side output here (only here).
        // The aggregation fills a DeviceMinute's statistics; deviceMinute adds device and window.
        TypedAggregations<SensorReading> reading = Aggregations.forType(SensorReading.class);
        Aggregator<SensorReading, ?, Long> n = reading.count();
        Aggregator<SensorReading, ?, Double> avg = reading.mean(r -> r.temperature);
        Aggregator<SensorReading, ?, Double> low = reading.min(r -> r.temperature);
        Aggregator<SensorReading, ?, Double> high = reading.max(r -> r.temperature);
        Aggregator<SensorReading, ?, Double> p95 = reading.quantile(r -> r.temperature, 0.95);
        WindowAggregation<SensorReading, DeviceMinute> minute =
                Windows.tumbling(Duration.ofMinutes(1))
                        .aggregate(
                                reading.of(n, avg, low, high, p95)
                                        .into(
                                                r ->
                                                        new DeviceMinute(
                                                                null,
                                                                0,
                                                                0,
                                                                r.get(n),
                                                                r.get(avg),
                                                                r.get(low),
                                                                r.get(high),
                                                                r.get(p95)),
                                                DeviceMinute.class))
                        .lateRecords(LatePolicy.sideOutput("late-readings", readingType))
                        .build();
        SingleOutputStreamOperator<WindowResult<String, DeviceMinute>> minutes =
                minute.apply(perDevice).name("minute-stats").uid("minute-stats");
        DataStream<DeviceMinute> stats =
                minutes.map(IotTelemetryJob::deviceMinute)
                        .returns(DeviceMinute.class)
                        .name("device-minutes")
                        .uid("device-minutes");

        // Sliding z-score detector: the same readings, 10-minute windows every minute.
        double threshold = props.get(Z_THRESHOLD);
        long minReadings = props.get(MIN_READINGS);
        Aggregator<SensorReading, ?, Double> sigma = reading.stddev(r -> r.temperature);
        DataStream<AnomalyAlert> candidates =
                Windows.sliding(props.get(DETECTOR_WINDOW), Duration.ofMinutes(1))
                        .aggregate(
                                reading.of(n, avg, sigma, high)
                                        .into(
                                                r ->
                                                        new AnomalyAlert(
                                                                null,
                                                                0,
                                                                0,
                                                                r.get(n),
                                                                r.get(avg),
                                                                r.get(sigma),
                                                                r.get(high)),
                                                AnomalyAlert.class))
                        .build()
                        .apply(perDevice)
                        .name("zscore-windows")
                        .uid("zscore-windows")
                        .map(IotTelemetryJob::alert)
                        .returns(AnomalyAlert.class)
                        .name("zscore")
                        .uid("zscore")
                        .filter(a -> a.readings >= minReadings && a.zScore > threshold)
                        .name("anomalies")
                        .uid("anomalies");
        AlertSuppression<String, AnomalyAlert> suppression =
                AlertSuppression.builder(
                                props.get(SUPPRESSION),
                                Types.STRING,
                                TypeInformation.of(AnomalyAlert.class))
                        .summariesTo(
                                new OutputTag<>(
                                        "suppression-summaries",
                                        SuppressionSummary.typeInfo(Types.STRING)))
                        .name("suppress-alerts")
                        .uid("suppress-alerts")
                        .build();
        SingleOutputStreamOperator<AnomalyAlert> alerts =
                suppression.apply(candidates.keyBy(a -> a.deviceId));

        // Latest state per device, and a notification when a device goes silent.
        LatestValue<String, SensorReading> latest =
                LatestValue.<String, SensorReading>builder(props.get(SILENT_AFTER), readingType)
                        .expiredTo(new OutputTag<>("silent-devices", readingType))
                        .name("latest-state")
                        .uid("latest-state")
                        .build();
        SingleOutputStreamOperator<SensorReading> states = latest.apply(perDevice);

        return new Streams(
                stats,
                minutes.getSideOutput(minute.lateRecordsTag()),
                alerts,
                alerts.getSideOutput(suppression.summariesTag()),
                states,
                states.getSideOutput(latest.expiredTag()),
                readings.deadLetters());
    }

    /** The minute's statistics with its device and window. */
    static DeviceMinute deviceMinute(WindowResult<String, DeviceMinute> w) {
        DeviceMinute m = w.result;
        return new DeviceMinute(
                w.key, w.windowStart, w.windowEnd, m.readings, m.avg, m.min, m.max, m.p95);
    }

    /** The detector window's statistics with its device and window. */
    static AnomalyAlert alert(WindowResult<String, AnomalyAlert> w) {
        AnomalyAlert a = w.result;
        return new AnomalyAlert(
                w.key, w.windowStart, w.windowEnd, a.readings, a.mean, a.stddev, a.max);
    }

    /** The outputs of the pipeline. */
    static final class Streams {
        final DataStream<DeviceMinute> minutes;
        final DataStream<LateEvent<SensorReading>> late;
        final DataStream<AnomalyAlert> alerts;
        final DataStream<SuppressionSummary<String>> suppressed;
        final DataStream<SensorReading> latest;
        final DataStream<SensorReading> silent;
        final DataStream<KinesisDeadLetter> deadLetters;

        Streams(
                DataStream<DeviceMinute> minutes,
                DataStream<LateEvent<SensorReading>> late,
                DataStream<AnomalyAlert> alerts,
                DataStream<SuppressionSummary<String>> suppressed,
                DataStream<SensorReading> latest,
                DataStream<SensorReading> silent,
                DataStream<KinesisDeadLetter> deadLetters) {
            this.minutes = minutes;
            this.late = late;
            this.alerts = alerts;
            this.suppressed = suppressed;
            this.latest = latest;
            this.silent = silent;
            this.deadLetters = deadLetters;
        }
    }

    @Override
    public List<SummaryLine> summary() {
        return List.of(
                SummaryLine.of("records decoded", "numRecordsDecoded"),
                SummaryLine.of("dead letters", "numDeadLetters"),
                SummaryLine.of("duplicate readings dropped", "numDuplicateRecords"),
                SummaryLine.of("late readings (side output)", "numLateRecordsSideOutput"),
                SummaryLine.of("device-minutes", ConsoleSink.PRINTED, "print-minutes"),
                SummaryLine.of("anomaly alerts", ConsoleSink.PRINTED, "print-alerts"),
                SummaryLine.of("alerts suppressed", "numSuppressedRecords"),
                SummaryLine.of("silent devices", ConsoleSink.PRINTED, "print-silent"));
    }
}
