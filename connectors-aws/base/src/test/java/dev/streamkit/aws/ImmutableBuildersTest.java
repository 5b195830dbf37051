package dev.streamkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.ApplicationPropertiesException;
import dev.streamkit.aws.config.ApplicationPropertiesLoader;
import dev.streamkit.aws.config.PropertySpec;
import java.net.URI;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Every builder of the base module is immutable: a setter returns a new builder and leaves the one
 * it is called on unchanged, so a call without reassigning never half-works and a builder can be
 * shared and branched.
 */
class ImmutableBuildersTest {

    @Test
    void awsConnectionBuilderSettersLeaveTheReceiverUnchanged() {
        AwsConnection.Builder shared = AwsConnection.builder().region("eu-west-1");
        shared.endpoint(URI.create("http://localhost:4566"));
        shared.basicCredentials("id", "secret");
        AwsConnection plain = shared.build();
        assertThat(plain.endpoint()).isEmpty();
        assertThat(plain.credentialsType()).isEqualTo(AwsConnection.CredentialsType.DEFAULT_CHAIN);

        AwsConnection local =
                shared.endpoint(URI.create("http://localhost:4566"))
                        .basicCredentials("id", "secret")
                        .build();
        assertThat(local.endpoint()).contains(URI.create("http://localhost:4566"));
        assertThat(local.credentialsType()).isEqualTo(AwsConnection.CredentialsType.BASIC);
        assertThat(shared.build()).isEqualTo(plain);
    }

    @Test
    void applicationPropertiesLoaderSettersLeaveTheReceiverUnchanged() {
        PropertySpec<Integer> parallelism = PropertySpec.integer("App", "parallelism");
        ApplicationPropertiesLoader shared = ApplicationProperties.loader().useMsfRuntime(false);
        shared.args("--App.parallelism=4");
        Assertions.assertThatThrownBy(() -> shared.load(parallelism))
                .isInstanceOf(ApplicationPropertiesException.class)
                .hasMessageContaining("property group 'App' is missing");
        assertThat(shared.args("--App.parallelism=4").load(parallelism).get(parallelism))
                .isEqualTo(4);
    }
}
