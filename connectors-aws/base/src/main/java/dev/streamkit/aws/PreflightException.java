package dev.streamkit.aws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Every problem {@link Preflight#check} found, one line each, naming property and resource.
 *
 * @serial exclude
 */
@PublicEvolving
public class PreflightException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * One exception for all of {@code problems}, listed one per line in the message.
     *
     * @param problems the problems, each naming property and resource (copied)
     */
    public PreflightException(List<String> problems) {
        super(message(problems));
        this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /**
     * The problems found.
     *
     * @return one entry per problem, in the order the resources were declared (unmodifiable)
     */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder sb =
                new StringBuilder("Preflight failed (")
                        .append(problems.size())
                        .append(problems.size() == 1 ? " problem):" : " problems):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
