package dev.streamkit.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The public-API test of a published module: {@link PublicApiRules} applied to the module's main
 * classes. A module's {@code PublicApiTest} extends this, naming its packages, its rules, a few of
 * its public types and one of its {@code .internal} types; the last two guard against a vacuous
 * pass (an import that finds nothing, rules that allow everything).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PublicApiContract {
    private final PublicApiRules rules;
    private final String[] packages;
    private JavaClasses classes;

    /**
     * @param rules the rules the module follows
     * @param packages the module's packages (with their subpackages)
     */
    protected PublicApiContract(PublicApiRules rules, String... packages) {
        this.rules = rules;
        this.packages = packages;
    }

    /**
     * Public API types the import must find, by simple name.
     *
     * @return some of the module's public types
     */
    protected abstract String[] someApiTypes();

    /**
     * A type of the module's {@code .internal} packages, which the rules must reject.
     *
     * @return an internal type
     */
    protected abstract Class<?> someInternalType();

    @BeforeAll
    void importMainClasses() {
        classes = PublicApiRules.importMainClasses(packages);
    }

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        rules.checkSignatures(classes);
    }

    @Test
    void everyPublicTopLevelTypeHasAStabilityAnnotation() {
        rules.checkStabilityAnnotations(classes);
    }

    @Test
    void publicTypesCarryNoInternalMembers() {
        rules.checkNoInternalMembers(classes);
    }

    @Test
    void theRulesSeeThePublicTypesAndRejectInternalAndThirdPartyOnes() {
        JavaClass internal = classes.get(someInternalType());
        assertThat(PublicApiRules.apiTypeNames(classes))
                .contains(someApiTypes())
                .doesNotContain(internal.getSimpleName());
        assertThat(rules.allowed(internal)).isFalse();
        // ArchUnit is on every module's test classpath and is nobody's API
        assertThat(rules.allowed(new ClassFileImporter().importClass(JavaClass.class))).isFalse();
    }
}
