package dev.streamkit.examples.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import dev.streamkit.examples.local.JobMetrics;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** What the job-level fuzz tests share: the seed, dead-letter categories and the accounting. */
public final class Fuzz {
    /** At least this many records per job (the bar). */
    public static final int RECORDS = 12_000;

    private Fuzz() {}

    /** The seed: {@code -Dstreamkit.fuzz.seed=N}, else a fresh one; printed either way. */
    public static long seed(String job) {
        Long given = Long.getLong("streamkit.fuzz.seed");
        long seed = given != null ? given : new SplittableRandom().nextLong();
        System.out.printf(
                "%s fuzz seed %d (rerun with -Dstreamkit.fuzz.seed=%d)%n", job, seed, seed);
        return seed;
    }

    /** The category of a dead letter, comparable with {@link RecordMutator}'s outcomes. */
    public static String category(KinesisDeadLetter d) {
        String type = d.getErrorType();
        String reason = d.getReason();
        if (reason == null || reason.trim().isEmpty()) {
            return "NO-REASON:" + type;
        }
        switch (type) {
            case "REQUIREMENT":
                // "requirement '<field> is ...' not met": the rule starts with the field's name
                int start = reason.indexOf('\'') + 1;
                int end = reason.indexOf(' ', start);
                return "REQUIREMENT:" + reason.substring(start, end);
            case "OVERSIZED":
            case "INVALID_UTF8":
            case "NON_FINITE_NUMBER":
            case "NULL":
                return type;
            default:
                return type.endsWith("Exception") ? RecordMutator.JSON : "OTHER:" + type;
        }
    }

    /**
     * Every record of {@code plan} accounted for exactly once: the dead letters (results {@code
     * "dead <category>"}) are exactly the records that must be dead letters, per category; the
     * decoder's counters say the rest decoded; dedup dropped exactly the repeated ids, the late
     * side output (results {@code "late ..."}) holds exactly the late-by-design records, and no
     * operator counted an invalid record.
     */
    public static void assertEveryRecordAccountedOnce(
            long seed, FuzzScenario.Plan plan, List<String> results) {
        long records = plan.payloads.size();
        assertThat(records).as("records (seed %d)", seed).isGreaterThanOrEqualTo(10_000);
        assertThat(plan.expected.values().stream().mapToLong(Long::longValue).sum())
                .as("every record has one expected outcome")
                .isEqualTo(records);
        Map<String, Long> dead = new TreeMap<>();
        long late = 0;
        for (String r : results) {
            if (r.startsWith("dead ")) {
                dead.merge(r.substring("dead ".length()), 1L, Long::sum);
            } else if (r.startsWith("late ")) {
                late++;
            }
        }
        long deadCount = dead.values().stream().mapToLong(Long::longValue).sum();
        assertThat(dead)
                .as("dead letters per category (seed %d; mutations %s)", seed, plan.mutations)
                .isEqualTo(plan.deadLetters());
        assertThat(JobMetrics.sum("numDeadLetters")).as("numDeadLetters").isEqualTo(deadCount);
        assertThat(JobMetrics.sum("numRecordsDecoded"))
                .as("numRecordsDecoded (seed %d)", seed)
                .isEqualTo(plan.decoded())
                .isEqualTo(records - deadCount);
        assertThat(JobMetrics.sum("numDuplicateRecords"))
                .as("numDuplicateRecords (seed %d)", seed)
                .isEqualTo(plan.duplicates);
        assertThat(late).as("late records (seed %d)", seed).isEqualTo(plan.late).isPositive();
        assertThat(JobMetrics.sum("numInvalidRecords")).as("numInvalidRecords").isZero();
        // the fuzz reached every kind of outcome the record type allows
        assertThat(plan.expected)
                .containsKeys(
                        RecordMutator.DECODED,
                        RecordMutator.JSON,
                        "NULL",
                        "INVALID_UTF8",
                        "OVERSIZED");
        if (plan.hasNumbers) {
            assertThat(plan.expected).containsKey("NON_FINITE_NUMBER");
        }
        assertThat(plan.expected.keySet()).anyMatch(k -> k.startsWith("REQUIREMENT:"));
    }
}
