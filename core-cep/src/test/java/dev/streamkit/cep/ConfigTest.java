package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Builders validate at build() naming the parameter; property groups fill every parameter. */
class ConfigTest {

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsAreDocumentedValues() {
        VelocityConfig velocity = VelocityConfig.builder().build();
        assertThat(velocity.byAmount()).isFalse();
        assertThat(velocity.maxCount()).isEqualTo(10);
        assertThat(velocity.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(velocity.patternId()).isEqualTo("velocity-count");
        BruteForceConfig takeover = BruteForceConfig.builder().requireSuccess(true).build();
        assertThat(takeover.patternId()).isEqualTo("account-takeover");
        assertThat(takeover.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(BruteForceConfig.builder().build().patternId()).isEqualTo("brute-force-login");
        assertThat(CardTestingConfig.builder().build().minSmallCount()).isEqualTo(3);
        assertThat(ImpossibleTravelConfig.builder().build().maxSpeedKmh()).isEqualTo(900.0);
        assertThat(DormantAccountConfig.builder().build().dormancy())
                .isEqualTo(Duration.ofDays(90));
        assertThat(CredentialChangeConfig.builder().build().window())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void invalidParametersFailAtBuildNamingTheParameter() {
        assertThatThrownBy(() -> VelocityConfig.builder().maxCount(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCount");
        assertThatThrownBy(() -> VelocityConfig.builder().maxCount(3).maxAmount(10).build())
                .hasMessageContaining("maxCount")
                .hasMessageContaining("maxAmount");
        assertThatThrownBy(() -> VelocityConfig.builder().maxAmount(-1).build())
                .hasMessageContaining("maxAmount");
        assertThatThrownBy(() -> VelocityConfig.builder().window(Duration.ZERO).build())
                .hasMessageContaining("window");
        assertThatThrownBy(() -> VelocityConfig.builder().window(null).build())
                .hasMessageContaining("window");
        assertThatThrownBy(() -> BruteForceConfig.builder().failures(0).build())
                .hasMessageContaining("failures");
        assertThatThrownBy(
                        () ->
                                CardTestingConfig.builder()
                                        .smallAmountMax(10)
                                        .largeAmountMin(10)
                                        .build())
                .hasMessageContaining("largeAmountMin")
                .hasMessageContaining("smallAmountMax");
        assertThatThrownBy(() -> CardTestingConfig.builder().minSmallCount(0).build())
                .hasMessageContaining("minSmallCount");
        assertThatThrownBy(() -> ImpossibleTravelConfig.builder().maxSpeedKmh(0).build())
                .hasMessageContaining("maxSpeedKmh");
        assertThatThrownBy(
                        () ->
                                ImpossibleTravelConfig.builder()
                                        .maxGap(Duration.ofMillis(-5))
                                        .build())
                .hasMessageContaining("maxGap");
        assertThatThrownBy(
                        () ->
                                DormantAccountConfig.builder()
                                        .dormancy(Duration.ofDays(10))
                                        .retention(Duration.ofDays(10))
                                        .build())
                .hasMessageContaining("retention")
                .hasMessageContaining("dormancy");
        assertThatThrownBy(() -> DormantAccountConfig.builder().minAmount(Double.NaN).build())
                .hasMessageContaining("minAmount");
        assertThatThrownBy(() -> CredentialChangeConfig.builder().severity(null).build())
                .hasMessageContaining("severity");
        assertThatThrownBy(() -> CredentialChangeConfig.builder().patternId(" ").build())
                .hasMessageContaining("patternId");
    }

    @Test
    void propertyGroupsFillEveryParameter() {
        VelocityConfig velocity =
                VelocityConfig.fromProperties(
                        map(
                                "max-amount", "2500.5",
                                "window", "90 s",
                                "severity", "critical",
                                "pattern-id", "spend-burst"));
        assertThat(velocity.byAmount()).isTrue();
        assertThat(velocity.maxAmount()).isEqualTo(2500.5);
        assertThat(velocity.window()).isEqualTo(Duration.ofSeconds(90));
        assertThat(velocity.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(velocity.patternId()).isEqualTo("spend-burst");

        Properties props = new Properties();
        props.setProperty("failures", "7");
        props.setProperty("window", "PT15M");
        props.setProperty("require-success", "true");
        BruteForceConfig brute = BruteForceConfig.fromProperties(props);
        assertThat(brute.failures()).isEqualTo(7);
        assertThat(brute.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(brute.requireSuccess()).isTrue();

        CardTestingConfig card =
                CardTestingConfig.fromProperties(
                        map(
                                "min-small-count", "4",
                                "small-amount-max", "2",
                                "large-amount-min", "300",
                                "window", "5 min"));
        assertThat(card.minSmallCount()).isEqualTo(4);
        assertThat(card.smallAmountMax()).isEqualTo(2.0);
        assertThat(card.largeAmountMin()).isEqualTo(300.0);
        assertThat(card.window()).isEqualTo(Duration.ofMinutes(5));

        ImpossibleTravelConfig travel =
                ImpossibleTravelConfig.fromProperties(
                        map("max-speed-kmh", "1000", "max-gap", "12 h"));
        assertThat(travel.maxSpeedKmh()).isEqualTo(1000.0);
        assertThat(travel.maxGap()).isEqualTo(Duration.ofHours(12));

        DormantAccountConfig dormant =
                DormantAccountConfig.fromProperties(
                        map("dormancy", "30 d", "min-amount", "50", "retention", "400 d"));
        assertThat(dormant.dormancy()).isEqualTo(Duration.ofDays(30));
        assertThat(dormant.minAmount()).isEqualTo(50.0);
        assertThat(dormant.retention()).isEqualTo(Duration.ofDays(400));

        CredentialChangeConfig credential =
                CredentialChangeConfig.fromProperties(map("min-amount", "10", "window", "1 h"));
        assertThat(credential.minAmount()).isEqualTo(10.0);
        assertThat(credential.window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badPropertiesNameTheKey() {
        assertThatThrownBy(() -> VelocityConfig.fromProperties(map("max-count", "ten")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-count")
                .hasMessageContaining("ten");
        assertThatThrownBy(() -> VelocityConfig.fromProperties(map("windw", "1 min")))
                .hasMessageContaining("windw");
        assertThatThrownBy(() -> BruteForceConfig.fromProperties(map("require-success", "yes")))
                .hasMessageContaining("require-success");
        assertThatThrownBy(() -> CardTestingConfig.fromProperties(map("window", "soon")))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> CredentialChangeConfig.fromProperties(map("severity", "huge")))
                .hasMessageContaining("severity");
        // values that parse but are invalid fail in build(), naming the parameter
        assertThatThrownBy(() -> BruteForceConfig.fromProperties(map("failures", "0")))
                .hasMessageContaining("failures");
    }

    @Test
    void everyPatternSharesSeverityAndPatternIdHandling() {
        List<PatternConfig.Builder<?, ?>> builders =
                Arrays.asList(
                        VelocityConfig.builder(),
                        BruteForceConfig.builder(),
                        CardTestingConfig.builder(),
                        ImpossibleTravelConfig.builder(),
                        DormantAccountConfig.builder(),
                        CredentialChangeConfig.builder());
        for (PatternConfig.Builder<?, ?> builder : builders) {
            PatternConfig config = builder.severity(Severity.LOW).patternId("custom").build();
            assertThat(config.severity()).isEqualTo(Severity.LOW);
            assertThat(config.patternId()).isEqualTo("custom");
            assertThat(config.toString())
                    .startsWith(config.getClass().getSimpleName() + "{")
                    .endsWith(", severity=LOW, patternId=custom}");
            // an explicit null severity is a mistake, not a request for the default
            assertThatThrownBy(() -> builder.severity(null).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("severity");
            assertThatThrownBy(() -> builder.severity(Severity.LOW).patternId(" ").build())
                    .hasMessageContaining("patternId");
        }
        assertThat(VelocityConfig.builder().maxAmount(5).build().patternId())
                .isEqualTo("velocity-amount");
        assertThat(DormantAccountConfig.builder().build().severity()).isEqualTo(Severity.MEDIUM);
        assertThat(BruteForceConfig.builder().build().severity()).isEqualTo(Severity.HIGH);
        assertThat(
                        ImpossibleTravelConfig.fromProperties(
                                        map("severity", "critical", "pattern-id", "travel"))
                                .toString())
                .isEqualTo(
                        "ImpossibleTravelConfig{maxSpeedKmh=900.0, maxGap=PT24H,"
                                + " severity=CRITICAL, patternId=travel}");
        assertThatThrownBy(() -> CardTestingConfig.fromProperties(map("colour", "red")))
                .hasMessageContaining("colour")
                .hasMessageContaining("severity")
                .hasMessageContaining("pattern-id");
    }
}
