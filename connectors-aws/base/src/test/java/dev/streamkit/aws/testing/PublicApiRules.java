package dev.streamkit.aws.testing;

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
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The public-surface rules of every published connector module (the same rules as the core modules'
 * {@code PublicApiTest}, with the AWS SDK allowance below); each module's {@code PublicApiTest}
 * applies them to its own packages.
 *
 * <ul>
 *   <li>no public or protected member signature (parameters, return types, fields, generic type
 *       arguments, supertypes, thrown types) of a public type outside {@code .internal} mentions a
 *       {@code .internal} type or a third-party type other than those {@link #allowed} admits;
 *   <li>every public top-level type outside {@code .internal} carries one of Flink's stability
 *       annotations.
 * </ul>
 */
public final class PublicApiRules {

    private PublicApiRules() {}

    /** The main (non-test) classes of {@code packages} and their subpackages. */
    public static JavaClasses importMainClasses(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    /** Whether {@code c} is public API: public (with every enclosing type), outside .internal. */
    public static boolean isApi(JavaClass c) {
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

    /** The simple names of the public API types among {@code classes}. */
    public static List<String> apiTypeNames(JavaClasses classes) {
        return classes.stream()
                .filter(PublicApiRules::isApi)
                .map(JavaClass::getSimpleName)
                .collect(Collectors.toList());
    }

    /** Whether a public signature may mention {@code type}. */
    public static boolean allowed(JavaClass type) {
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
        return name.startsWith("org.apache.flink.") // Flink, its AWS/OpenSearch connectors
                || name.startsWith("java.")
                || name.startsWith("javax.annotation.")
                // The AWS SDK v2 is part of what a user of these connectors deals with: some values
                // can only be passed in as SDK types without copying the SDK's model (today only
                // DynamoDB's AttributeValue, in ItemMapper; regions and credentials providers if an
                // API ever takes them). The SDK is a declared compile dependency of these modules
                // with its own compatibility promise, unlike Jackson, Apache HTTP or OpenSearch
                // client types, which stay behind .internal.
                || name.startsWith("software.amazon.awssdk.");
    }

    private static final DescribedPredicate<JavaClass> PUBLIC_API =
            DescribedPredicate.describe(
                    "public API types (public, outside .internal)", PublicApiRules::isApi);

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
                            .ifPresent(s -> PublicApiRules.check(s, n + " extends", c, events));
                    for (JavaType i : c.getInterfaces()) {
                        PublicApiRules.check(i, n + " implements", c, events);
                    }
                    for (JavaTypeVariable<?> v : c.getTypeParameters()) {
                        for (JavaType b : v.getUpperBounds()) {
                            PublicApiRules.check(b, n + " type parameter", c, events);
                        }
                    }
                    for (JavaField f : c.getFields()) {
                        if (exposed(f)) {
                            PublicApiRules.check(f.getType(), f.getFullName(), c, events);
                        }
                    }
                    for (JavaCodeUnit u : c.getCodeUnits()) {
                        if (!exposed(u) || u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                            continue;
                        }
                        PublicApiRules.check(
                                u.getReturnType(), u.getFullName() + " returns", c, events);
                        for (JavaType p : u.getParameterTypes()) {
                            PublicApiRules.check(p, u.getFullName() + " parameter", c, events);
                        }
                        for (JavaTypeVariable<?> v : u.getTypeParameters()) {
                            for (JavaType b : v.getUpperBounds()) {
                                PublicApiRules.check(
                                        b, u.getFullName() + " type parameter", c, events);
                            }
                        }
                        for (JavaClass t : u.getExceptionTypes()) {
                            PublicApiRules.check(t, u.getFullName() + " throws", c, events);
                        }
                    }
                }
            };

    /** Fails naming every public signature that mentions a .internal or disallowed type. */
    public static void checkSignatures(JavaClasses classes) {
        classes().that(PUBLIC_API).should(ONLY_ALLOWED_TYPES_IN_SIGNATURES).check(classes);
    }

    /** Fails naming every public top-level type without a Flink stability annotation. */
    public static void checkStabilityAnnotations(JavaClasses classes) {
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
}
