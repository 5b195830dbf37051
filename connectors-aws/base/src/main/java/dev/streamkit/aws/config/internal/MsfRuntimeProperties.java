package dev.streamkit.aws.config.internal;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * Reads property groups through MSF's runtime library, which is present on MSF only (it is a
 * provided dependency).
 */
@Internal
public final class MsfRuntimeProperties {

    private MsfRuntimeProperties() {}

    /**
     * The runtime's groups; empty when not on MSF (library absent, or it returns no group because
     * its file does not exist).
     */
    public static Map<String, Map<String, String>> read(List<String> problems) {
        Map<String, Map<String, String>> groups = new TreeMap<>();
        Map<String, Properties> runtime;
        try {
            runtime = KinesisAnalyticsRuntime.getApplicationProperties();
        } catch (NoClassDefFoundError e) {
            return groups;
        } catch (IOException | RuntimeException e) {
            problems.add(String.format("the MSF runtime could not read the properties: %s", e));
            return groups;
        }
        if (runtime == null) {
            return groups;
        }
        for (Map.Entry<String, Properties> e : runtime.entrySet()) {
            Map<String, String> g = new TreeMap<>();
            for (String name : e.getValue().stringPropertyNames()) {
                g.put(name, e.getValue().getProperty(name));
            }
            groups.put(e.getKey(), g);
        }
        return groups;
    }
}
