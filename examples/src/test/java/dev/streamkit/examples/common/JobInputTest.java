package dev.streamkit.examples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.kinesis.KinesisJsonSource;
import dev.streamkit.aws.kinesis.KinesisSources;
import dev.streamkit.examples.iot.SensorReading;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;
import org.junit.jupiter.api.Test;

/** The Kinesis input the {@code Input} properties configure, and their validation. */
class JobInputTest {
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/readings";

    private static ApplicationProperties load(String... args) {
        return ApplicationProperties.loader()
                .useMsfRuntime(false)
                .args(args)
                .load(JobInput.properties().toArray(new PropertySpec<?>[0]));
    }

    private static Configuration sourceConfiguration(ApplicationProperties props) {
        KinesisJsonSource.Builder<SensorReading> decoding =
                KinesisSources.json(SensorReading.class)
                        .eventTime(r -> r.timestamp, Duration.ofSeconds(5));
        return JobInput.kinesisSource(props, decoding).sourceConfiguration();
    }

    @Test
    void shardDiscoveryIntervalReachesTheSourceWithTheConnectorsDefault() {
        Configuration defaults =
                sourceConfiguration(load("--Input.source=KINESIS", "--Input.stream.arn=" + ARN));
        assertThat(
                        defaults.get(
                                KinesisStreamsSourceConfigConstants
                                        .SHARD_DISCOVERY_INTERVAL_MILLIS))
                .isEqualTo(10_000L);
        Configuration local =
                sourceConfiguration(
                        load(
                                "--Input.source=KINESIS",
                                "--Input.stream.arn=" + ARN,
                                "--Input.shard.discovery.interval=1 s"));
        assertThat(local.get(KinesisStreamsSourceConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS))
                .isEqualTo(1_000L);
    }

    @Test
    void aZeroShardDiscoveryIntervalFailsNamingTheProperty() {
        assertThatThrownBy(
                        () ->
                                load(
                                        "--Input.source=KINESIS",
                                        "--Input.stream.arn=" + ARN,
                                        "--Input.shard.discovery.interval=0 s"))
                .hasMessageContaining("Input.shard.discovery.interval")
                .hasMessageContaining("> 0");
    }

    @Test
    void aKinesisInputWithoutAStreamFailsNamingTheProperty() {
        ApplicationProperties props = load("--Input.source=KINESIS");
        assertThatThrownBy(() -> sourceConfiguration(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Input.stream.arn");
    }
}
