package dev.streamkit.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.streamkit.common.testing.PublicApiRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module's public surface under the shared {@link PublicApiRules#core() core rules}. */
class PublicApiTest {
    private static final PublicApiRules RULES = PublicApiRules.core();
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = PublicApiRules.importMainClasses("dev.streamkit.windows");
    }

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        RULES.checkSignatures(classes);
    }

    @Test
    void everyPublicTopLevelTypeHasAStabilityAnnotation() {
        RULES.checkStabilityAnnotations(classes);
    }

    @Test
    void publicTypesCarryNoInternalMembers() {
        RULES.checkNoInternalMembers(classes);
    }

    @Test
    void theRulesSeeThePublicTypes() {
        // guards against a vacuous pass (an import that finds nothing, a rule that allows all)
        assertThat(PublicApiRules.apiTypeNames(classes))
                .contains(
                        "Windows",
                        "Aggregations",
                        "TypedAggregations",
                        "Aggregator",
                        "LatePolicy",
                        "WindowAggregation")
                .doesNotContain("TimedValue");
        assertThat(RULES.allowed(classes.get(dev.streamkit.windows.internal.TimedValue.class)))
                .isFalse();
    }
}
