package dev.streamkit.aws.internal;

import dev.streamkit.aws.AwsConnection;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.util.Preconditions;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * What the service modules' preflight checks share: an SDK client configured from an {@link
 * AwsConnection} with short timeouts and one retry (a check must answer within seconds), and the
 * wording of a failed call.
 */
@Internal
public final class AwsClients {

    /** Connect and socket timeout of every preflight request. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private AwsClients() {}

    /** Fails naming the property when a check is declared without one. */
    public static String requireProperty(String property) {
        Preconditions.checkArgument(
                property != null && !property.isEmpty(),
                "property must name the setting the resource comes from, got '%s'",
                property);
        return property;
    }

    /** Region, credentials, endpoint override, timeouts and one retry of a preflight client. */
    public static <B extends AwsClientBuilder<B, ?>> B forPreflight(
            B builder, AwsConnection connection) {
        builder.region(Region.of(connection.region()))
                .credentialsProvider(AwsCredentials.provider(connection))
                .overrideConfiguration(
                        ClientOverrideConfiguration.builder()
                                .apiCallTimeout(TIMEOUT.multipliedBy(2))
                                .retryPolicy(RetryPolicy.builder().numRetries(1).build())
                                .build());
        connection.endpoint().ifPresent(builder::endpointOverride);
        if (builder instanceof AwsSyncClientBuilder) {
            ((AwsSyncClientBuilder<?, ?>) builder)
                    .httpClientBuilder(
                            ApacheHttpClient.builder()
                                    .connectionTimeout(TIMEOUT)
                                    .socketTimeout(TIMEOUT));
        }
        return builder;
    }

    /**
     * A failed call, worded for a preflight problem ("does not exist (...)", "access denied ...").
     */
    public static String failure(RuntimeException e) {
        String problem = NonRecoverable.problem(e);
        String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        if ("not found".equals(problem)) {
            return "does not exist (" + detail + ")";
        }
        if (problem != null) {
            return problem + " (" + detail + ")";
        }
        return "cannot be checked (" + detail + ")";
    }
}
