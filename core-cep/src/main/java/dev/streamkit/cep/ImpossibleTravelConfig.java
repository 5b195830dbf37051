package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Parameters of the impossible-travel pattern: two consecutive located events of one key whose
 * great-circle (haversine, Earth radius 6371.0 km) distance over elapsed time is a speed strictly
 * above {@code maxSpeedKmh}. Events further apart than {@code maxGap} are not compared, which is
 * also what bounds the state of keys that go quiet.
 *
 * <pre>{@code
 * ImpossibleTravelConfig config = ImpossibleTravelConfig.builder().maxSpeedKmh(900).build();
 * }</pre>
 *
 * <p>Defaults: {@code maxSpeedKmh} 900 (airliner), {@code maxGap} 24 h, severity {@link
 * Severity#HIGH}, pattern id {@code impossible-travel}. Property keys: {@value #MAX_SPEED_KMH},
 * {@value #MAX_GAP}, {@value #SEVERITY}, {@value #PATTERN_ID}.
 */
@PublicEvolving
public final class ImpossibleTravelConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MAX_SPEED_KMH = "max-speed-kmh";
    public static final String MAX_GAP = "max-gap";
    public static final String SEVERITY = "severity";
    public static final String PATTERN_ID = "pattern-id";

    private final double maxSpeedKmh;
    private final Duration maxGap;
    private final Severity severity;
    private final String patternId;

    private ImpossibleTravelConfig(Builder b) {
        this.maxSpeedKmh = b.maxSpeedKmh;
        this.maxGap = b.maxGap;
        this.severity = b.severity;
        this.patternId = b.patternId != null ? b.patternId : "impossible-travel";
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ImpossibleTravelConfig fromProperties(Map<String, String> properties) {
        Builder b = builder();
        PropertyReader.of(
                        "impossible-travel",
                        properties,
                        MAX_SPEED_KMH,
                        MAX_GAP,
                        SEVERITY,
                        PATTERN_ID)
                .decimal(MAX_SPEED_KMH, b::maxSpeedKmh)
                .duration(MAX_GAP, b::maxGap)
                .severity(SEVERITY, b::severity)
                .string(PATTERN_ID, b::patternId);
        return b.build();
    }

    public static ImpossibleTravelConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    public double maxSpeedKmh() {
        return maxSpeedKmh;
    }

    public Duration maxGap() {
        return maxGap;
    }

    public Severity severity() {
        return severity;
    }

    public String patternId() {
        return patternId;
    }

    @Override
    public String toString() {
        return "ImpossibleTravelConfig{maxSpeedKmh="
                + maxSpeedKmh
                + ", maxGap="
                + maxGap
                + ", severity="
                + severity
                + ", patternId="
                + patternId
                + '}';
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder {
        private double maxSpeedKmh = 900.0;
        private Duration maxGap = Duration.ofHours(24);
        private Severity severity = Severity.HIGH;
        private String patternId;

        private Builder() {}

        public Builder maxSpeedKmh(double maxSpeedKmh) {
            this.maxSpeedKmh = maxSpeedKmh;
            return this;
        }

        public Builder maxGap(Duration maxGap) {
            this.maxGap = maxGap;
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

        public ImpossibleTravelConfig build() {
            checkArgument(
                    maxSpeedKmh > 0 && !Double.isInfinite(maxSpeedKmh),
                    "impossible-travel: maxSpeedKmh must be a finite number > 0, got %s",
                    maxSpeedKmh);
            Checks.window("impossible-travel", "maxGap", maxGap);
            Checks.notNull("impossible-travel", "severity", severity);
            Checks.patternId("impossible-travel", patternId);
            return new ImpossibleTravelConfig(this);
        }
    }
}
