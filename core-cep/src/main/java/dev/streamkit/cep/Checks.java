package dev.streamkit.cep;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;

/** Validation shared by the config builders; messages name the pattern and the parameter. */
final class Checks {
    private Checks() {}

    static void window(String pattern, String name, Duration window) {
        checkArgument(window != null, "%s: %s must not be null", pattern, name);
        checkArgument(
                !window.isNegative() && window.toMillis() >= 1,
                "%s: %s must be at least 1 ms, got %s",
                pattern,
                name,
                window);
    }

    static void notNull(String pattern, String name, Object value) {
        checkArgument(value != null, "%s: %s must not be null", pattern, name);
    }

    static void patternId(String pattern, String id) {
        checkArgument(
                id == null || !id.trim().isEmpty(), "%s: patternId must not be blank", pattern);
    }

    static void amount(String pattern, String name, double value) {
        checkArgument(
                value >= 0 && !Double.isInfinite(value) && !Double.isNaN(value),
                "%s: %s must be a finite number >= 0, got %s",
                pattern,
                name,
                value);
    }
}
