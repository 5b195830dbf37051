package dev.streamkit.cep.testing;

import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers to run hand-written scenarios. */
public final class Scenarios {
    private Scenarios() {}

    /** Feeds {@code events} in order, then the end-of-input watermark. */
    public static List<FraudAlert<TestEvent>> alerts(
            FraudPattern<TestEvent> pattern, EngineVariant engine, TestEvent... events)
            throws Exception {
        return PatternRunner.run(pattern, engine, Backend.HASHMAP, inOrder(Arrays.asList(events)))
                .alerts;
    }

    /** Each event followed by nothing; a final {@code Long.MAX_VALUE} watermark. */
    public static List<Step> inOrder(List<TestEvent> events) {
        List<Step> steps = new ArrayList<>();
        for (TestEvent e : events) {
            steps.add(Step.event(e));
        }
        steps.add(Step.watermark(Long.MAX_VALUE));
        return steps;
    }
}
