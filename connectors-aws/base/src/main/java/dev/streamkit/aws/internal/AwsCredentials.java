package dev.streamkit.aws.internal;

import dev.streamkit.aws.AwsConnection;
import org.apache.flink.annotation.Internal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** SDK v2 credential providers for an {@link AwsConnection}. */
@Internal
public final class AwsCredentials {

    private AwsCredentials() {}

    /** The SDK credentials provider for {@code connection}'s credentials settings. */
    public static AwsCredentialsProvider provider(AwsConnection connection) {
        switch (connection.credentialsType()) {
            case BASIC:
                return StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                                connection.accessKeyId(), connection.secretKey()));
            case PROFILE:
                return ProfileCredentialsProvider.create(connection.profileName());
            default:
                return DefaultCredentialsProvider.builder().build();
        }
    }
}
