package dev.streamkit.examples.fraud;

import dev.streamkit.cep.FraudAlert;
import java.util.Arrays;
import java.util.List;

/** A fraud alert as the job publishes it (JSON): the match and the ids of its evidence events. */
public class AlertRecord {
    public String patternId;
    public String accountId;
    public String severity;
    public double score;
    public long firstEventTime;
    public long lastEventTime;

    /** Ids of the evidence events, in pattern order (an array: a Flink type, not Kryo). */
    public String[] evidence;

    public AlertRecord() {}

    public static AlertRecord of(FraudAlert<AccountEvent> alert) {
        AlertRecord r = new AlertRecord();
        r.patternId = alert.patternId();
        r.accountId = alert.key();
        r.severity = alert.severity().name();
        r.score = alert.score();
        r.firstEventTime = alert.firstEventTime();
        r.lastEventTime = alert.lastEventTime();
        List<AccountEvent> evidence = alert.evidence();
        r.evidence = new String[evidence.size()];
        for (int i = 0; i < r.evidence.length; i++) {
            r.evidence[i] = evidence.get(i).eventId;
        }
        return r;
    }

    @Override
    public String toString() {
        return patternId
                + " "
                + accountId
                + " ("
                + severity
                + ", score "
                + score
                + ") evidence "
                + Arrays.toString(evidence);
    }
}
