package dev.streamkit.aws;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;

/**
 * Where and as whom a connector talks to AWS: region, optional endpoint override (local services,
 * VPC endpoints) and credentials. Immutable and {@link Serializable}; every builder of this module
 * takes one.
 *
 * <pre>{@code
 * AwsConnection prod = AwsConnection.region("eu-west-1");            // default credential chain
 * AwsConnection local =
 *         AwsConnection.builder()
 *                 .region("us-east-1")
 *                 .endpoint(URI.create("http://localhost:4568"))
 *                 .basicCredentials("local", "local")
 *                 .build();
 * }</pre>
 *
 * <p>Defaults: no endpoint override, the AWS default credential provider chain (environment, system
 * properties, web identity, profile, container and instance roles).
 *
 * @serial exclude
 */
@PublicEvolving
public final class AwsConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How credentials are obtained. */
    @PublicEvolving
    public enum CredentialsType {
        /** The SDK default chain (on MSF: the application's IAM role). */
        DEFAULT_CHAIN,
        /** A fixed access key id and secret key. */
        BASIC,
        /** A named profile from the shared credentials/config files. */
        PROFILE
    }

    private final String region;
    private final URI endpoint;
    private final CredentialsType credentialsType;
    private final String accessKeyId;
    private final String secretKey;
    private final String profileName;

    private AwsConnection(Builder b) {
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.credentialsType = b.credentialsType;
        this.accessKeyId = b.accessKeyId;
        this.secretKey = b.secretKey;
        this.profileName = b.profileName;
    }

    /**
     * A connection to {@code region} with the default credential chain and no override.
     *
     * @param region the AWS region, e.g. {@code eu-west-1}
     * @return the validated connection
     */
    public static AwsConnection region(String region) {
        return builder().region(region).build();
    }

    /**
     * A builder: region required, endpoint and credentials optional.
     *
     * @return an empty builder with the default credential chain
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The AWS region.
     *
     * @return the region name, e.g. {@code eu-west-1}
     */
    public String region() {
        return region;
    }

    /**
     * The endpoint override (local services, VPC endpoints), if any.
     *
     * @return the override, or empty for the service's default endpoint
     */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * Where credentials come from (default: the SDK default chain).
     *
     * @return the credentials source
     */
    public CredentialsType credentialsType() {
        return credentialsType;
    }

    /**
     * The access key id of {@link CredentialsType#BASIC} credentials.
     *
     * @return the access key id, or null for other credential types
     */
    public String accessKeyId() {
        return accessKeyId;
    }

    /**
     * The secret key of {@link CredentialsType#BASIC} credentials.
     *
     * @return the secret key, or null for other credential types
     */
    public String secretKey() {
        return secretKey;
    }

    /**
     * The profile of {@link CredentialsType#PROFILE} credentials.
     *
     * @return the profile name, or null for other credential types
     */
    public String profileName() {
        return profileName;
    }

    /**
     * The connection as Flink AWS connector properties ({@code aws.region}, {@code aws.endpoint},
     * {@code aws.credentials.provider*}), understood by the Kinesis, DynamoDB and Firehose
     * connectors.
     *
     * @return a new properties object; changing it does not change this connection
     */
    public Properties toConnectorProperties() {
        Properties p = new Properties();
        p.setProperty("aws.region", region);
        if (endpoint != null) {
            p.setProperty("aws.endpoint", endpoint.toString());
        }
        switch (credentialsType) {
            case BASIC:
                p.setProperty("aws.credentials.provider", "BASIC");
                p.setProperty("aws.credentials.provider.basic.accesskeyid", accessKeyId);
                p.setProperty("aws.credentials.provider.basic.secretkey", secretKey);
                break;
            case PROFILE:
                p.setProperty("aws.credentials.provider", "PROFILE");
                p.setProperty("aws.credentials.provider.profile.name", profileName);
                break;
            default:
                p.setProperty("aws.credentials.provider", "AUTO");
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AwsConnection)) {
            return false;
        }
        AwsConnection that = (AwsConnection) o;
        return region.equals(that.region)
                && Objects.equals(endpoint, that.endpoint)
                && credentialsType == that.credentialsType
                && Objects.equals(accessKeyId, that.accessKeyId)
                && Objects.equals(secretKey, that.secretKey)
                && Objects.equals(profileName, that.profileName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpoint, credentialsType, accessKeyId, profileName);
    }

    @Override
    public String toString() {
        // never print secrets
        return "AwsConnection{region="
                + region
                + ", endpoint="
                + endpoint
                + ", credentials="
                + credentialsType
                + "}";
    }

    /** Builder of {@link AwsConnection}; {@link #build()} validates. */
    @PublicEvolving
    public static final class Builder implements Cloneable {
        private String region;
        private URI endpoint;
        private CredentialsType credentialsType = CredentialsType.DEFAULT_CHAIN;
        private String accessKeyId;
        private String secretKey;
        private String profileName;

        private Builder() {}

        /**
         * Sets the AWS region (required).
         *
         * @param region the region name, e.g. {@code us-east-1}
         * @return a new builder with the region set; this one is unchanged
         */
        public Builder region(String region) {
            Builder b = copy();
            b.region = region;
            return b;
        }

        /**
         * Overrides the service endpoint.
         *
         * @param endpoint an http or https URI, e.g. {@code http://localhost:4568} for a local
         *     service; null for the service's default endpoint
         * @return a new builder with the endpoint set; this one is unchanged
         */
        public Builder endpoint(URI endpoint) {
            Builder b = copy();
            b.endpoint = endpoint;
            return b;
        }

        /**
         * Credentials from the SDK default chain (on MSF: the application's IAM role); the default.
         *
         * @return a new builder using the default chain; this one is unchanged
         */
        public Builder defaultCredentials() {
            Builder b = copy();
            b.credentialsType = CredentialsType.DEFAULT_CHAIN;
            b.accessKeyId = null;
            b.secretKey = null;
            b.profileName = null;
            return b;
        }

        /**
         * Static credentials (local services, tests); never printed by {@code toString()}.
         *
         * @param accessKeyId the access key id (non-empty)
         * @param secretKey the secret access key (non-empty)
         * @return a new builder using these credentials; this one is unchanged
         */
        public Builder basicCredentials(String accessKeyId, String secretKey) {
            Builder b = copy();
            b.credentialsType = CredentialsType.BASIC;
            b.accessKeyId = accessKeyId;
            b.secretKey = secretKey;
            b.profileName = null;
            return b;
        }

        /**
         * Credentials of a named profile of the local AWS configuration (local runs).
         *
         * @param profileName the profile in the shared credentials/config files (non-empty)
         * @return a new builder using this profile; this one is unchanged
         */
        public Builder profileCredentials(String profileName) {
            Builder b = copy();
            b.credentialsType = CredentialsType.PROFILE;
            b.profileName = profileName;
            b.accessKeyId = null;
            b.secretKey = null;
            return b;
        }

        /**
         * Validates (region set, credentials complete) and builds the immutable connection.
         *
         * @return the connection
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public AwsConnection build() {
            Preconditions.checkArgument(
                    region != null && !region.trim().isEmpty(),
                    "region must be set (e.g. us-east-1)");
            if (endpoint != null) {
                Preconditions.checkArgument(
                        "http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()),
                        "endpoint must be an http or https URI, got '%s'",
                        endpoint);
                Preconditions.checkArgument(
                        endpoint.getHost() != null, "endpoint '%s' has no host", endpoint);
            }
            if (credentialsType == CredentialsType.BASIC) {
                Preconditions.checkArgument(
                        accessKeyId != null && !accessKeyId.isEmpty(),
                        "basicCredentials accessKeyId must be non-empty");
                Preconditions.checkArgument(
                        secretKey != null && !secretKey.isEmpty(),
                        "basicCredentials secretKey must be non-empty");
            }
            if (credentialsType == CredentialsType.PROFILE) {
                Preconditions.checkArgument(
                        profileName != null && !profileName.isEmpty(),
                        "profileCredentials profileName must be non-empty");
            }
            return new AwsConnection(this);
        }

        /** A copy for the next setter: setters never change the builder they are called on. */
        @SuppressWarnings("unchecked")
        private Builder copy() {
            try {
                Builder b = (Builder) clone();
                return b;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
