package dev.streamkit.examples.sessionization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.examples.fuzz.Contracts;
import dev.streamkit.examples.fuzz.Fuzz;
import dev.streamkit.examples.fuzz.FuzzScenario;
import dev.streamkit.examples.local.JobMetrics;
import dev.streamkit.examples.local.TestJobs;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sessionization job on its scenario with seeded mutants of its clicks mixed in (at least 10
 * 000 records; see {@link FuzzScenario}), on a MiniCluster without restarts: the job finishes,
 * every record is accounted for once, per kind, and the sessions are exactly the scenario's.
 */
class SessionizationJobFuzzITCase {
    private static final long SCENARIO_SEED = 1234;

    @RegisterExtension static final MiniClusterExtension CLUSTER = JobMetrics.miniCluster();

    @Test
    void everyRecordIsAccountedForOnceAndTheSessionsAreTheScenarios() throws Exception {
        long seed = Fuzz.seed("sessionization");
        ClickstreamScenario base = ClickstreamScenario.of(SCENARIO_SEED, 300);
        FuzzScenario fuzz = new FuzzScenario(base, Contracts.clicks(), seed, Fuzz.RECORDS);
        FuzzScenario.Plan plan = fuzz.plan();
        SessionizationJob job = new SessionizationJob();
        ApplicationProperties props =
                TestJobs.properties(
                        job,
                        "--Input.source=GENERATOR",
                        "--Input.generator.records.per.second=0",
                        "--Output.sink=CONSOLE");
        StreamExecutionEnvironment env = TestJobs.env();
        JobMetrics.reset();

        SessionizationJob.Streams out = SessionizationJob.pipeline(env, props, fuzz);
        DataStream<String> tagged =
                out.sessions
                        .map(s -> "session " + s)
                        .union(
                                out.late.map(l -> "late " + l.event.eventId),
                                out.deadLetters.map(d -> "dead " + Fuzz.category(d)));
        List<String> results = new ArrayList<>();
        tagged.executeAndCollect().forEachRemaining(results::add);

        Fuzz.assertEveryRecordAccountedOnce(seed, plan, results);
        List<String> expected = new ArrayList<>();
        for (SessionSummary s : base.plan().sessions) {
            expected.add("session " + s);
        }
        assertThat(results.stream().filter(r -> r.startsWith("session ")))
                .as("sessions (seed %d)", seed)
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
