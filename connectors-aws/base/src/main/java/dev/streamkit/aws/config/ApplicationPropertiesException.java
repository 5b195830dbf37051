package dev.streamkit.aws.config;

import java.util.Collections;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Thrown at job start-up when the application properties cannot be bound; the message lists every
 * problem, one per line, so a misconfigured job is fixed in one round trip.
 *
 * @serial exclude
 */
@PublicEvolving
public final class ApplicationPropertiesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ApplicationPropertiesException(List<String> problems) {
        super(format(problems));
        this.problems = Collections.unmodifiableList(problems);
    }

    /**
     * The individual problems.
     *
     * @return the problems, in the order they appear in the message (unmodifiable)
     */
    public List<String> problems() {
        return problems;
    }

    static String format(List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append("Invalid application properties (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
