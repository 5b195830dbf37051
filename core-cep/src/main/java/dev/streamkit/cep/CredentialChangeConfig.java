package dev.streamkit.cep;

import dev.streamkit.cep.internal.PropertyReader;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Parameters of the credential-change-then-transfer pattern: a {@link EventKind#CREDENTIAL_CHANGE}
 * followed (not necessarily directly) by a transaction of at least {@code minAmount} within {@code
 * window}.
 *
 * <pre>{@code
 * CredentialChangeConfig config = CredentialChangeConfig.builder()
 *         .minAmount(2_000).window(Duration.ofHours(1)).build();
 * }</pre>
 *
 * <p>Defaults: {@code minAmount} 1000.0, {@code window} 24 h, severity {@link Severity#HIGH},
 * pattern id {@code credential-change-transfer}. Property keys: {@value #MIN_AMOUNT}, {@value
 * #WINDOW}, {@value #SEVERITY}, {@value #PATTERN_ID}.
 */
@PublicEvolving
public final class CredentialChangeConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MIN_AMOUNT = "min-amount";
    public static final String WINDOW = "window";
    public static final String SEVERITY = "severity";
    public static final String PATTERN_ID = "pattern-id";

    private final double minAmount;
    private final Duration window;
    private final Severity severity;
    private final String patternId;

    private CredentialChangeConfig(Builder b) {
        this.minAmount = b.minAmount;
        this.window = b.window;
        this.severity = b.severity;
        this.patternId = b.patternId != null ? b.patternId : "credential-change-transfer";
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CredentialChangeConfig fromProperties(Map<String, String> properties) {
        Builder b = builder();
        PropertyReader.of("credential-change", properties, MIN_AMOUNT, WINDOW, SEVERITY, PATTERN_ID)
                .decimal(MIN_AMOUNT, b::minAmount)
                .duration(WINDOW, b::window)
                .severity(SEVERITY, b::severity)
                .string(PATTERN_ID, b::patternId);
        return b.build();
    }

    public static CredentialChangeConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    public double minAmount() {
        return minAmount;
    }

    public Duration window() {
        return window;
    }

    public Severity severity() {
        return severity;
    }

    public String patternId() {
        return patternId;
    }

    @Override
    public String toString() {
        return "CredentialChangeConfig{minAmount="
                + minAmount
                + ", window="
                + window
                + ", severity="
                + severity
                + ", patternId="
                + patternId
                + '}';
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder {
        private double minAmount = 1000.0;
        private Duration window = Duration.ofHours(24);
        private Severity severity = Severity.HIGH;
        private String patternId;

        private Builder() {}

        public Builder minAmount(double minAmount) {
            this.minAmount = minAmount;
            return this;
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder patternId(String patternId) {
            this.patternId = patternId;
            return this;
        }

        public CredentialChangeConfig build() {
            Checks.amount("credential-change", "minAmount", minAmount);
            Checks.window("credential-change", "window", window);
            Checks.notNull("credential-change", "severity", severity);
            Checks.patternId("credential-change", patternId);
            return new CredentialChangeConfig(this);
        }
    }
}
