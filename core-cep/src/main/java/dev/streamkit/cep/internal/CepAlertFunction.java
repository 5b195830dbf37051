package dev.streamkit.cep.internal;

import dev.streamkit.cep.FraudAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a flink-cep match into a {@link FraudAlert}: evidence is the stages' events in order.
 *
 * @serial exclude
 */
@Internal
public final class CepAlertFunction<T> extends PatternProcessFunction<T, FraudAlert<T>> {
    private static final long serialVersionUID = 1L;

    private final String[] stages;
    private final AlertFactory<T> alerts;

    /**
     * Turns flink-cep matches into alerts.
     *
     * @param stages the pattern's stage names, in order (the evidence concatenates them)
     * @param alerts creates the alerts
     */
    public CepAlertFunction(String[] stages, AlertFactory<T> alerts) {
        this.stages = stages.clone();
        this.alerts = alerts;
    }

    @Override
    public void processMatch(
            Map<String, List<T>> match, Context ctx, Collector<FraudAlert<T>> out) {
        List<T> evidence = new ArrayList<>();
        for (String stage : stages) {
            List<T> events = match.get(stage);
            if (events != null) {
                evidence.addAll(events);
            }
        }
        out.collect(alerts.create(evidence));
    }
}
