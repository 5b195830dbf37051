package dev.streamkit.state;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

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
import java.util.Set;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;
import org.junit.jupiter.api.Test;

/**
 * The public surface of core-state is sealed: no public or protected member signature of a public
 * type outside {@code .internal} (parameters, return types, exceptions, fields, type parameters and
 * their bounds, supertypes, generic type arguments) mentions a {@code .internal} type or a
 * third-party type other than Flink's, Java's and {@code javax.annotation}; every public top-level
 * type outside {@code .internal} carries a Flink stability annotation.
 */
class PublicApiTest {
    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.streamkit.state");

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        classes()
                .that()
                .arePublic()
                .and()
                .resideOutsideOfPackage("..internal..")
                .should(mentionOnlyAllowedTypes())
                .check(MAIN);
    }

    @Test
    void publicTypesCarryAFlinkStabilityAnnotation() {
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .resideOutsideOfPackage("..internal..")
                .should()
                .beAnnotatedWith(PublicEvolving.class)
                .orShould()
                .beAnnotatedWith(Experimental.class)
                .orShould()
                .beAnnotatedWith(Public.class)
                .orShould()
                .beAnnotatedWith(Internal.class)
                .check(MAIN);
    }

    /** Whether a type may appear in a public signature. */
    static boolean allowed(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        if (base.isPrimitive()) {
            return true;
        }
        String name = base.getName();
        if (name.startsWith("dev.streamkit.")) {
            return !base.getPackageName().contains(".internal");
        }
        return name.startsWith("org.apache.flink.")
                || name.startsWith("java.")
                || name.startsWith("javax.annotation.");
    }

    private static ArchCondition<JavaClass> mentionOnlyAllowedTypes() {
        return new ArchCondition<JavaClass>(
                "mention only Streamkit API, Flink, Java and javax.annotation types") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> bad = new ArrayList<>();
                List<JavaType> supertypes = new ArrayList<>();
                c.getSuperclass().ifPresent(supertypes::add);
                supertypes.addAll(c.getInterfaces());
                collect(bad, "supertype of " + c.getName(), supertypes);
                for (JavaTypeVariable<JavaClass> v : c.getTypeParameters()) {
                    collect(bad, "type parameter of " + c.getName(), v.getUpperBounds());
                }
                for (JavaField f : c.getFields()) {
                    if (visible(f)) {
                        collect(bad, f.getFullName(), List.of(f.getType()));
                    }
                }
                for (JavaCodeUnit u : c.getCodeUnits()) {
                    if (!visible(u) || u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        continue;
                    }
                    List<JavaType> types = new ArrayList<>(u.getParameterTypes());
                    types.add(u.getReturnType());
                    types.addAll(u.getThrowsClause().getTypes());
                    for (JavaTypeVariable<?> v : u.getTypeParameters()) {
                        types.addAll(v.getUpperBounds());
                    }
                    collect(bad, u.getFullName(), types);
                }
                for (String b : bad) {
                    events.add(SimpleConditionEvent.violated(c, b));
                }
            }
        };
    }

    private static boolean visible(JavaMember m) {
        Set<JavaModifier> mods = m.getModifiers();
        return mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED);
    }

    private static void collect(List<String> bad, String where, List<? extends JavaType> types) {
        for (JavaType t : types) {
            for (JavaClass raw : t.getAllInvolvedRawTypes()) {
                if (!allowed(raw)) {
                    bad.add(where + " mentions " + raw.getName());
                }
            }
        }
    }
}
