package dev.streamkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.streamkit.aws.testing.PublicApiRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public surface of streamkit-connectors-aws-base: no public or protected signature of a public
 * type outside {@code .internal} mentions a {@code .internal} type or a third-party type other than
 * Flink's (including its AWS and OpenSearch connectors), Java's, {@code javax.annotation} and the
 * AWS SDK v2's ({@code software.amazon.awssdk}: values a user must pass in or receive, such as
 * {@code AttributeValue}, regions and credentials providers; see {@link PublicApiRules#allowed});
 * and every public top-level type carries a Flink stability annotation.
 */
class PublicApiTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = PublicApiRules.importMainClasses("dev.streamkit.aws");
    }

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        PublicApiRules.checkSignatures(classes);
    }

    @Test
    void everyPublicTopLevelTypeHasAStabilityAnnotation() {
        PublicApiRules.checkStabilityAnnotations(classes);
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
                .doesNotContain("Sha256", "PublicApiRules");
        assertThat(PublicApiRules.allowed(classes.get(dev.streamkit.aws.internal.Sha256.class)))
                .isFalse();
        assertThat(
                        PublicApiRules.allowed(
                                new ClassFileImporter().importClass(org.slf4j.Logger.class)))
                .isFalse();
    }
}
