package dev.streamkit.cep;

import dev.streamkit.cep.internal.PropertyReader;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What the parameters of every catalog pattern share: the alert {@link #severity()} and the {@link
 * #patternId()} (which names the alerts and the pattern's operator uids). Each pattern's config
 * extends this class; its builder validates every parameter in {@code build()} with a message
 * naming the pattern and the parameter, and its {@code fromProperties} reads a flat property group
 * (as MSF runtime properties deliver it) with the keys {@value #SEVERITY} and {@value #PATTERN_ID}
 * besides the pattern's own.
 *
 * @serial exclude
 */
@PublicEvolving
public abstract class PatternConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Property key of the alert severity ({@code LOW}, {@code MEDIUM}, {@code HIGH}, ...). */
    public static final String SEVERITY = "severity";

    /** Property key of the pattern id. */
    public static final String PATTERN_ID = "pattern-id";

    private final Severity severity;
    private final String patternId;
    private final boolean catalogPatternId;

    PatternConfig(Builder<?, ?> b) {
        this.severity = b.severitySet ? b.severity : b.defaultSeverity();
        this.patternId = b.patternId != null ? b.patternId : b.defaultPatternId();
        this.catalogPatternId = patternId.equals(b.defaultPatternId());
    }

    /**
     * The severity every alert of the pattern carries.
     *
     * @return the severity
     */
    public final Severity severity() {
        return severity;
    }

    /**
     * The id every alert of the pattern carries; also part of the default operator uids.
     *
     * @return the pattern id
     */
    public final String patternId() {
        return patternId;
    }

    /**
     * Whether {@link #patternId()} is the catalog's default id for these parameters (then two
     * instances in one job share it, and default operator uids include a digest of the parameters).
     */
    final boolean hasCatalogPatternId() {
        return catalogPatternId;
    }

    /** The pattern's own parameters as {@code name=value, ...}, for {@link #toString()}. */
    abstract String parameters();

    @Override
    public final String toString() {
        return getClass().getSimpleName()
                + '{'
                + parameters()
                + ", severity="
                + severity
                + ", patternId="
                + patternId
                + '}';
    }

    /**
     * Reads {@value #SEVERITY} and {@value #PATTERN_ID} from {@code properties} into the builder
     * held by {@code into} (replacing it with the changed copy) and returns a reader for the
     * pattern's own {@code keys}; any other key fails.
     */
    static <B extends Builder<?, B>> PropertyReader readCommon(
            Map<String, String> properties, AtomicReference<B> into, String... keys) {
        String[] known = Arrays.copyOf(keys, keys.length + 2);
        known[keys.length] = SEVERITY;
        known[keys.length + 1] = PATTERN_ID;
        return PropertyReader.of(into.get().pattern, properties, known)
                .severity(SEVERITY, v -> into.set(into.get().severity(v)))
                .string(PATTERN_ID, v -> into.set(into.get().patternId(v)));
    }

    /**
     * The builder part every pattern shares.
     *
     * @param <C> the config it builds
     * @param <B> the concrete builder, returned by the setters
     */
    @PublicEvolving
    public abstract static class Builder<C extends PatternConfig, B extends Builder<C, B>>
            implements Cloneable {
        /** Names the pattern in error messages and the property group. */
        final String pattern;

        private Severity severity;
        private boolean severitySet;
        @Nullable private String patternId;

        Builder(String pattern) {
            this.pattern = pattern;
        }

        /**
         * The severity of the alerts (default: the pattern's, see its class documentation).
         *
         * @param severity the severity, not null
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public final B severity(Severity severity) {
            Builder<C, B> copy = copy();
            copy.severity = severity;
            copy.severitySet = true;
            return copy.self();
        }

        /**
         * The pattern id: alert type and operator uid prefix (default: the pattern's name).
         *
         * @param patternId the id, not blank
         * @return a copy of this builder with the change (this builder is unchanged)
         */
        public final B patternId(String patternId) {
            Builder<C, B> copy = copy();
            copy.patternId = patternId;
            return copy.self();
        }

        /**
         * Validates every parameter; the message names the pattern and the parameter.
         *
         * @return the validated config
         * @throws IllegalArgumentException naming the pattern and the parameter
         */
        public final C build() {
            // validate() may fill in defaults (velocity's maxCount): on a copy, never on the
            // receiver, which may still be branched into other configs
            Builder<C, B> copy = copy();
            copy.validate();
            if (copy.severitySet) {
                Checks.notNull(pattern, "severity", copy.severity);
            }
            Checks.patternId(pattern, copy.patternId);
            return copy.create();
        }

        /** The severity when none was set; may depend on the other parameters. */
        abstract Severity defaultSeverity();

        /** The pattern id when none was set; may depend on the other parameters. */
        abstract String defaultPatternId();

        /** Checks the pattern's own parameters. */
        abstract void validate();

        abstract C create();

        /**
         * A copy of this builder, which setters change and return (builders are immutable). A
         * shallow copy is a full one: every field holds an immutable value.
         */
        @SuppressWarnings("unchecked")
        final B copy() {
            try {
                return (B) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError("builders are Cloneable", e);
            }
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
