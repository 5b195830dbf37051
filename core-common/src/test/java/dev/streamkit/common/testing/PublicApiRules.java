package dev.streamkit.common.testing;

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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The public-surface rules of every published Streamkit module; each module's {@code PublicApiTest}
 * applies them to its own packages (and checks that its import is not empty).
 *
 * <ul>
 *   <li>no public or protected member signature (parameters, return types, thrown types, fields,
 *       type parameters and their bounds, generic type arguments, supertypes) of a public type
 *       outside {@code .internal} mentions a {@code .internal} type or a third-party type other
 *       than Flink's, Java's, {@code javax.annotation}'s and those a module adds with {@link
 *       #alsoAllowing};
 *   <li>every public top-level type outside {@code .internal} carries one of Flink's stability
 *       annotations;
 *   <li>no public or protected member of a public type is {@code @Internal} (test hooks and
 *       implementation details belong in {@code .internal}).
 * </ul>
 *
 * <p>Public API types are the public types (with every enclosing type public) outside {@code
 * .internal}, anonymous and local classes excluded.
 */
public final class PublicApiRules {
    private static final List<String> CORE_PREFIXES =
            Arrays.asList("org.apache.flink.", "java.", "javax.annotation.");

    private final List<String> allowedPrefixes;

    private PublicApiRules(List<String> allowedPrefixes) {
        this.allowedPrefixes = allowedPrefixes;
    }

    /**
     * The rules of the core modules: public signatures may mention Streamkit API types, Flink's,
     * Java's and {@code javax.annotation}'s.
     *
     * @return the rules
     */
    public static PublicApiRules core() {
        return new PublicApiRules(CORE_PREFIXES);
    }

    /**
     * These rules, also admitting the third-party types whose names start with {@code prefix}. Say
     * why at the call site: a type admitted here is part of the module's compatibility promise.
     *
     * @param prefix a package prefix ending with a dot, e.g. {@code software.amazon.awssdk.}
     * @return the wider rules
     */
    public PublicApiRules alsoAllowing(String prefix) {
        List<String> prefixes = new ArrayList<>(allowedPrefixes);
        prefixes.add(prefix);
        return new PublicApiRules(prefixes);
    }

    /**
     * The main (non-test, non-jar) classes of {@code packages} and their subpackages.
     *
     * @param packages the packages to import
     * @return the imported classes
     */
    public static JavaClasses importMainClasses(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(packages);
    }

    /**
     * Whether {@code c} is public API: public (with every enclosing type), outside .internal.
     *
     * @param c the class
     * @return whether it is public API
     */
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

    /**
     * The simple names of the public API types among {@code classes}, for the tests that guard
     * against a vacuous pass (an import that finds nothing).
     *
     * @param classes the imported classes
     * @return the simple names
     */
    public static List<String> apiTypeNames(JavaClasses classes) {
        return classes.stream()
                .filter(PublicApiRules::isApi)
                .map(JavaClass::getSimpleName)
                .collect(Collectors.toList());
    }

    /**
     * Whether a public signature may mention {@code type}.
     *
     * @param type the type (arrays are judged by their component type)
     * @return whether it is allowed
     */
    public boolean allowed(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        if (base.isPrimitive()) {
            return true;
        }
        String name = base.getName();
        if (name.startsWith("dev.streamkit.")) {
            return !base.getPackageName().contains(".internal");
        }
        for (String prefix : allowedPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails naming every public signature among {@code classes} that mentions a {@code .internal}
     * or disallowed type.
     *
     * @param classes the module's classes
     */
    public void checkSignatures(JavaClasses classes) {
        classes().that(PUBLIC_API).should(onlyAllowedTypesInSignatures()).check(classes);
    }

    /**
     * Fails naming every public top-level type among {@code classes} without a Flink stability
     * annotation.
     *
     * @param classes the module's classes
     */
    public void checkStabilityAnnotations(JavaClasses classes) {
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

    /**
     * Fails naming every public or protected {@code @Internal} member of a public API type among
     * {@code classes}.
     *
     * @param classes the module's classes
     */
    public void checkNoInternalMembers(JavaClasses classes) {
        classes()
                .that(PUBLIC_API)
                .should(
                        new ArchCondition<JavaClass>("expose no @Internal member") {
                            @Override
                            public void check(JavaClass c, ConditionEvents events) {
                                for (JavaMember m : c.getMembers()) {
                                    if (exposed(m) && m.isAnnotatedWith(Internal.class)) {
                                        events.add(
                                                SimpleConditionEvent.violated(
                                                        c, m.getFullName() + " is @Internal"));
                                    }
                                }
                            }
                        })
                .check(classes);
    }

    private static final DescribedPredicate<JavaClass> PUBLIC_API =
            DescribedPredicate.describe(
                    "public API types (public, outside .internal)", PublicApiRules::isApi);

    private static boolean exposed(JavaMember m) {
        return !m.getModifiers().contains(JavaModifier.SYNTHETIC)
                && (m.getModifiers().contains(JavaModifier.PUBLIC)
                        || m.getModifiers().contains(JavaModifier.PROTECTED));
    }

    private void check(JavaType type, String where, JavaClass owner, ConditionEvents events) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (!allowed(raw)) {
                events.add(
                        SimpleConditionEvent.violated(owner, where + " mentions " + raw.getName()));
            }
        }
    }

    private void checkTypeParameters(
            List<? extends JavaTypeVariable<?>> variables,
            String where,
            JavaClass owner,
            ConditionEvents events) {
        for (JavaTypeVariable<?> v : variables) {
            for (JavaType bound : v.getUpperBounds()) {
                check(bound, where + " type parameter " + v.getName(), owner, events);
            }
        }
    }

    private ArchCondition<JavaClass> onlyAllowedTypesInSignatures() {
        return new ArchCondition<JavaClass>(
                "mention no .internal or third-party type in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String n = c.getName();
                c.getSuperclass()
                        .ifPresent(s -> PublicApiRules.this.check(s, n + " extends", c, events));
                for (JavaType i : c.getInterfaces()) {
                    PublicApiRules.this.check(i, n + " implements", c, events);
                }
                checkTypeParameters(c.getTypeParameters(), n, c, events);
                for (JavaField f : c.getFields()) {
                    if (exposed(f)) {
                        PublicApiRules.this.check(f.getType(), f.getFullName(), c, events);
                    }
                }
                for (JavaCodeUnit u : c.getCodeUnits()) {
                    if (!exposed(u)) {
                        continue;
                    }
                    String where = u.getFullName();
                    PublicApiRules.this.check(u.getReturnType(), where + " returns", c, events);
                    for (JavaType p : u.getParameterTypes()) {
                        PublicApiRules.this.check(p, where + " parameter", c, events);
                    }
                    checkTypeParameters(u.getTypeParameters(), where, c, events);
                    for (JavaClass t : u.getExceptionTypes()) {
                        PublicApiRules.this.check(t, where + " throws", c, events);
                    }
                }
            }
        };
    }
}
