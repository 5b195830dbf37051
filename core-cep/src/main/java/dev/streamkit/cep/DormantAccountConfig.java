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

    public static final String DORMANCY = "dormancy";
    public static final String MIN_AMOUNT = "min-amount";
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

    public static Builder builder() {
        return new Builder();
    }

    public static DormantAccountConfig fromProperties(Map<String, String> properties) {
        AtomicReference<Builder> b = new AtomicReference<>(builder());
        readCommon(properties, b, DORMANCY, MIN_AMOUNT, RETENTION)
                .duration(DORMANCY, v -> b.set(b.get().dormancy(v)))
                .decimal(MIN_AMOUNT, v -> b.set(b.get().minAmount(v)))
                .duration(RETENTION, v -> b.set(b.get().retention(v)));
        return b.get().build();
    }

    public static DormantAccountConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    public Duration dormancy() {
        return dormancy;
    }

    public double minAmount() {
        return minAmount;
    }

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

        public Builder dormancy(Duration dormancy) {
            Builder copy = copy();
            copy.dormancy = dormancy;
            return copy;
        }

        public Builder minAmount(double minAmount) {
            Builder copy = copy();
            copy.minAmount = minAmount;
            return copy;
        }

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
