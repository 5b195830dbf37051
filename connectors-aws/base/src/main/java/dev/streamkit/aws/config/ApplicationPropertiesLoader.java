package dev.streamkit.aws.config;

import dev.streamkit.aws.config.internal.MsfRuntimeProperties;
import dev.streamkit.aws.config.internal.PropertyGroupsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;

/**
 * Loads and binds application properties. Sources, lowest precedence first:
 *
 * <ol>
 *   <li>the MSF runtime ({@code KinesisAnalyticsRuntime.getApplicationProperties()}) when running
 *       on MSF (the runtime library is on the classpath and returns at least one group);
 *   <li>otherwise the {@linkplain #localFile local JSON file} in the MSF format ({@code
 *       [{"PropertyGroupId": "...", "PropertyMap": {"key": "value"}}]});
 *   <li>command-line overrides {@code --<group>.<key>=<value>} or {@code --<group>.<key> <value>}.
 * </ol>
 *
 * <p>{@link #load} fails with one {@link ApplicationPropertiesException} listing every problem: a
 * missing or unreadable file, a missing group, a missing key, a value of the wrong type or failing
 * its check, a malformed argument.
 */
@PublicEvolving
public final class ApplicationPropertiesLoader {

    // Immutable: every setter returns a new loader and leaves this one unchanged.

    private boolean useRuntime = true;
    private Path localFile;
    private String[] args = new String[0];

    ApplicationPropertiesLoader() {}

    private ApplicationPropertiesLoader copy() {
        ApplicationPropertiesLoader b = new ApplicationPropertiesLoader();
        b.useRuntime = useRuntime;
        b.localFile = localFile;
        b.args = args;
        return b;
    }

    /**
     * Whether to ask the MSF runtime first (default true). Tests and local runs may disable it.
     *
     * @param useRuntime false to never read the MSF runtime's properties
     * @return a new loader with this setting; this one is unchanged
     */
    public ApplicationPropertiesLoader useMsfRuntime(boolean useRuntime) {
        ApplicationPropertiesLoader b = copy();
        b.useRuntime = useRuntime;
        return b;
    }

    /**
     * The JSON file used when not running on MSF; it must exist in that case.
     *
     * @param file a file in the MSF property groups format
     * @return a new loader with this file; this one is unchanged
     */
    public ApplicationPropertiesLoader localFile(Path file) {
        ApplicationPropertiesLoader b = copy();
        b.localFile = Preconditions.checkNotNull(file, "localFile must not be null");
        return b;
    }

    /**
     * Command-line arguments carrying {@code --<group>.<key>=<value>} overrides.
     *
     * @param args the job's {@code main} arguments (copied)
     * @return a new loader with these overrides; this one is unchanged
     */
    public ApplicationPropertiesLoader args(String... args) {
        ApplicationPropertiesLoader b = copy();
        b.args = Preconditions.checkNotNull(args, "args must not be null").clone();
        return b;
    }

    /**
     * Reads the sources and binds every spec; throws {@link ApplicationPropertiesException} listing
     * all problems if any.
     *
     * @param specs the properties the job reads, each declared once
     * @return the bound properties
     * @throws ApplicationPropertiesException listing every problem found
     */
    public ApplicationProperties load(PropertySpec<?>... specs) {
        Preconditions.checkNotNull(specs, "specs must not be null");
        Set<String> names = new LinkedHashSet<>();
        for (PropertySpec<?> spec : specs) {
            Preconditions.checkNotNull(spec, "specs must not contain null");
            Preconditions.checkArgument(
                    names.add(spec.name()), "property '%s' is declared twice", spec.name());
        }

        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> groups = new TreeMap<>();

        Map<String, Map<String, String>> runtimeGroups = null;
        if (useRuntime) {
            try {
                runtimeGroups = MsfRuntimeProperties.read(problems);
            } catch (LinkageError e) {
                // the MSF runtime library is not on the classpath: not running on MSF
            }
        }
        if (runtimeGroups != null && !runtimeGroups.isEmpty()) {
            groups.putAll(runtimeGroups);
        } else if (localFile == null) {
            // On a self-managed cluster (`flink run job.jar --Group.key=value ...`) the arguments
            // are the only source.
            if (args.length == 0) {
                problems.add(
                        useRuntime
                                ? "no application properties: not running on MSF, no local file"
                                        + " is configured and no --<group>.<key>=<value> arguments"
                                : "no application properties: no local file is configured and no"
                                        + " --<group>.<key>=<value> arguments");
            }
        } else if (!Files.isRegularFile(localFile)) {
            problems.add(
                    String.format("application properties file '%s' does not exist", localFile));
        } else {
            groups.putAll(PropertyGroupsFile.read(localFile, problems));
        }

        applyArgs(groups, problems);

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, List<String>> missingGroups = new LinkedHashMap<>();
        List<String> bindingProblems = new ArrayList<>();
        for (PropertySpec<?> spec : specs) {
            Map<String, String> group = groups.get(spec.group());
            String raw = group == null ? null : group.get(spec.key());
            if (raw == null) {
                if (spec.hasDefault()) {
                    values.put(spec.name(), spec.defaultValue());
                } else if (group == null) {
                    missingGroups
                            .computeIfAbsent(spec.group(), g -> new ArrayList<>())
                            .add(spec.key());
                } else {
                    bindingProblems.add(String.format("property '%s' is missing", spec.name()));
                }
                continue;
            }
            String[] problem = new String[1];
            Object value = spec.parse(raw, problem);
            if (problem[0] != null) {
                bindingProblems.add(problem[0]);
            } else {
                values.put(spec.name(), value);
            }
        }
        for (Map.Entry<String, List<String>> e : missingGroups.entrySet()) {
            problems.add(
                    String.format(
                            "property group '%s' is missing (required keys: %s)",
                            e.getKey(), String.join(", ", e.getValue())));
        }
        problems.addAll(bindingProblems);
        if (!problems.isEmpty()) {
            throw new ApplicationPropertiesException(problems);
        }
        return new ApplicationProperties(values, groups);
    }

    private void applyArgs(Map<String, Map<String, String>> groups, List<String> problems) {
        List<String> list = Arrays.asList(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--")) {
                problems.add(
                        String.format(
                                "argument '%s' is not of the form --<group>.<key>=<value>", arg));
                continue;
            }
            String body = arg.substring(2);
            String name;
            String value;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            } else if (i + 1 < list.size() && !list.get(i + 1).startsWith("--")) {
                name = body;
                value = list.get(++i);
            } else {
                problems.add(String.format("argument '%s' has no value", arg));
                continue;
            }
            int dot = name.indexOf('.');
            if (dot <= 0 || dot == name.length() - 1) {
                problems.add(
                        String.format(
                                "argument '%s' is not of the form --<group>.<key>=<value>", arg));
                continue;
            }
            groups.computeIfAbsent(name.substring(0, dot), g -> new TreeMap<>())
                    .put(name.substring(dot + 1), value);
        }
    }
}
