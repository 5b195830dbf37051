package dev.streamkit.aws.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;

/**
 * Typed, validated application properties of a Flink job, bound from Managed Service for Apache
 * Flink (MSF) property groups, a local JSON file in the same format, and command-line overrides.
 *
 * <pre>{@code
 * static final PropertySpec<String> STREAM_ARN = PropertySpec.string("InputStream0", "stream.arn");
 * static final PropertySpec<Duration> IDLENESS =
 *         PropertySpec.duration("InputStream0", "idleness").withDefault(Duration.ofSeconds(30));
 *
 * public static void main(String[] args) throws Exception {
 *     ApplicationProperties props =
 *             ApplicationProperties.loader()
 *                     .localFile(Paths.get("flink-application-properties-dev.json"))
 *                     .args(args)
 *                     .load(STREAM_ARN, IDLENESS);
 *     String arn = props.get(STREAM_ARN);
 * }
 * }</pre>
 *
 * <p>Instances are immutable and {@link Serializable}.
 *
 * @serial exclude
 */
@PublicEvolving
public final class ApplicationProperties implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Object> values;
    private final Map<String, Map<String, String>> groups;

    ApplicationProperties(Map<String, Object> values, Map<String, Map<String, String>> groups) {
        this.values = Collections.unmodifiableMap(new HashMap<>(values));
        this.groups = Collections.unmodifiableMap(new HashMap<>(groups));
    }

    /**
     * Starts loading properties: MSF runtime first, then the local file, then arguments.
     *
     * @return a loader with the default sources (MSF runtime only)
     */
    public static ApplicationPropertiesLoader loader() {
        return new ApplicationPropertiesLoader();
    }

    /**
     * The validated value of a spec that was passed to {@code load}.
     *
     * @param spec a spec passed to {@link ApplicationPropertiesLoader#load}
     * @param <T> the value type
     * @return the parsed and checked value, or the spec's default when the key was absent
     * @throws IllegalArgumentException if {@code spec} was not passed to {@code load}
     */
    @SuppressWarnings("unchecked")
    public <T> T get(PropertySpec<T> spec) {
        Preconditions.checkNotNull(spec, "spec must not be null");
        Preconditions.checkArgument(
                values.containsKey(spec.name()),
                "property '%s' was not declared when the properties were loaded",
                spec.name());
        return (T) values.get(spec.name());
    }

    /**
     * All raw key/values of a property group after overrides (empty if absent), e.g. to pass
     * connector options through.
     *
     * @param groupId the property group id (MSF {@code PropertyGroupId})
     * @return a new properties object with the group's keys and values
     */
    public Properties group(String groupId) {
        Properties p = new Properties();
        Map<String, String> g = groups.get(groupId);
        if (g != null) {
            p.putAll(g);
        }
        return p;
    }
}
