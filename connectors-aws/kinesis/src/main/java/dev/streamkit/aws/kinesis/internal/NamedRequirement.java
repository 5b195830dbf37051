package dev.streamkit.aws.kinesis.internal;

import dev.streamkit.aws.kinesis.Requirement;
import java.io.Serializable;
import org.apache.flink.annotation.Internal;

/** A {@link Requirement} with the name that dead letters give as the reason. */
@Internal
public final class NamedRequirement<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Requirement<T> predicate;

    /** {@code predicate}, reported as {@code name} in dead letters. */
    public NamedRequirement(String name, Requirement<T> predicate) {
        this.name = name;
        this.predicate = predicate;
    }

    /** The name reported in dead letters. */
    public String name() {
        return name;
    }

    /**
     * Null if {@code record} meets the requirement, otherwise the reason it does not (including the
     * exception if the predicate threw one).
     */
    public String violation(T record) {
        try {
            if (predicate.test(record)) {
                return null;
            }
            return "requirement '" + name + "' not met";
        } catch (Exception | AssertionError e) {
            // a throwing predicate is the record's problem (e.g. a null field), not the job's
            return "requirement '"
                    + name
                    + "' threw "
                    + e.getClass().getName()
                    + ": "
                    + shorten(String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static String shorten(String message) {
        // a reason is one line in a dead letter, not a dump of the record
        return message.length() <= 1000 ? message : message.substring(0, 1000) + "...";
    }
}
