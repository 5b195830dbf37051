package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every config builder is immutable: a setter returns a changed copy and leaves the receiver as it
 * was, and {@code build()} does not change it either, so one builder can be shared and branched.
 */
class ConfigBuilderImmutabilityTest {

    /**
     * Calls {@code setter} on a fresh builder without using the result, and checks that the builder
     * still builds the defaults while the returned copy builds {@code expected}.
     */
    private static <B extends PatternConfig.Builder<?, B>> void leavesReceiverUnchanged(
            Supplier<B> fresh, Function<B, B> setter, String expected) {
        String defaults = fresh.get().build().toString();
        B builder = fresh.get();
        B changed = setter.apply(builder);
        assertThat(changed).isNotSameAs(builder);
        assertThat(builder.build()).hasToString(defaults);
        assertThat(changed.build().toString()).contains(expected).isNotEqualTo(defaults);
    }

    @Test
    void velocityBuilder() {
        leavesReceiverUnchanged(VelocityConfig::builder, b -> b.maxCount(7), "maxCount=7");
        leavesReceiverUnchanged(VelocityConfig::builder, b -> b.maxAmount(70), "maxAmount=70.0");
        leavesReceiverUnchanged(
                VelocityConfig::builder, b -> b.window(Duration.ofSeconds(7)), "window=PT7S");
        leavesReceiverUnchanged(
                VelocityConfig::builder, b -> b.severity(Severity.LOW), "severity=LOW");
        leavesReceiverUnchanged(VelocityConfig::builder, b -> b.patternId("v7"), "patternId=v7");
    }

    @Test
    void buildDoesNotFillDefaultsIntoTheReceiver() {
        // velocity's build() picks maxCount 10 when no limit is set; done on the receiver, a
        // later maxAmount(...) branch would fail with "set either maxCount or maxAmount"
        VelocityConfig.Builder shared = VelocityConfig.builder();
        assertThat(shared.build().maxCount()).isEqualTo(10);
        assertThat(shared.maxAmount(500).build().maxAmount()).isEqualTo(500.0);
    }

    @Test
    void bruteForceBuilder() {
        leavesReceiverUnchanged(BruteForceConfig::builder, b -> b.failures(7), "failures=7");
        leavesReceiverUnchanged(
                BruteForceConfig::builder, b -> b.window(Duration.ofSeconds(7)), "window=PT7S");
        leavesReceiverUnchanged(
                BruteForceConfig::builder, b -> b.requireSuccess(true), "requireSuccess=true");
    }

    @Test
    void cardTestingBuilder() {
        leavesReceiverUnchanged(
                CardTestingConfig::builder, b -> b.minSmallCount(7), "minSmallCount=7");
        leavesReceiverUnchanged(
                CardTestingConfig::builder, b -> b.smallAmountMax(7), "smallAmountMax=7.0");
        leavesReceiverUnchanged(
                CardTestingConfig::builder, b -> b.largeAmountMin(700), "largeAmountMin=700.0");
        leavesReceiverUnchanged(
                CardTestingConfig::builder, b -> b.window(Duration.ofSeconds(7)), "window=PT7S");
    }

    @Test
    void impossibleTravelBuilder() {
        leavesReceiverUnchanged(
                ImpossibleTravelConfig::builder, b -> b.maxSpeedKmh(700), "maxSpeedKmh=700.0");
        leavesReceiverUnchanged(
                ImpossibleTravelConfig::builder, b -> b.maxGap(Duration.ofHours(7)), "maxGap=PT7H");
    }

    @Test
    void dormantAccountBuilder() {
        leavesReceiverUnchanged(
                DormantAccountConfig::builder,
                b -> b.dormancy(Duration.ofDays(7)),
                "dormancy=PT168H");
        leavesReceiverUnchanged(
                DormantAccountConfig::builder, b -> b.minAmount(700), "minAmount=700.0");
        leavesReceiverUnchanged(
                DormantAccountConfig::builder,
                b -> b.retention(Duration.ofDays(700)),
                "retention=PT16800H");
    }

    @Test
    void credentialChangeBuilder() {
        leavesReceiverUnchanged(
                CredentialChangeConfig::builder, b -> b.minAmount(700), "minAmount=700.0");
        leavesReceiverUnchanged(
                CredentialChangeConfig::builder, b -> b.window(Duration.ofHours(7)), "window=PT7H");
    }
}
