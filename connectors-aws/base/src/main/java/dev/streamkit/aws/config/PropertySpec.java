package dev.streamkit.aws.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;
import org.apache.flink.util.TimeUtils;

/**
 * One typed application property: its property group, key, type, optional default and an optional
 * validity check.
 *
 * <pre>{@code
 * PropertySpec<String> STREAM_ARN = PropertySpec.string("InputStream0", "stream.arn");
 * PropertySpec<Integer> PARALLELISM =
 *         PropertySpec.integer("App", "parallelism").withDefault(2).check(p -> p > 0, "> 0");
 * }</pre>
 *
 * <p>Specs are immutable: {@link #withDefault} and {@link #check} return new specs.
 *
 * @param <T> the value type
 * @serial exclude
 */
@PublicEvolving
public final class PropertySpec<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Parses the raw text; throws {@link IllegalArgumentException} for an invalid value. */
    interface Parser<T> extends Function<String, T>, Serializable {}

    /**
     * A serializable predicate on a parsed value.
     *
     * @param <T> the value type
     */
    @PublicEvolving
    public interface Check<T> extends Predicate<T>, Serializable {}

    private final String group;
    private final String key;
    private final String typeName;
    private final Parser<T> parser;
    private final T defaultValue;
    private final Check<T> check;
    private final String checkDescription;

    private PropertySpec(
            String group,
            String key,
            String typeName,
            Parser<T> parser,
            T defaultValue,
            Check<T> check,
            String checkDescription) {
        this.group = group;
        this.key = key;
        this.typeName = typeName;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.check = check;
        this.checkDescription = checkDescription;
    }

    private static <T> PropertySpec<T> of(
            String group, String key, String typeName, Parser<T> parser) {
        Preconditions.checkArgument(
                group != null && !group.isEmpty(), "group must be a non-empty string");
        Preconditions.checkArgument(
                key != null && !key.isEmpty(), "key must be a non-empty string");
        Preconditions.checkArgument(
                !group.contains("."),
                "group '%s' must not contain '.' (command-line overrides use <group>.<key>)",
                group);
        return new PropertySpec<>(group, key, typeName, parser, null, null, null);
    }

    /**
     * A string property (leading and trailing whitespace is kept).
     *
     * @param group the property group id (no {@code .})
     * @param key the key within the group
     * @return a spec without default or check
     */
    public static PropertySpec<String> string(String group, String key) {
        return of(group, key, "string", s -> s);
    }

    /**
     * A 32-bit integer property.
     *
     * @param group the property group id (no {@code .})
     * @param key the key within the group
     * @return a spec without default or check
     */
    public static PropertySpec<Integer> integer(String group, String key) {
        return of(group, key, "integer", s -> Integer.valueOf(s.trim()));
    }

    /**
     * A 64-bit integer property.
     *
     * @param group the property group id (no {@code .})
     * @param key the key within the group
     * @return a spec without default or check
     */
    public static PropertySpec<Long> longValue(String group, String key) {
        return of(group, key, "long", s -> Long.valueOf(s.trim()));
    }

    /**
     * A floating point property.
     *
     * @param group the property group id (no {@code .})
     * @param key the key within the group
     * @return a spec without default or check
     */
    public static PropertySpec<Double> doubleValue(String group, String key) {
        return of(group, key, "double", s -> Double.valueOf(s.trim()));
    }

    /**
     * A boolean property: exactly {@code true} or {@code false}, case-insensitive.
     *
     * @param group the property group id (no {@code .})
     * @param key the key within the group
     * @return a spec without default or check
     */
    public static PropertySpec<Boolean> bool(String group, String key) {
        return of(
                group,
                key,
                "boolean",
                s -> {
                    String v = s.trim().toLowerCase(Locale.ROOT);
                    if (v.equals("true")) {
                        return Boolean.TRUE;
                    }
                    if (v.equals("false")) {
                        return Boolean.FALSE;
                    }
                    throw new IllegalArgumentException(s);
                });
    }

    /**
     * A duration property: ISO-8601 ({@code PT30S}) or Flink's notation ({@code 30 s}, {@code
     * 500ms}, {@code 2 min}).
     *
     * @param group the property group id (no {@code .})
     * @param key the key within the group
     * @return a spec without default or check
     */
    public static PropertySpec<Duration> duration(String group, String key) {
        return of(
                group,
                key,
                "duration",
                s -> {
                    String v = s.trim();
                    if (v.startsWith("P") || v.startsWith("p")) {
                        return Duration.parse(v.toUpperCase(Locale.ROOT));
                    }
                    return TimeUtils.parseDuration(v);
                });
    }

    /**
     * An enum property, matched on the constant name, case-insensitive.
     *
     * @param group the property group id (no {@code .})
     * @param key the key within the group
     * @param type the enum class
     * @param <E> the enum type
     * @return a spec without default or check
     */
    public static <E extends Enum<E>> PropertySpec<E> enumValue(
            String group, String key, Class<E> type) {
        Preconditions.checkNotNull(type, "type must not be null");
        return of(
                group,
                key,
                type.getSimpleName() + " (one of " + enumNames(type) + ")",
                s -> {
                    for (E e : type.getEnumConstants()) {
                        if (e.name().equalsIgnoreCase(s.trim())) {
                            return e;
                        }
                    }
                    throw new IllegalArgumentException(s);
                });
    }

    private static String enumNames(Class<? extends Enum<?>> type) {
        StringBuilder sb = new StringBuilder();
        for (Enum<?> e : type.getEnumConstants()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.name());
        }
        return sb.toString();
    }

    /**
     * Returns a spec that uses {@code value} when the key (or its whole group) is absent.
     *
     * @param value the default (not null)
     * @return a new spec with the default; this one is unchanged
     */
    public PropertySpec<T> withDefault(T value) {
        Preconditions.checkNotNull(value, "default value of %s must not be null", name());
        return new PropertySpec<>(group, key, typeName, parser, value, check, checkDescription);
    }

    /**
     * Returns a spec that also requires {@code condition}; {@code description} completes the
     * sentence "must be ..." in the error message (e.g. {@code "> 0"}).
     *
     * @param condition true for a valid value
     * @param description the condition as the end of "must be ...", e.g. {@code "> 0"}
     * @return a new spec requiring this and any earlier check; this one is unchanged
     */
    public PropertySpec<T> check(Check<T> condition, String description) {
        Preconditions.checkNotNull(condition, "condition of %s must not be null", name());
        Preconditions.checkArgument(
                description != null && !description.isEmpty(),
                "description of the check on %s must be non-empty",
                name());
        Check<T> combined = check == null ? condition : v -> check.test(v) && condition.test(v);
        String combinedDescription =
                checkDescription == null ? description : checkDescription + " and " + description;
        return new PropertySpec<>(
                group, key, typeName, parser, defaultValue, combined, combinedDescription);
    }

    /**
     * The property group.
     *
     * @return the property group id (MSF {@code PropertyGroupId})
     */
    public String group() {
        return group;
    }

    /**
     * The key.
     *
     * @return the key within the group
     */
    public String key() {
        return key;
    }

    /**
     * The full name.
     *
     * @return {@code group.key}, as used in error messages and command-line overrides
     */
    public String name() {
        return group + "." + key;
    }

    String typeName() {
        return typeName;
    }

    T defaultValue() {
        return defaultValue;
    }

    boolean hasDefault() {
        return defaultValue != null;
    }

    /** Parses and checks {@code raw}; returns the problem text or null in {@code problem[0]}. */
    T parse(String raw, String[] problem) {
        T value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            problem[0] =
                    String.format(
                            "property '%s' has value '%s' which is not a valid %s",
                            name(), raw, typeName);
            return null;
        }
        if (check != null && !check.test(value)) {
            problem[0] =
                    String.format(
                            "property '%s' has value '%s' which is not %s",
                            name(), raw, checkDescription);
            return null;
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PropertySpec)) {
            return false;
        }
        PropertySpec<?> that = (PropertySpec<?>) o;
        return group.equals(that.group) && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, key);
    }

    @Override
    public String toString() {
        return name() + " (" + typeName + ")";
    }
}
