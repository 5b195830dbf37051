package dev.streamkit.cep.internal;

import dev.streamkit.cep.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.flink.annotation.Internal;
import org.apache.flink.util.TimeUtils;

/**
 * Reads a flat property group (as MSF runtime properties deliver it) into a config builder: unknown
 * keys and unparsable values fail with a message naming the key.
 */
@Internal
public final class PropertyReader {
    private final String group;
    private final Map<String, String> values;

    private PropertyReader(String group, Map<String, String> values, String... known) {
        this.group = group;
        this.values = values;
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(Arrays.asList(known));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    String.format(
                            "Unknown %s properties %s; supported keys are %s",
                            group, unknown, Arrays.toString(known)));
        }
    }

    public static PropertyReader of(String group, Map<String, String> values, String... known) {
        return new PropertyReader(group, new HashMap<>(values), known);
    }

    public static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    private String raw(String key) {
        String value = values.get(key);
        return value == null ? null : value.trim();
    }

    public PropertyReader duration(String key, Consumer<Duration> setter) {
        String value = raw(key);
        if (value != null) {
            Duration parsed;
            try {
                parsed =
                        value.toUpperCase(Locale.ROOT).startsWith("P")
                                ? Duration.parse(value)
                                : TimeUtils.parseDuration(value);
            } catch (RuntimeException e) {
                throw invalid(key, value, "a duration such as '10 min', '30 s' or 'PT1H'", e);
            }
            setter.accept(parsed);
        }
        return this;
    }

    public PropertyReader integer(String key, Consumer<Integer> setter) {
        String value = raw(key);
        if (value != null) {
            int parsed;
            try {
                parsed = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw invalid(key, value, "an integer", e);
            }
            setter.accept(parsed);
        }
        return this;
    }

    public PropertyReader decimal(String key, Consumer<Double> setter) {
        String value = raw(key);
        if (value != null) {
            double parsed;
            try {
                parsed = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw invalid(key, value, "a number", e);
            }
            setter.accept(parsed);
        }
        return this;
    }

    public PropertyReader bool(String key, Consumer<Boolean> setter) {
        String value = raw(key);
        if (value != null) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw invalid(key, value, "true or false", null);
            }
            setter.accept(Boolean.parseBoolean(value));
        }
        return this;
    }

    public PropertyReader string(String key, Consumer<String> setter) {
        String value = raw(key);
        if (value != null) {
            setter.accept(value);
        }
        return this;
    }

    public PropertyReader severity(String key, Consumer<Severity> setter) {
        String value = raw(key);
        if (value != null) {
            Severity parsed;
            try {
                parsed = Severity.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(key, value, Arrays.toString(Severity.values()), e);
            }
            setter.accept(parsed);
        }
        return this;
    }

    private IllegalArgumentException invalid(
            String key, String value, String expected, Exception cause) {
        return new IllegalArgumentException(
                String.format("%s property '%s' must be %s, got '%s'", group, key, expected, value),
                cause);
    }
}
