package dev.streamkit.aws.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * Reads a JSON file in MSF's property-group format: {@code [{"PropertyGroupId": "g", "PropertyMap":
 * {"k": "v"}}]}. Scalar values other than strings are taken as their JSON text.
 */
@Internal
public final class PropertyGroupsFile {

    private PropertyGroupsFile() {}

    /**
     * The groups of an MSF-format properties file; each problem is added to {@code problems}
     * (nothing thrown).
     */
    public static Map<String, Map<String, String>> read(Path file, List<String> problems) {
        Map<String, Map<String, String>> groups = new TreeMap<>();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            problems.add(
                    String.format(
                            "application properties file '%s' is not valid JSON: %s",
                            file, messageOf(e)));
            return groups;
        }
        if (root == null || !root.isArray()) {
            problems.add(
                    String.format(
                            "application properties file '%s' must contain a JSON array of"
                                    + " {\"PropertyGroupId\", \"PropertyMap\"} objects",
                            file));
            return groups;
        }
        int index = 0;
        for (JsonNode entry : root) {
            JsonNode id = entry.get("PropertyGroupId");
            JsonNode map = entry.get("PropertyMap");
            if (id == null || !id.isTextual() || map == null || !map.isObject()) {
                problems.add(
                        String.format(
                                "application properties file '%s': entry %d needs a string"
                                        + " \"PropertyGroupId\" and an object \"PropertyMap\"",
                                file, index));
            } else {
                Map<String, String> g = groups.computeIfAbsent(id.asText(), k -> new TreeMap<>());
                Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    JsonNode v = f.getValue();
                    if (v.isValueNode() && !v.isNull()) {
                        g.put(f.getKey(), v.asText());
                    } else {
                        problems.add(
                                String.format(
                                        "application properties file '%s': property '%s.%s'"
                                                + " must be a string",
                                        file, id.asText(), f.getKey()));
                    }
                }
            }
            index++;
        }
        return groups;
    }

    private static String messageOf(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage();
        }
        return e.getMessage();
    }
}
