package dev.streamkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Preflight itself, with hand-written checks: the service checks are tested in their modules. */
class PreflightTest {

    private static final AwsConnection AWS = AwsConnection.region("eu-west-1");

    /** A check that answers a fixed problem and records the connection it was given. */
    private static final class FixedCheck implements PreflightCheck {
        final String property;
        final String problem;
        final List<AwsConnection> seen = new ArrayList<>();

        FixedCheck(String property, String problem) {
            this.property = property;
            this.problem = problem;
        }

        @Override
        public String property() {
            return property;
        }

        @Override
        public String problem(AwsConnection connection) {
            seen.add(connection);
            return problem;
        }
    }

    @Test
    void passesWhenNoCheckFindsAProblem() {
        FixedCheck a = new FixedCheck("A.x", null);
        FixedCheck b = new FixedCheck("B.y", null);
        Preflight.of(a, b).check(AWS);
        assertThat(a.seen).containsExactly(AWS);
        assertThat(b.seen).containsExactly(AWS);
    }

    @Test
    void everyProblemIsListedInDeclarationOrderPrefixedWithItsProperty() {
        Preflight p =
                Preflight.of(
                        new FixedCheck("Input.stream.arn", "stream missing"),
                        new FixedCheck("Ok.one", null),
                        new FixedCheck("Output.table", "table missing"));
        assertThat(p.problems(AWS))
                .containsExactly(
                        "property 'Input.stream.arn': stream missing",
                        "property 'Output.table': table missing");
        assertThatThrownBy(() -> p.check(AWS))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "Preflight failed (2 problems):\n"
                                + "  - property 'Input.stream.arn': stream missing\n"
                                + "  - property 'Output.table': table missing");
    }

    @Test
    void aCheckThatThrowsIsAProblemNotAnException() {
        PreflightCheck throwing =
                new PreflightCheck() {
                    @Override
                    public String property() {
                        return "Output.endpoint";
                    }

                    @Override
                    public String problem(AwsConnection connection) {
                        throw new IllegalStateException("boom");
                    }
                };
        assertThat(Preflight.of(throwing, new FixedCheck("Next.one", "also wrong")).problems(AWS))
                .containsExactly(
                        "property 'Output.endpoint': cannot be checked (IllegalStateException:"
                                + " boom)",
                        "property 'Next.one': also wrong");
    }

    @Test
    void andReturnsANewPreflightAndLeavesTheReceiverUnchanged() {
        Preflight empty = Preflight.checks();
        Preflight one = empty.and(new FixedCheck("A.x", "wrong"));
        Preflight two = one.and(new FixedCheck("B.y", "wrong"));
        assertThat(empty.checkList()).isEmpty();
        assertThat(one.checkList()).extracting(PreflightCheck::property).containsExactly("A.x");
        assertThat(two.checkList())
                .extracting(PreflightCheck::property)
                .containsExactly("A.x", "B.y");
        empty.check(AWS); // nothing declared, nothing wrong
    }

    @Test
    void aCheckWithoutPropertyOrConnectionIsRejectedNamingTheParameter() {
        assertThatThrownBy(() -> Preflight.of(new FixedCheck("", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("property");
        assertThatThrownBy(() -> Preflight.of((PreflightCheck) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be null");
        assertThatThrownBy(() -> Preflight.checks().check(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connection");
    }
}
