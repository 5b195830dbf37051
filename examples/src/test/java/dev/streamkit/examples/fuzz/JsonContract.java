package dev.streamkit.examples.fuzz;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fuzz tests' own statement of a job's input contract, written from the README's data contract
 * and independent of the job's code: the fields with their JSON types, which hold ids (whose
 * mutations must never yield another valid id), and the first rule a set of decoded values breaks.
 */
public abstract class JsonContract implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a field decodes: Java {@code String}, primitive {@code long}, boxed {@code Double}. */
    public enum Kind {
        STRING,
        LONG,
        DOUBLE
    }

    private final Map<String, Kind> fields = new LinkedHashMap<>();
    private final Map<String, Boolean> ids = new LinkedHashMap<>();

    protected final void field(String name, Kind kind) {
        fields.put(name, kind);
        ids.put(name, false);
    }

    protected final void id(String name) {
        fields.put(name, Kind.STRING);
        ids.put(name, true);
    }

    public Map<String, Kind> fields() {
        return fields;
    }

    public boolean isId(String field) {
        return ids.getOrDefault(field, false);
    }

    /** The id of a valid record (what dedup keys on), e.g. {@code eventId}. */
    public abstract String idField();

    /**
     * The field that names the first rule {@code values} break (the start of the requirement's name
     * in the dead letter's reason), or null if the record is valid. Values are as Jackson decodes
     * them: a missing {@code long} is 0, a missing string or {@code Double} is null.
     */
    public abstract String violated(Map<String, Object> values);

    protected static boolean isId(Object value) {
        return value instanceof String
                && !((String) value).trim().isEmpty()
                && ((String) value).length() <= 256;
    }

    protected static boolean plausibleTime(Object value) {
        long t = (Long) value;
        // [2000-01-01, 2100-01-01) UTC
        return t >= 946_684_800_000L && t < 4_102_444_800_000L;
    }
}
