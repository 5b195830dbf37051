package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.Severity;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Builds a {@link FraudAlert} from evidence: the single place both engines create alerts, so an
 * alert depends only on the matched events.
 *
 * @serial exclude
 */
@Internal
public final class AlertFactory<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String patternId;
    private final Severity severity;
    private final EventAdapter<T> adapter;
    private final Scorer<T> scorer;

    /**
     * A factory for the alerts of one pattern.
     *
     * @param patternId the pattern id the alerts carry
     * @param severity the severity the alerts carry
     * @param adapter reads the events
     * @param scorer scores the evidence
     */
    public AlertFactory(
            String patternId, Severity severity, EventAdapter<T> adapter, Scorer<T> scorer) {
        this.patternId = patternId;
        this.severity = severity;
        this.adapter = adapter;
        this.scorer = scorer;
    }

    /**
     * The alert for one match.
     *
     * @param evidence the matched events in event-time order
     * @return the alert, keyed by the first event's key
     */
    public FraudAlert<T> create(List<T> evidence) {
        T first = evidence.get(0);
        T last = evidence.get(evidence.size() - 1);
        return new FraudAlert<>(
                patternId,
                adapter.key(first),
                severity,
                scorer.score(evidence),
                adapter.eventTimeMillis(first),
                adapter.eventTimeMillis(last),
                evidence);
    }
}
