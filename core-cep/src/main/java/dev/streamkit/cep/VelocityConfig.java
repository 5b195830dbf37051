package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Parameters of the velocity pattern: more than {@code maxCount} transactions, or more than {@code
 * maxAmount} in total, within {@code window} for one key.
 *
 * <pre>{@code
 * VelocityConfig config = VelocityConfig.builder().maxCount(10).window(Duration.ofMinutes(1)).build();
 * VelocityConfig fromMsf = VelocityConfig.fromProperties(
 *         KinesisAnalyticsRuntime.getApplicationProperties().get("velocity"));
 * }</pre>
 *
 * <p>Defaults: {@code maxCount} 10 (when no amount limit is set), {@code window} 1 min, severity
 * {@link Severity#HIGH}, pattern id {@code velocity-count} or {@code velocity-amount}. Property
 * keys: {@value #MAX_COUNT}, {@value #MAX_AMOUNT}, {@value #WINDOW}, {@value #SEVERITY}, {@value
 * #PATTERN_ID}.
 */
@PublicEvolving
public final class VelocityConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MAX_COUNT = "max-count";
    public static final String MAX_AMOUNT = "max-amount";
    public static final String WINDOW = "window";
    public static final String SEVERITY = "severity";
    public static final String PATTERN_ID = "pattern-id";

    private final int maxCount;
    private final double maxAmount;
    private final Duration window;
    private final Severity severity;
    private final String patternId;

    private VelocityConfig(Builder b) {
        this.maxCount = b.maxCount == null ? 0 : b.maxCount;
        this.maxAmount = b.maxAmount == null ? Double.NaN : b.maxAmount;
        this.window = b.window;
        this.severity = b.severity;
        this.patternId = b.patternId != null ? b.patternId : defaultId(b.maxAmount != null);
    }

    private static String defaultId(boolean byAmount) {
        return byAmount ? "velocity-amount" : "velocity-count";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a property group; keys as listed in the class documentation. */
    public static VelocityConfig fromProperties(Map<String, String> properties) {
        Builder b = builder();
        PropertyReader.of(
                        "velocity", properties, MAX_COUNT, MAX_AMOUNT, WINDOW, SEVERITY, PATTERN_ID)
                .integer(MAX_COUNT, b::maxCount)
                .decimal(MAX_AMOUNT, b::maxAmount)
                .duration(WINDOW, b::window)
                .severity(SEVERITY, b::severity)
                .string(PATTERN_ID, b::patternId);
        return b.build();
    }

    public static VelocityConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    /** Whether the limit is on the summed amount rather than on the count. */
    public boolean byAmount() {
        return !Double.isNaN(maxAmount);
    }

    /** The count limit (alert on {@code maxCount + 1} transactions); 0 when limited by amount. */
    public int maxCount() {
        return maxCount;
    }

    /** The amount limit (alert when the sum exceeds it); NaN when limited by count. */
    public double maxAmount() {
        return maxAmount;
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
        return "VelocityConfig{"
                + (byAmount() ? "maxAmount=" + maxAmount : "maxCount=" + maxCount)
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
        private Integer maxCount;
        private Double maxAmount;
        private Duration window = Duration.ofMinutes(1);
        private Severity severity = Severity.HIGH;
        private String patternId;

        private Builder() {}

        /** Alert on more than {@code maxCount} transactions within the window (>= 1). */
        public Builder maxCount(int maxCount) {
            this.maxCount = maxCount;
            return this;
        }

        /** Alert when the summed amount exceeds {@code maxAmount} within the window (> 0). */
        public Builder maxAmount(double maxAmount) {
            this.maxAmount = maxAmount;
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

        public VelocityConfig build() {
            checkArgument(
                    maxCount == null || maxAmount == null,
                    "velocity: set either maxCount or maxAmount, not both");
            if (maxCount == null && maxAmount == null) {
                maxCount = 10;
            }
            checkArgument(
                    maxCount == null || maxCount >= 1,
                    "velocity: maxCount must be >= 1, got %s",
                    maxCount);
            checkArgument(
                    maxAmount == null || (maxAmount > 0 && !maxAmount.isInfinite()),
                    "velocity: maxAmount must be a finite number > 0, got %s",
                    maxAmount);
            Checks.window("velocity", "window", window);
            Checks.notNull("velocity", "severity", severity);
            Checks.patternId("velocity", patternId);
            return new VelocityConfig(this);
        }
    }
}
