package dev.streamkit.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.PreflightException;
import java.util.List;

/** Runs a preflight that must fail and returns its problems, checking the exception's message. */
public final class PreflightProblems {

    private PreflightProblems() {}

    /**
     * The problems of {@code preflight} run through {@code connection}; fails if there are none.
     */
    public static List<String> of(Preflight preflight, AwsConnection connection) {
        PreflightException e =
                catchThrowableOfType(() -> preflight.check(connection), PreflightException.class);
        assertThat(e).as("preflight must fail").isNotNull();
        assertThat(e.getMessage())
                .startsWith("Preflight failed (" + e.problems().size() + " problem");
        for (String problem : e.problems()) {
            assertThat(e.getMessage()).contains("\n  - " + problem);
        }
        return e.problems();
    }
}
