package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * @serial exclude
 */
@PublicEvolving
public final class CardTestingConfig extends PatternConfig {
    private static final long serialVersionUID = 1L;

    /** Property key of {@code minSmallCount}. */
    public static final String MIN_SMALL_COUNT = "min-small-count";

    /** Property key of {@code smallAmountMax}. */
    public static final String SMALL_AMOUNT_MAX = "small-amount-max";

    /** Property key of {@code largeAmountMin}. */
    public static final String LARGE_AMOUNT_MIN = "large-amount-min";

    /** Property key of {@code window}. */
    public static final String WINDOW = "window";

    private final int minSmallCount;
    private final double smallAmountMax;
    private final double largeAmountMin;
    private final Duration window;

    private CardTestingConfig(Builder b) {
        super(b);
        this.minSmallCount = b.minSmallCount;
        this.smallAmountMax = b.smallAmountMax;
        this.largeAmountMin = b.largeAmountMin;
        this.window = b.window;
    }

    /**
     * A builder with the defaults listed in the class documentation.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a property group (for example an MSF runtime property group); keys as listed in the
     * class documentation, absent keys keep their defaults.
     *
     * @param properties the property group
     * @return the validated config
     * @throws IllegalArgumentException naming the key, for an unknown key or an unparsable or
     *     invalid value
     */
    public static CardTestingConfig fromProperties(Map<String, String> properties) {
        AtomicReference<Builder> b = new AtomicReference<>(builder());
        readCommon(properties, b, MIN_SMALL_COUNT, SMALL_AMOUNT_MAX, LARGE_AMOUNT_MIN, WINDOW)
                .integer(MIN_SMALL_COUNT, v -> b.set(b.get().minSmallCount(v)))
                .decimal(SMALL_AMOUNT_MAX, v -> b.set(b.get().smallAmountMax(v)))
                .decimal(LARGE_AMOUNT_MIN, v -> b.set(b.get().largeAmountMin(v)))
                .duration(WINDOW, v -> b.set(b.get().window(v)));
        return b.get().build();
    }

    /**
     * As {@link #fromProperties(Map)}, for a {@link Properties} group.
     *
     * @param properties the property group
     * @return the validated config
     * @throws IllegalArgumentException naming the key, for an unknown key or an unparsable or
     *     invalid value
     */
    public static CardTestingConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    /**
     * Small transactions needed before the large one.
     *
     * @return the minimum number of small transactions
     */
    public int minSmallCount() {
        return minSmallCount;
    }

    /**
     * The largest amount that counts as small (inclusive).
     *
     * @return the small-amount limit
     */
    public double smallAmountMax() {
        return smallAmountMax;
    }

    /**
     * The smallest amount that counts as large (inclusive).
     *
     * @return the large-amount limit
     */
    public double largeAmountMin() {
        return largeAmountMin;
    }

    /**
     * How close the first small transaction must be to the large one.
     *
     * @return the window
     */
    public Duration window() {
        return window;
    }

    @Override
    String parameters() {
        return "minSmallCount="
                + minSmallCount
                + ", smallAmountMax="
                + smallAmountMax
                + ", largeAmountMin="
                + largeAmountMin
                + ", window="
                + window;
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder extends PatternConfig.Builder<CardTestingConfig, Builder> {
        private int minSmallCount = 3;
        private double smallAmountMax = 5.0;
        private double largeAmountMin = 500.0;
        private Duration window = Duration.ofMinutes(10);

        private Builder() {
            super("card-testing");
        }

        /**
         * Small transactions needed before the large one.
         *
         * @param minSmallCount at least 1 (default 3)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder minSmallCount(int minSmallCount) {
            Builder copy = copy();
            copy.minSmallCount = minSmallCount;
            return copy;
        }

        /**
         * The largest amount that counts as small (inclusive).
         *
         * @param smallAmountMax non-negative (default 5.0)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder smallAmountMax(double smallAmountMax) {
            Builder copy = copy();
            copy.smallAmountMax = smallAmountMax;
            return copy;
        }

        /**
         * The smallest amount that counts as large (inclusive); must exceed {@code smallAmountMax}.
         *
         * @param largeAmountMin the large-amount limit (default 500.0)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder largeAmountMin(double largeAmountMin) {
            Builder copy = copy();
            copy.largeAmountMin = largeAmountMin;
            return copy;
        }

        /**
         * The span from the first small transaction to the large one.
         *
         * @param window positive (default 10 min)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder window(Duration window) {
            Builder copy = copy();
            copy.window = window;
            return copy;
        }

        @Override
        Severity defaultSeverity() {
            return Severity.HIGH;
        }

        @Override
        String defaultPatternId() {
            return "card-testing";
        }

        @Override
        void validate() {
            checkArgument(
                    minSmallCount >= 1,
                    "%s: minSmallCount must be >= 1, got %s",
                    pattern,
                    minSmallCount);
            Checks.amount(pattern, "smallAmountMax", smallAmountMax);
            Checks.amount(pattern, "largeAmountMin", largeAmountMin);
            checkArgument(
                    largeAmountMin > smallAmountMax,
                    "%s: largeAmountMin (%s) must be greater than smallAmountMax (%s)",
                    pattern,
                    largeAmountMin,
                    smallAmountMax);
            Checks.window(pattern, "window", window);
        }

        @Override
        CardTestingConfig create() {
            return new CardTestingConfig(this);
        }
    }
}
