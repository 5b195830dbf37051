package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import dev.streamkit.cep.internal.PropertyReader;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * @serial exclude
 */
@PublicEvolving
public final class ImpossibleTravelConfig extends PatternConfig {
    private static final long serialVersionUID = 1L;

    /** Property key of {@code maxSpeedKmh}. */
    public static final String MAX_SPEED_KMH = "max-speed-kmh";

    /** Property key of {@code maxGap}. */
    public static final String MAX_GAP = "max-gap";

    private final double maxSpeedKmh;
    private final Duration maxGap;

    private ImpossibleTravelConfig(Builder b) {
        super(b);
        this.maxSpeedKmh = b.maxSpeedKmh;
        this.maxGap = b.maxGap;
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
    public static ImpossibleTravelConfig fromProperties(Map<String, String> properties) {
        AtomicReference<Builder> b = new AtomicReference<>(builder());
        readCommon(properties, b, MAX_SPEED_KMH, MAX_GAP)
                .decimal(MAX_SPEED_KMH, v -> b.set(b.get().maxSpeedKmh(v)))
                .duration(MAX_GAP, v -> b.set(b.get().maxGap(v)));
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
    public static ImpossibleTravelConfig fromProperties(Properties properties) {
        return fromProperties(PropertyReader.toMap(properties));
    }

    /**
     * The highest plausible speed between two consecutive located events.
     *
     * @return the speed in km/h
     */
    public double maxSpeedKmh() {
        return maxSpeedKmh;
    }

    /**
     * Events this far apart or more are not compared.
     *
     * @return the largest gap compared
     */
    public Duration maxGap() {
        return maxGap;
    }

    @Override
    String parameters() {
        return "maxSpeedKmh=" + maxSpeedKmh + ", maxGap=" + maxGap;
    }

    /** Builder; {@link #build()} validates every parameter. */
    @PublicEvolving
    public static final class Builder
            extends PatternConfig.Builder<ImpossibleTravelConfig, Builder> {
        private double maxSpeedKmh = 900.0;
        private Duration maxGap = Duration.ofHours(24);

        private Builder() {
            super("impossible-travel");
        }

        /**
         * The highest plausible speed between two consecutive located events.
         *
         * @param maxSpeedKmh in km/h, positive (default 900)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder maxSpeedKmh(double maxSpeedKmh) {
            Builder copy = copy();
            copy.maxSpeedKmh = maxSpeedKmh;
            return copy;
        }

        /**
         * Events this far apart or more are not compared.
         *
         * @param maxGap positive (default 24 h)
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public Builder maxGap(Duration maxGap) {
            Builder copy = copy();
            copy.maxGap = maxGap;
            return copy;
        }

        @Override
        Severity defaultSeverity() {
            return Severity.HIGH;
        }

        @Override
        String defaultPatternId() {
            return "impossible-travel";
        }

        @Override
        void validate() {
            checkArgument(
                    maxSpeedKmh > 0 && !Double.isInfinite(maxSpeedKmh),
                    "%s: maxSpeedKmh must be a finite number > 0, got %s",
                    pattern,
                    maxSpeedKmh);
            Checks.window(pattern, "maxGap", maxGap);
        }

        @Override
        ImpossibleTravelConfig create() {
            return new ImpossibleTravelConfig(this);
        }
    }
}
