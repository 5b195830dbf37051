package dev.streamkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Properties;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class AwsConnectionTest {

    @Test
    void basicCredentialsAndEndpointBecomeConnectorProperties() {
        Properties p =
                AwsConnection.builder()
                        .region("us-east-1")
                        .endpoint(URI.create("http://localhost:4568"))
                        .basicCredentials("id", "secret")
                        .build()
                        .toConnectorProperties();
        Properties expected = new Properties();
        expected.setProperty("aws.region", "us-east-1");
        expected.setProperty("aws.endpoint", "http://localhost:4568");
        expected.setProperty("aws.credentials.provider", "BASIC");
        expected.setProperty("aws.credentials.provider.basic.accesskeyid", "id");
        expected.setProperty("aws.credentials.provider.basic.secretkey", "secret");
        assertThat(p).isEqualTo(expected);
    }

    @Test
    void defaultChainAndProfile() {
        Properties auto = AwsConnection.region("eu-west-1").toConnectorProperties();
        assertThat(auto.getProperty("aws.credentials.provider")).isEqualTo("AUTO");
        assertThat(auto.getProperty("aws.endpoint")).isNull();
        Properties profile =
                AwsConnection.builder()
                        .region("eu-west-1")
                        .profileCredentials("dev")
                        .build()
                        .toConnectorProperties();
        assertThat(profile.getProperty("aws.credentials.provider")).isEqualTo("PROFILE");
        assertThat(profile.getProperty("aws.credentials.provider.profile.name")).isEqualTo("dev");
    }

    @Test
    void invalidSettingsNameTheParameter() {
        assertThatThrownBy(() -> AwsConnection.builder().build())
                .hasMessage("region must be set (e.g. us-east-1)");
        assertThatThrownBy(
                        () ->
                                AwsConnection.builder()
                                        .region("us-east-1")
                                        .endpoint(URI.create("ftp://x"))
                                        .build())
                .hasMessage("endpoint must be an http or https URI, got 'ftp://x'");
        assertThatThrownBy(
                        () ->
                                AwsConnection.builder()
                                        .region("us-east-1")
                                        .basicCredentials("", "s")
                                        .build())
                .hasMessage("basicCredentials accessKeyId must be non-empty");
    }

    @Test
    void serializableAndNeverPrintsSecrets() throws Exception {
        AwsConnection c =
                AwsConnection.builder()
                        .region("us-east-1")
                        .basicCredentials("id", "top-secret")
                        .build();
        assertThat(c.toString()).doesNotContain("top-secret").doesNotContain("id,");
        AwsConnection copy =
                InstantiationUtil.deserializeObject(
                        InstantiationUtil.serializeObject(c), getClass().getClassLoader());
        assertThat(copy).isEqualTo(c);
    }
}
