package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public surface of core-cep (every public type outside {@code .internal}): its signatures
 * mention only Flink, Java, {@code javax.annotation} and the module's own public types, it carries
 * no {@code @Internal} member (test hooks live in {@code .internal}), and every public top-level
 * type says how stable it is.
 */
class PublicApiTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("dev.streamkit.cep");
    }

    @Test
    void importsTheModule() {
        // guards the other tests against passing on an empty import
        assertThat(publicTypes()).extracting(JavaClass::getSimpleName).contains("FraudPattern");
    }

    @Test
    void publicSignaturesMentionNoInternalOrThirdPartyType() {
        List<String> violations = new ArrayList<>();
        for (JavaClass type : publicTypes()) {
            type.getSuperclass()
                    .ifPresent(sup -> check(type.getName() + " extends", sup, violations));
            for (JavaType i : type.getInterfaces()) {
                check(type.getName() + " implements", i, violations);
            }
            checkTypeParameters(type.getName(), type.getTypeParameters(), violations);
            for (JavaField field : type.getFields()) {
                if (exposed(field)) {
                    check(field.getFullName(), field.getType(), violations);
                }
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (!exposed(unit) || unit.getModifiers().contains(JavaModifier.BRIDGE)) {
                    continue;
                }
                check(unit.getFullName() + " returns", unit.getReturnType(), violations);
                for (JavaType parameter : unit.getParameterTypes()) {
                    check(unit.getFullName() + " parameter", parameter, violations);
                }
                checkTypeParameters(unit.getFullName(), unit.getTypeParameters(), violations);
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void publicTypesCarryNoInternalMembers() {
        List<String> violations = new ArrayList<>();
        for (JavaClass type : publicTypes()) {
            for (JavaMember member : type.getMembers()) {
                if (exposed(member) && member.isAnnotatedWith(Internal.class)) {
                    violations.add(member.getFullName());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPublicTopLevelTypeHasAStabilityAnnotation() {
        List<String> violations = new ArrayList<>();
        for (JavaClass type : publicTypes()) {
            if (type.isTopLevelClass()
                    && !type.isAnnotatedWith(PublicEvolving.class)
                    && !type.isAnnotatedWith(Experimental.class)
                    && !type.isAnnotatedWith(Public.class)
                    && !type.isAnnotatedWith(Internal.class)) {
                violations.add(type.getName());
            }
        }
        assertThat(violations).isEmpty();
    }

    /**
     * Public types outside {@code .internal}, nested ones included when all enclosing are public.
     */
    private static List<JavaClass> publicTypes() {
        List<JavaClass> types = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().contains(".internal") && visible(c)) {
                types.add(c);
            }
        }
        return types;
    }

    private static boolean visible(JavaClass c) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass()) {
            return false;
        }
        return c.getEnclosingClass().map(PublicApiTest::visible).orElse(true);
    }

    private static boolean exposed(JavaMember member) {
        Set<JavaModifier> m = member.getModifiers();
        return !m.contains(JavaModifier.SYNTHETIC)
                && (m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED));
    }

    private static void checkTypeParameters(
            String where, List<? extends JavaTypeVariable<?>> parameters, List<String> violations) {
        for (JavaTypeVariable<?> variable : parameters) {
            for (JavaType bound : variable.getUpperBounds()) {
                check(where + " type parameter " + variable.getName(), bound, violations);
            }
        }
    }

    private static void check(String where, JavaType type, List<String> violations) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            JavaClass base = raw.isArray() ? raw.getBaseComponentType() : raw;
            if (!allowed(base)) {
                violations.add(where + " mentions " + base.getName());
            }
        }
    }

    private static boolean allowed(JavaClass type) {
        if (type.isPrimitive()) {
            return true;
        }
        String name = type.getName();
        if (name.startsWith("dev.streamkit.")) {
            return !type.getPackageName().contains(".internal");
        }
        return name.startsWith("java.")
                || name.startsWith("javax.annotation.")
                || name.startsWith("org.apache.flink.");
    }
}
