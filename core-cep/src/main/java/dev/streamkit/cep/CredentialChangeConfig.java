package dev.streamkit.cep;

import dev.streamkit.cep.internal.PropertyReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * @serial exclude
 */
@PublicEvolving
public final class CredentialChangeConfig extends PatternConfig {
    private static final long serialVersionUID = 1L;

    /** Property key of {@code minAmount}. */
    public static final String MIN_AMOUNT = "min-amount";

    /** Property key of {@code window}. */
    public static final String WINDOW = "window";

    private final double minAmount;
    private final Duration window;

    private CredentialChangeConfig(Builder b) {
        super(b);
        this.minAmount = b.minAmount;
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
    public static CredentialChangeConfig fromProperties(Map<String, String> properties) {
        AtomicReference<Builder> b = new AtomicReference<>(builder());
        readCommon(properties, b, MIN_AMOUNT, WINDOW)
                .decimal(MIN_AMOUNT, v -> b.set(b.get().minAmount(v)))
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
    public static CredentialChangeConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    /**
     * The smallest transfer that alerts after a credential change.
     *
     * @return the minimum amount
     */
    public double minAmount() {
        return minAmount;
    }

    /**
     * How soon after the change the transfer must come.
     *
     * @return the window
     */
    public Duration window() {
        return window;
    }

    @Override
    String parameters() {
        return "minAmount=" + minAmount + ", window=" + window;
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder
            extends PatternConfig.Builder<CredentialChangeConfig, Builder> {
        private double minAmount = 1000.0;
        private Duration window = Duration.ofHours(24);

        private Builder() {
            super("credential-change");
        }

        /**
         * The smallest transfer that alerts after a credential change.
         *
         * @param minAmount positive (default 1000.0)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder minAmount(double minAmount) {
            Builder copy = copy();
            copy.minAmount = minAmount;
            return copy;
        }

        /**
         * How soon after the change the transfer must come.
         *
         * @param window positive (default 24 h)
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
            return "credential-change-transfer";
        }

        @Override
        void validate() {
            Checks.amount(pattern, "minAmount", minAmount);
            Checks.window(pattern, "window", window);
        }

        @Override
        CredentialChangeConfig create() {
            return new CredentialChangeConfig(this);
        }
    }
}
