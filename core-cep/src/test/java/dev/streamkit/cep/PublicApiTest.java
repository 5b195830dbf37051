package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.streamkit.common.testing.PublicApiRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface under the shared {@link PublicApiRules#core() core rules} (test hooks
 * live in {@code .internal}, so no public type carries an {@code @Internal} member).
 */
class PublicApiTest {
    private static final PublicApiRules RULES = PublicApiRules.core();
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = PublicApiRules.importMainClasses("dev.streamkit.cep");
    }

    @Test
    void importsTheModule() {
        // guards the other tests against passing on an empty import
        assertThat(PublicApiRules.apiTypeNames(classes)).contains("FraudPattern");
    }

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        RULES.checkSignatures(classes);
    }

    @Test
    void publicTypesCarryNoInternalMembers() {
        RULES.checkNoInternalMembers(classes);
    }

    @Test
    void everyPublicTopLevelTypeHasAStabilityAnnotation() {
        RULES.checkStabilityAnnotations(classes);
    }
}
