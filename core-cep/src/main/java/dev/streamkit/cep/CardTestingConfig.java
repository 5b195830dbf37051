package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Parameters of the card-testing pattern: at least {@code minSmallCount} consecutive small
 * transactions (amount {@code <= smallAmountMax}) followed directly by a large one (amount {@code
 * >= largeAmountMin}), first small to large within {@code window}.
 *
 * <pre>{@code
 * CardTestingConfig config = CardTestingConfig.builder()
 *         .minSmallCount(3).smallAmountMax(2.0).largeAmountMin(500).window(Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: {@code minSmallCount} 3, {@code smallAmountMax} 5.0, {@code largeAmountMin} 500.0,
 * {@code window} 10 min, severity {@link Severity#HIGH}, pattern id {@code card-testing}. Property
 * keys: {@value #MIN_SMALL_COUNT}, {@value #SMALL_AMOUNT_MAX}, {@value #LARGE_AMOUNT_MIN}, {@value
 * #WINDOW}, {@value #SEVERITY}, {@value #PATTERN_ID}.
 */
@PublicEvolving
public final class CardTestingConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MIN_SMALL_COUNT = "min-small-count";
    public static final String SMALL_AMOUNT_MAX = "small-amount-max";
    public static final String LARGE_AMOUNT_MIN = "large-amount-min";
    public static final String WINDOW = "window";
    public static final String SEVERITY = "severity";
    public static final String PATTERN_ID = "pattern-id";

    private final int minSmallCount;
    private final double smallAmountMax;
    private final double largeAmountMin;
    private final Duration window;
    private final Severity severity;
    private final String patternId;

    private CardTestingConfig(Builder b) {
        this.minSmallCount = b.minSmallCount;
        this.smallAmountMax = b.smallAmountMax;
        this.largeAmountMin = b.largeAmountMin;
        this.window = b.window;
        this.severity = b.severity;
        this.patternId = b.patternId != null ? b.patternId : "card-testing";
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CardTestingConfig fromProperties(Map<String, String> properties) {
        Builder b = builder();
        PropertyReader.of(
                        "card-testing",
                        properties,
                        MIN_SMALL_COUNT,
                        SMALL_AMOUNT_MAX,
                        LARGE_AMOUNT_MIN,
                        WINDOW,
                        SEVERITY,
                        PATTERN_ID)
                .integer(MIN_SMALL_COUNT, b::minSmallCount)
                .decimal(SMALL_AMOUNT_MAX, b::smallAmountMax)
                .decimal(LARGE_AMOUNT_MIN, b::largeAmountMin)
                .duration(WINDOW, b::window)
                .severity(SEVERITY, b::severity)
                .string(PATTERN_ID, b::patternId);
        return b.build();
    }

    public static CardTestingConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    public int minSmallCount() {
        return minSmallCount;
    }

    public double smallAmountMax() {
        return smallAmountMax;
    }

    public double largeAmountMin() {
        return largeAmountMin;
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
        return "CardTestingConfig{minSmallCount="
                + minSmallCount
                + ", smallAmountMax="
                + smallAmountMax
                + ", largeAmountMin="
                + largeAmountMin
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
        private int minSmallCount = 3;
        private double smallAmountMax = 5.0;
        private double largeAmountMin = 500.0;
        private Duration window = Duration.ofMinutes(10);
        private Severity severity = Severity.HIGH;
        private String patternId;

        private Builder() {}

        public Builder minSmallCount(int minSmallCount) {
            this.minSmallCount = minSmallCount;
            return this;
        }

        public Builder smallAmountMax(double smallAmountMax) {
            this.smallAmountMax = smallAmountMax;
            return this;
        }

        public Builder largeAmountMin(double largeAmountMin) {
            this.largeAmountMin = largeAmountMin;
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

        public CardTestingConfig build() {
            checkArgument(
                    minSmallCount >= 1,
                    "card-testing: minSmallCount must be >= 1, got %s",
                    minSmallCount);
            Checks.amount("card-testing", "smallAmountMax", smallAmountMax);
            Checks.amount("card-testing", "largeAmountMin", largeAmountMin);
            checkArgument(
                    largeAmountMin > smallAmountMax,
                    "card-testing: largeAmountMin (%s) must be greater than smallAmountMax (%s)",
                    largeAmountMin,
                    smallAmountMax);
            Checks.window("card-testing", "window", window);
            Checks.notNull("card-testing", "severity", severity);
            Checks.patternId("card-testing", patternId);
            return new CardTestingConfig(this);
        }
    }
}
