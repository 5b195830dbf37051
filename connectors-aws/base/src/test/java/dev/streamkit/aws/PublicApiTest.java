package dev.streamkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.streamkit.aws.testing.AwsApiRules;
import dev.streamkit.common.testing.PublicApiRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public surface of streamkit-connectors-aws-base under the connector modules' {@link
 * AwsApiRules}: the core rules plus the AWS SDK v2.
 */
class PublicApiTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = PublicApiRules.importMainClasses("dev.streamkit.aws");
    }

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        AwsApiRules.RULES.checkSignatures(classes);
    }

    @Test
    void everyPublicTopLevelTypeHasAStabilityAnnotation() {
        AwsApiRules.RULES.checkStabilityAnnotations(classes);
    }

    @Test
    void publicTypesCarryNoInternalMembers() {
        AwsApiRules.RULES.checkNoInternalMembers(classes);
    }

    @Test
    void theRulesSeeThePublicTypes() {
        // guards against a vacuous pass (an import that finds nothing, a rule that allows all)
        assertThat(PublicApiRules.apiTypeNames(classes))
                .contains(
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
                        "Check")
                .doesNotContain("Sha256", "AwsApiRules");
        assertThat(AwsApiRules.RULES.allowed(classes.get(dev.streamkit.aws.internal.Sha256.class)))
                .isFalse();
        assertThat(
                        AwsApiRules.RULES.allowed(
                                new ClassFileImporter().importClass(org.slf4j.Logger.class)))
                .isFalse();
    }
}
