package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Parameters of the dormant-account-reactivation pattern: a transaction of at least {@code
 * minAmount} that comes {@code dormancy} or more after the key's previous event (of any kind).
 *
 * <p>The previous event is remembered for less than {@code retention}: a gap of {@code retention}
 * or more is not reported (the key then looks new). This is what bounds the state of keys that
 * never come back; choose it as long as the longest dormancy worth reporting.
 *
 * <pre>{@code
 * DormantAccountConfig config = DormantAccountConfig.builder()
 *         .dormancy(Duration.ofDays(90)).minAmount(1_000).retention(Duration.ofDays(400)).build();
 * }</pre>
 *
 * <p>Defaults: {@code dormancy} 90 days, {@code minAmount} 1000.0, {@code retention} 365 days,
 * severity {@link Severity#MEDIUM}, pattern id {@code dormant-reactivation}. Property keys: {@value
 * #DORMANCY}, {@value #MIN_AMOUNT}, {@value #RETENTION}, {@value #SEVERITY}, {@value #PATTERN_ID}.
 *
 * @serial exclude
 */
@PublicEvolving
public final class DormantAccountConfig extends PatternConfig {
    private static final long serialVersionUID = 1L;

    /** Property key of {@code dormancy}. */
    public static final String DORMANCY = "dormancy";

    /** Property key of {@code minAmount}. */
    public static final String MIN_AMOUNT = "min-amount";

    /** Property key of {@code retention}. */
    public static final String RETENTION = "retention";

    private final Duration dormancy;
    private final double minAmount;
    private final Duration retention;

    private DormantAccountConfig(Builder b) {
        super(b);
        this.dormancy = b.dormancy;
        this.minAmount = b.minAmount;
        this.retention = b.retention;
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
    public static DormantAccountConfig fromProperties(Map<String, String> properties) {
        AtomicReference<Builder> b = new AtomicReference<>(builder());
        readCommon(properties, b, DORMANCY, MIN_AMOUNT, RETENTION)
                .duration(DORMANCY, v -> b.set(b.get().dormancy(v)))
                .decimal(MIN_AMOUNT, v -> b.set(b.get().minAmount(v)))
                .duration(RETENTION, v -> b.set(b.get().retention(v)));
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
    public static DormantAccountConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    /**
     * The silence after which a key counts as dormant.
     *
     * @return the dormancy
     */
    public Duration dormancy() {
        return dormancy;
    }

    /**
     * The smallest reactivating transaction that alerts.
     *
     * @return the minimum amount
     */
    public double minAmount() {
        return minAmount;
    }

    /**
     * How long a key's last event is remembered (the longest silence reported).
     *
     * @return the retention
     */
    public Duration retention() {
        return retention;
    }

    @Override
    String parameters() {
        return "dormancy=" + dormancy + ", minAmount=" + minAmount + ", retention=" + retention;
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder extends PatternConfig.Builder<DormantAccountConfig, Builder> {
        private Duration dormancy = Duration.ofDays(90);
        private double minAmount = 1000.0;
        private Duration retention = Duration.ofDays(365);

        private Builder() {
            super("dormant-account");
        }

        /**
         * The silence after which a key counts as dormant.
         *
         * @param dormancy positive (default 90 d)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder dormancy(Duration dormancy) {
            Builder copy = copy();
            copy.dormancy = dormancy;
            return copy;
        }

        /**
         * The smallest reactivating transaction that alerts.
         *
         * @param minAmount non-negative (default 1000.0)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder minAmount(double minAmount) {
            Builder copy = copy();
            copy.minAmount = minAmount;
            return copy;
        }

        /**
         * How long a key's last event is remembered; must exceed {@code dormancy}.
         *
         * @param retention the retention (default 365 d)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder retention(Duration retention) {
            Builder copy = copy();
            copy.retention = retention;
            return copy;
        }

        @Override
        Severity defaultSeverity() {
            return Severity.MEDIUM;
        }

        @Override
        String defaultPatternId() {
            return "dormant-reactivation";
        }

        @Override
        void validate() {
            Checks.window(pattern, "dormancy", dormancy);
            Checks.window(pattern, "retention", retention);
            checkArgument(
                    retention.compareTo(dormancy) > 0,
                    "%s: retention (%s) must be longer than dormancy (%s)",
                    pattern,
                    retention,
                    dormancy);
            Checks.amount(pattern, "minAmount", minAmount);
        }

        @Override
        DormantAccountConfig create() {
            return new DormantAccountConfig(this);
        }
    }
}
