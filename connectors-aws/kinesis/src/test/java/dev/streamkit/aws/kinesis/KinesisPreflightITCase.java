package dev.streamkit.aws.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.PreflightProblems;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kinesis preflight checks against kinesis-local: each mistake is named with property and stream.
 */
class KinesisPreflightITCase {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static KinesisLocal kinesis;

    @BeforeAll
    static void start() throws Exception {
        kinesis = LocalServices.kinesis();
    }

    private static List<String> problems(Preflight p) {
        return PreflightProblems.of(p, kinesis.connection());
    }

    private static String kinesisResource(String arn) {
        return "Kinesis stream " + arn + " (region us-east-1, endpoint " + kinesis.endpoint() + ")";
    }

    @Test
    void passesForAnExistingStream() {
        Preflight.of(KinesisPreflight.stream("Input.stream.arn", KinesisLocal.arn("preflight")))
                .check(kinesis.connection());
    }

    @Test
    void aMissingStreamIsNamed() {
        String arn = KinesisLocal.arn("preflight-missing");
        assertThat(
                        problems(
                                Preflight.checks()
                                        .and(KinesisPreflight.stream("Input.stream.arn", arn))))
                .singleElement()
                .asString()
                .startsWith(
                        "property 'Input.stream.arn': "
                                + kinesisResource(arn)
                                + ": does not exist (ResourceNotFoundException");
    }

    @Test
    void aMalformedArnIsNamed() {
        assertThat(problems(Preflight.of(KinesisPreflight.stream("Input.stream.arn", "orders"))))
                .containsExactly(
                        "property 'Input.stream.arn': "
                                + kinesisResource("orders")
                                + ": not a stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)");
    }
}
