package dev.streamkit.examples.sessionization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.examples.local.TestJobs;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sessionization job against its generator's ground truth, on a MiniCluster at parallelism 2:
 * out-of-order clicks, duplicates, hours-late clicks and malformed records interleaved.
 */
class SessionizationJobITCase {
    private static final long SEED = 1234;
    private static final int USERS = 300;

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestJobs.miniCluster();

    @Test
    void sessionsEqualTheGroundTruthAndEveryLateAndMalformedRecordIsAccountedFor()
            throws Exception {
        ClickstreamScenario.Plan plan = ClickstreamScenario.of(SEED, USERS).plan();
        SessionizationJob job = new SessionizationJob();
        ApplicationProperties props =
                TestJobs.properties(
                        job,
                        "--Input.source=GENERATOR",
                        "--Input.generator.seed=" + SEED,
                        "--Input.generator.records.per.second=0",
                        "--Output.sink=CONSOLE",
                        "--Sessions.generator.users=" + USERS);
        StreamExecutionEnvironment env = TestJobs.env();

        SessionizationJob.Streams out = SessionizationJob.pipeline(env, props);
        DataStream<String> tagged =
                out.sessions
                        .map(s -> "session " + s)
                        .union(
                                out.late.map(l -> "late " + l.event.eventId),
                                out.deadLetters.map(d -> "dead " + d.getErrorType()));
        List<String> results = new ArrayList<>();
        tagged.executeAndCollect().forEachRemaining(results::add);

        List<String> expectedSessions = new ArrayList<>();
        for (SessionSummary s : plan.sessions) {
            expectedSessions.add("session " + s);
        }
        assertThat(results.stream().filter(r -> r.startsWith("session ")))
                .as("sessions (seed %d)", SEED)
                .containsExactlyInAnyOrderElementsOf(expectedSessions);
        assertThat(results.stream().filter(r -> r.startsWith("late ")))
                .hasSize(plan.late)
                .allMatch(r -> r.contains("-late-"));
        assertThat(results.stream().filter(r -> r.startsWith("dead "))).hasSize(plan.malformed);
        assertThat(plan.late).isPositive();
        assertThat(plan.malformed).isPositive();
        assertThat(plan.duplicates).isPositive();
    }
}
