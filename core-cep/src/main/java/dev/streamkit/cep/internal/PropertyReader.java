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

    /**
     * A reader of {@code values}.
     *
     * @param group names the pattern in error messages
     * @param values the property group
     * @param known every key the group may hold
     * @return the reader
     * @throws IllegalArgumentException naming an unknown key
     */
    public static PropertyReader of(String group, Map<String, String> values, String... known) {
        return new PropertyReader(group, new HashMap<>(values), known);
    }

    /**
     * The string entries of {@code properties}.
     *
     * @param properties the properties
     * @return a map of them
     */
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

    /**
     * Reads a duration (Flink syntax or ISO-8601).
     *
     * @param key the property key
     * @param setter receives the parsed value when the key is present
     * @return this reader
     */
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

    /**
     * Reads an int.
     *
     * @param key the property key
     * @param setter receives the parsed value when the key is present
     * @return this reader
     */
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

    /**
     * Reads a double.
     *
     * @param key the property key
     * @param setter receives the parsed value when the key is present
     * @return this reader
     */
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

    /**
     * Reads {@code true} or {@code false}.
     *
     * @param key the property key
     * @param setter receives the parsed value when the key is present
     * @return this reader
     */
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

    /**
     * Reads a string.
     *
     * @param key the property key
     * @param setter receives the parsed value when the key is present
     * @return this reader
     */
    public PropertyReader string(String key, Consumer<String> setter) {
        String value = raw(key);
        if (value != null) {
            setter.accept(value);
        }
        return this;
    }

    /**
     * Reads a {@code Severity} name.
     *
     * @param key the property key
     * @param setter receives the parsed value when the key is present
     * @return this reader
     */
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
