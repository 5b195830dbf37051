package dev.streamkit.cep;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One match of a fraud pattern, with the events that prove it.
 *
 * <p>Immutable. {@link #score()} is the observed measure relative to the pattern's threshold (for
 * example 12 transactions against a limit of 10 gives 1.2); each pattern documents its measure.
 * Serialized by {@link FraudAlertTypeInfo} (never Kryo).
 */
@PublicEvolving
public final class FraudAlert<T> {
    private final String patternId;
    private final String key;
    private final Severity severity;
    private final double score;
    private final long firstEventTime;
    private final long lastEventTime;
    private final List<T> evidence;

    /**
     * An alert; the engines create them, tests and custom pipelines may too.
     *
     * @param patternId the id of the pattern that matched
     * @param key the key the pattern matched for
     * @param severity the pattern's severity
     * @param score the observed measure divided by the pattern's threshold
     * @param firstEventTime event time (epoch ms) of the first evidence event
     * @param lastEventTime event time (epoch ms) of the last evidence event
     * @param evidence the matched events in event-time order (kept as an unmodifiable view)
     */
    public FraudAlert(
            String patternId,
            String key,
            Severity severity,
            double score,
            long firstEventTime,
            long lastEventTime,
            List<T> evidence) {
        this.patternId = Objects.requireNonNull(patternId, "patternId");
        this.key = Objects.requireNonNull(key, "key");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.score = score;
        this.firstEventTime = firstEventTime;
        this.lastEventTime = lastEventTime;
        this.evidence = Collections.unmodifiableList(Objects.requireNonNull(evidence, "evidence"));
    }

    /**
     * The id of the pattern that matched, for example {@code velocity-count}.
     *
     * @return the pattern id
     */
    public String patternId() {
        return patternId;
    }

    /**
     * The key (card, account, user) the pattern matched for.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * The severity of the pattern that matched.
     *
     * @return the severity
     */
    public Severity severity() {
        return severity;
    }

    /**
     * Observed measure divided by the pattern's threshold (see each pattern).
     *
     * @return the score, 1.0 at the threshold
     */
    public double score() {
        return score;
    }

    /**
     * Event time (epoch ms) of the first evidence event.
     *
     * @return epoch milliseconds
     */
    public long firstEventTime() {
        return firstEventTime;
    }

    /**
     * Event time (epoch ms) of the last evidence event.
     *
     * @return epoch milliseconds
     */
    public long lastEventTime() {
        return lastEventTime;
    }

    /**
     * The matched events in event-time order (unmodifiable).
     *
     * @return the evidence
     */
    public List<T> evidence() {
        return evidence;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FraudAlert)) {
            return false;
        }
        FraudAlert<?> that = (FraudAlert<?>) o;
        return Double.compare(score, that.score) == 0
                && firstEventTime == that.firstEventTime
                && lastEventTime == that.lastEventTime
                && patternId.equals(that.patternId)
                && key.equals(that.key)
                && severity == that.severity
                && evidence.equals(that.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                patternId, key, severity, score, firstEventTime, lastEventTime, evidence);
    }

    @Override
    public String toString() {
        return "FraudAlert{"
                + patternId
                + ", key="
                + key
                + ", severity="
                + severity
                + ", score="
                + score
                + ", time=["
                + firstEventTime
                + ", "
                + lastEventTime
                + "], evidence="
                + evidence
                + '}';
    }
}
