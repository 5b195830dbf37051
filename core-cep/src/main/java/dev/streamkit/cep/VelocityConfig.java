package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * @serial exclude
 */
@PublicEvolving
public final class VelocityConfig extends PatternConfig {
    private static final long serialVersionUID = 1L;

    /** Property key of {@code maxCount}. */
    public static final String MAX_COUNT = "max-count";

    /** Property key of {@code maxAmount}. */
    public static final String MAX_AMOUNT = "max-amount";

    /** Property key of {@code window}. */
    public static final String WINDOW = "window";

    private final int maxCount;
    private final double maxAmount;
    private final Duration window;

    private VelocityConfig(Builder b) {
        super(b);
        this.maxCount = b.maxCount == null ? 0 : b.maxCount;
        this.maxAmount = b.maxAmount == null ? Double.NaN : b.maxAmount;
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
     * Reads a property group; keys as listed in the class documentation.
     *
     * @param properties the property group
     * @return the validated config
     * @throws IllegalArgumentException naming the key, for an unknown key or an unparsable or
     *     invalid value
     */
    public static VelocityConfig fromProperties(Map<String, String> properties) {
        AtomicReference<Builder> b = new AtomicReference<>(builder());
        readCommon(properties, b, MAX_COUNT, MAX_AMOUNT, WINDOW)
                .integer(MAX_COUNT, v -> b.set(b.get().maxCount(v)))
                .decimal(MAX_AMOUNT, v -> b.set(b.get().maxAmount(v)))
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
    public static VelocityConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    /**
     * Whether the limit is on the summed amount rather than on the count.
     *
     * @return true when limited by amount
     */
    public boolean byAmount() {
        return !Double.isNaN(maxAmount);
    }

    /**
     * The count limit (alert on {@code maxCount + 1} transactions); 0 when limited by amount.
     *
     * @return the count limit
     */
    public int maxCount() {
        return maxCount;
    }

    /**
     * The amount limit (alert when the sum exceeds it); NaN when limited by count.
     *
     * @return the amount limit
     */
    public double maxAmount() {
        return maxAmount;
    }

    /**
     * The span within which the transactions must fall.
     *
     * @return the window
     */
    public Duration window() {
        return window;
    }

    @Override
    String parameters() {
        return (byAmount() ? "maxAmount=" + maxAmount : "maxCount=" + maxCount)
                + ", window="
                + window;
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder extends PatternConfig.Builder<VelocityConfig, Builder> {
        private Integer maxCount;
        private Double maxAmount;
        private Duration window = Duration.ofMinutes(1);

        private Builder() {
            super("velocity");
        }

        /**
         * Alert on more than {@code maxCount} transactions within the window (>= 1).
         *
         * @param maxCount the count limit, at least 1 (default 10 when no amount limit is set)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder maxCount(int maxCount) {
            Builder copy = copy();
            copy.maxCount = maxCount;
            return copy;
        }

        /**
         * Alert when the summed amount exceeds {@code maxAmount} within the window (> 0).
         *
         * @param maxAmount the amount limit, positive (no default: count is the default limit)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder maxAmount(double maxAmount) {
            Builder copy = copy();
            copy.maxAmount = maxAmount;
            return copy;
        }

        /**
         * The span within which the transactions must fall.
         *
         * @param window positive (default 1 min)
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
            return maxAmount != null ? "velocity-amount" : "velocity-count";
        }

        @Override
        void validate() {
            checkArgument(
                    maxCount == null || maxAmount == null,
                    "%s: set either maxCount or maxAmount, not both",
                    pattern);
            if (maxCount == null && maxAmount == null) {
                maxCount = 10;
            }
            checkArgument(
                    maxCount == null || maxCount >= 1,
                    "%s: maxCount must be >= 1, got %s",
                    pattern,
                    maxCount);
            checkArgument(
                    maxAmount == null || (maxAmount > 0 && !maxAmount.isInfinite()),
                    "%s: maxAmount must be a finite number > 0, got %s",
                    pattern,
                    maxAmount);
            Checks.window(pattern, "window", window);
        }

        @Override
        VelocityConfig create() {
            return new VelocityConfig(this);
        }
    }
}
