package dev.streamkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.internal.NonRecoverable;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Which errors fail the job without restarts, and which are left to Flink's restarts. */
class NonRecoverableTest {

    private static AwsServiceException serviceError(String code) {
        return AwsServiceException.builder()
                .message("denied by policy")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }

    @Test
    void missingResourcesAndDeniedAccessAreNotRecoverable() {
        Exception notFound =
                new RuntimeException(
                        "sink failed",
                        new CompletionException(
                                ResourceNotFoundException.builder()
                                        .message("Requested resource not found")
                                        .build()));
        assertThat(NonRecoverable.problem(notFound)).isEqualTo("not found");
        assertThat(NonRecoverable.problem(serviceError("AccessDeniedException")))
                .isEqualTo("access denied");
        assertThat(NonRecoverable.problem(serviceError("UnrecognizedClientException")))
                .isEqualTo("access denied");

        Exception translated = NonRecoverable.translate(notFound, "DynamoDB table t (region r)");
        assertThat(translated).isInstanceOf(SuppressRestartsException.class);
        assertThat(translated.getCause())
                .isInstanceOf(AwsResourceException.class)
                .hasMessageStartingWith("DynamoDB table t (region r): not found")
                .hasMessageContaining("ResourceNotFoundException: Requested resource not found");
    }

    @Test
    void throttlingAndIoErrorsAreLeftToRestarts() {
        Exception throttled = serviceError("ProvisionedThroughputExceededException");
        assertThat(NonRecoverable.problem(throttled)).isNull();
        assertThat(NonRecoverable.translate(throttled, "x")).isSameAs(throttled);
        IOException io = new IOException("connection reset");
        assertThat(NonRecoverable.translate(io, "x")).isSameAs(io);
    }
}
