package dev.streamkit.windows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface: no public or protected signature of a public type outside {@code
 * .internal} mentions a {@code .internal} type or a third-party type (only Flink's, Java's and
 * {@code javax.annotation}), and every public top-level type carries a Flink stability annotation.
 */
class PublicApiTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.streamkit.windows");
    }

    private static boolean isApi(JavaClass c) {
        if (c.getPackageName().contains(".internal") || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        for (Optional<JavaClass> e = Optional.of(c);
                e.isPresent();
                e = e.get().getEnclosingClass()) {
            if (!e.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static final DescribedPredicate<JavaClass> PUBLIC_API =
            DescribedPredicate.describe(
                    "public API types (public, outside .internal)", PublicApiTest::isApi);

    static boolean allowed(JavaClass type) {
        JavaClass base = type;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        String name = base.getName();
        if (base.isPrimitive()) {
            return true;
        }
        if (name.startsWith("dev.streamkit.")) {
            return !name.contains(".internal.");
        }
        return name.startsWith("org.apache.flink.")
                || name.startsWith("java.")
                || name.startsWith("javax.annotation.");
    }

    private static boolean exposed(JavaMember m) {
        return m.getModifiers().contains(JavaModifier.PUBLIC)
                || m.getModifiers().contains(JavaModifier.PROTECTED);
    }

    private static void check(
            JavaType type, String where, JavaClass owner, ConditionEvents events) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (!allowed(raw)) {
                events.add(
                        SimpleConditionEvent.violated(owner, where + " mentions " + raw.getName()));
            }
        }
    }

    private static final ArchCondition<JavaClass> ONLY_ALLOWED_TYPES_IN_SIGNATURES =
            new ArchCondition<JavaClass>(
                    "mention no .internal or third-party type in a public signature") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String n = c.getName();
                    c.getSuperclass()
                            .ifPresent(s -> PublicApiTest.check(s, n + " extends", c, events));
                    for (JavaType i : c.getInterfaces()) {
                        PublicApiTest.check(i, n + " implements", c, events);
                    }
                    for (JavaTypeVariable<?> v : c.getTypeParameters()) {
                        for (JavaType b : v.getUpperBounds()) {
                            PublicApiTest.check(b, n + " type parameter", c, events);
                        }
                    }
                    for (JavaField f : c.getFields()) {
                        if (exposed(f)) {
                            PublicApiTest.check(f.getType(), f.getFullName(), c, events);
                        }
                    }
                    List<JavaCodeUnit> units = new ArrayList<>(c.getCodeUnits());
                    for (JavaCodeUnit u : units) {
                        if (!exposed(u) || u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                            continue;
                        }
                        PublicApiTest.check(
                                u.getReturnType(), u.getFullName() + " returns", c, events);
                        for (JavaType p : u.getParameterTypes()) {
                            PublicApiTest.check(p, u.getFullName() + " parameter", c, events);
                        }
                        for (JavaTypeVariable<?> v : u.getTypeParameters()) {
                            for (JavaType b : v.getUpperBounds()) {
                                PublicApiTest.check(
                                        b, u.getFullName() + " type parameter", c, events);
                            }
                        }
                        for (JavaClass t : u.getExceptionTypes()) {
                            PublicApiTest.check(t, u.getFullName() + " throws", c, events);
                        }
                    }
                }
            };

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        classes().that(PUBLIC_API).should(ONLY_ALLOWED_TYPES_IN_SIGNATURES).check(classes);
    }

    @Test
    void everyPublicTopLevelTypeHasAStabilityAnnotation() {
        classes()
                .that(PUBLIC_API)
                .and()
                .areTopLevelClasses()
                .should()
                .beAnnotatedWith(PublicEvolving.class)
                .orShould()
                .beAnnotatedWith(Experimental.class)
                .orShould()
                .beAnnotatedWith(Public.class)
                .orShould()
                .beAnnotatedWith(Internal.class)
                .check(classes);
    }

    @Test
    void theRulesSeeThePublicTypes() {
        // guards against a vacuous pass (an import that finds nothing)
        org.assertj.core.api.Assertions.assertThat(
                        classes.stream().filter(PublicApiTest::isApi).map(JavaClass::getSimpleName))
                .contains(
                        "Windows", "Aggregations", "Aggregator", "LatePolicy", "WindowAggregation");
        org.assertj.core.api.Assertions.assertThat(
                        allowed(classes.get(dev.streamkit.windows.internal.TimedValue.class)))
                .isFalse();
    }
}
