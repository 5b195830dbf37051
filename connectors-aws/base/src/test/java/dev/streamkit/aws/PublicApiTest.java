package dev.streamkit.aws;

import dev.streamkit.aws.testing.AwsApiRules;
import dev.streamkit.common.testing.PublicApiContract;

/**
 * streamkit-connectors-aws-base's public surface under the shared rules (see {@link
 * PublicApiContract}) with the AWS SDK allowance of {@link AwsApiRules}.
 */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super(AwsApiRules.RULES, "dev.streamkit.aws");
    }

    @Override
    protected String[] someApiTypes() {
        return new String[] {
            "AwsConnection",
            "Builder",
            "CredentialsType",
            "Preflight",
            "PreflightCheck",
            "PreflightException",
            "AwsResourceException",
            "ApplicationProperties",
            "ApplicationPropertiesLoader",
            "ApplicationPropertiesException",
            "PropertySpec",
            "Check"
        };
    }

    @Override
    protected Class<?> someInternalType() {
        return dev.streamkit.aws.internal.Sha256.class;
    }
}
