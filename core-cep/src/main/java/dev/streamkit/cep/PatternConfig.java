package dev.streamkit.cep;

import dev.streamkit.cep.internal.PropertyReader;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What the parameters of every catalog pattern share: the alert {@link #severity()} and the {@link
 * #patternId()} (which names the alerts and the pattern's operator uids). Each pattern's config
 * extends this class; its builder validates every parameter in {@code build()} with a message
 * naming the pattern and the parameter, and its {@code fromProperties} reads a flat property group
 * (as MSF runtime properties deliver it) with the keys {@value #SEVERITY} and {@value #PATTERN_ID}
 * besides the pattern's own.
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

    public final Severity severity() {
        return severity;
    }

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
     * The builder part every pattern shares.
     *
     * @param <C> the config it builds
     * @param <B> the concrete builder, returned by the setters
     */
    @PublicEvolving
    public abstract static class Builder<C extends PatternConfig, B extends Builder<C, B>> {
        /** Names the pattern in error messages and the property group. */
        final String pattern;

        private Severity severity;
        private boolean severitySet;
        @Nullable private String patternId;

        Builder(String pattern) {
            this.pattern = pattern;
        }

        /** The severity of the alerts (default: the pattern's, see its class documentation). */
        public final B severity(Severity severity) {
            this.severity = severity;
            this.severitySet = true;
            return self();
        }

        /** The pattern id: alert type and operator uid prefix (default: the pattern's name). */
        public final B patternId(String patternId) {
            this.patternId = patternId;
            return self();
        }

        /** Validates every parameter; the message names the pattern and the parameter. */
        public final C build() {
            validate();
            if (severitySet) {
                Checks.notNull(pattern, "severity", severity);
            }
            Checks.patternId(pattern, patternId);
            return create();
        }

        /** The severity when none was set; may depend on the other parameters. */
        abstract Severity defaultSeverity();

        /** The pattern id when none was set; may depend on the other parameters. */
        abstract String defaultPatternId();

        /** Checks the pattern's own parameters. */
        abstract void validate();

        abstract C create();

        /**
         * Reads {@value #SEVERITY} and {@value #PATTERN_ID} from {@code properties} into this
         * builder and returns a reader for the pattern's own {@code keys}; any other key fails.
         */
        final PropertyReader read(Map<String, String> properties, String... keys) {
            String[] known = Arrays.copyOf(keys, keys.length + 2);
            known[keys.length] = SEVERITY;
            known[keys.length + 1] = PATTERN_ID;
            return PropertyReader.of(pattern, properties, known)
                    .severity(SEVERITY, this::severity)
                    .string(PATTERN_ID, this::patternId);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
