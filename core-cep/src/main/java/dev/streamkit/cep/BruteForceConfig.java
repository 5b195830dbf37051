package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Parameters of the brute-force login pattern: {@code failures} consecutive failed logins within
 * {@code window}; with {@code requireSuccess} the pattern instead waits for the success that
 * follows them directly (account takeover), and the window spans first failure to success.
 *
 * <pre>{@code
 * BruteForceConfig takeover = BruteForceConfig.builder()
 *         .failures(5).window(Duration.ofMinutes(10)).requireSuccess(true).build();
 * }</pre>
 *
 * <p>Defaults: {@code failures} 5, {@code window} 5 min, {@code requireSuccess} false, severity
 * {@link Severity#HIGH} ({@link Severity#CRITICAL} with {@code requireSuccess}), pattern id {@code
 * brute-force-login} ({@code account-takeover}). Property keys: {@value #FAILURES}, {@value
 * #WINDOW}, {@value #REQUIRE_SUCCESS}, {@value #SEVERITY}, {@value #PATTERN_ID}.
 *
 * @serial exclude
 */
@PublicEvolving
public final class BruteForceConfig extends PatternConfig {
    private static final long serialVersionUID = 1L;

    /** Property key of {@code failures}. */
    public static final String FAILURES = "failures";

    /** Property key of {@code window}. */
    public static final String WINDOW = "window";

    /** Property key of {@code requireSuccess}. */
    public static final String REQUIRE_SUCCESS = "require-success";

    private final int failures;
    private final Duration window;
    private final boolean requireSuccess;

    private BruteForceConfig(Builder b) {
        super(b);
        this.failures = b.failures;
        this.window = b.window;
        this.requireSuccess = b.requireSuccess;
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
    public static BruteForceConfig fromProperties(Map<String, String> properties) {
        AtomicReference<Builder> b = new AtomicReference<>(builder());
        readCommon(properties, b, FAILURES, WINDOW, REQUIRE_SUCCESS)
                .integer(FAILURES, v -> b.set(b.get().failures(v)))
                .duration(WINDOW, v -> b.set(b.get().window(v)))
                .bool(REQUIRE_SUCCESS, v -> b.set(b.get().requireSuccess(v)));
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
    public static BruteForceConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    /**
     * Consecutive failed logins that make an attack.
     *
     * @return the number of failures
     */
    public int failures() {
        return failures;
    }

    /**
     * How close together the failures (and the success) must be.
     *
     * @return the window
     */
    public Duration window() {
        return window;
    }

    /**
     * Whether only failures followed by a success alert (account takeover).
     *
     * @return true for account takeover
     */
    public boolean requireSuccess() {
        return requireSuccess;
    }

    @Override
    String parameters() {
        return "failures=" + failures + ", window=" + window + ", requireSuccess=" + requireSuccess;
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder extends PatternConfig.Builder<BruteForceConfig, Builder> {
        private int failures = 5;
        private Duration window = Duration.ofMinutes(5);
        private boolean requireSuccess;

        private Builder() {
            super("brute-force");
        }

        /**
         * Consecutive failed logins that make an attack (>= 1).
         *
         * @param failures the number of failures, at least 1 (default 5)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder failures(int failures) {
            Builder copy = copy();
            copy.failures = failures;
            return copy;
        }

        /**
         * The span within which the failures (and the success) must fall.
         *
         * @param window the window, positive (default 5 min)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder window(Duration window) {
            Builder copy = copy();
            copy.window = window;
            return copy;
        }

        /**
         * Alert only when a success directly follows the failures (account takeover).
         *
         * @param requireSuccess true for account takeover (default false)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder requireSuccess(boolean requireSuccess) {
            Builder copy = copy();
            copy.requireSuccess = requireSuccess;
            return copy;
        }

        @Override
        Severity defaultSeverity() {
            return requireSuccess ? Severity.CRITICAL : Severity.HIGH;
        }

        @Override
        String defaultPatternId() {
            return requireSuccess ? "account-takeover" : "brute-force-login";
        }

        @Override
        void validate() {
            checkArgument(failures >= 1, "%s: failures must be >= 1, got %s", pattern, failures);
            Checks.window(pattern, "window", window);
        }

        @Override
        BruteForceConfig create() {
            return new BruteForceConfig(this);
        }
    }
}
