package dev.streamkit.examples.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.examples.fraud.AccountEvent;
import dev.streamkit.examples.fraud.FraudScenario;
import dev.streamkit.examples.iot.TelemetryScenario;
import dev.streamkit.examples.sessionization.ClickstreamScenario;
import dev.streamkit.examples.sessionization.SessionSummary;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generators are the ground truth of the end-to-end tests, so their own promises are checked
 * here, independently of any job: determinism, the counts they report, bounded disorder of the
 * on-time records, and the shape of what they inject.
 */
class ScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameSeedSameRecordsOtherSeedOtherRecords() {
        assertThat(ClickstreamScenario.of(7, 50).records())
                .isEqualTo(ClickstreamScenario.of(7, 50).records())
                .isNotEqualTo(ClickstreamScenario.of(8, 50).records());
        assertThat(TelemetryScenario.of(7, 5, Duration.ofHours(1)).records())
                .isEqualTo(TelemetryScenario.of(7, 5, Duration.ofHours(1)).records());
        assertThat(FraudScenario.of(7, 20, 1).records())
                .isEqualTo(FraudScenario.of(7, 20, 1).records());
    }

    @Test
    void clickstreamCountsAddUpAndOnTimeRecordsAreBoundedOutOfOrder() throws Exception {
        ClickstreamScenario.Plan plan = ClickstreamScenario.of(42, 300).plan();
        Census census = census(plan.records, "eventId", "-late-");

        assertThat(plan.records)
                .hasSize(plan.clicks + plan.duplicates + plan.late + plan.malformed);
        assertThat(census.malformed).isEqualTo(plan.malformed).isPositive();
        assertThat(census.duplicates).isEqualTo(plan.duplicates).isPositive();
        assertThat(census.late).isEqualTo(plan.late).isPositive();
        assertThat(census.maxDisorderOnTime)
                .isLessThanOrEqualTo(ClickstreamScenario.MAX_DELAY.toMillis());
        long clicks = 0;
        for (SessionSummary s : plan.sessions) {
            clicks += s.clicks;
            assertThat(s.durationMillis).isEqualTo(s.end - s.start).isNotNegative();
        }
        assertThat(clicks).isEqualTo(plan.clicks);
    }

    @Test
    void telemetryInjectsSpikesOnlyAfterWarmUpAndFarApart() throws Exception {
        TelemetryScenario.Plan plan = TelemetryScenario.of(42, 20, Duration.ofHours(3)).plan();
        Census census = census(plan.records, "readingId", "-late");

        assertThat(plan.records)
                .hasSize(plan.readings.size() + plan.duplicates + plan.late + plan.malformed);
        assertThat(census.late).isEqualTo(plan.late);
        assertThat(census.maxDisorderOnTime)
                .isLessThanOrEqualTo(TelemetryScenario.MAX_DELAY.toMillis());
        assertThat(plan.spikes).hasSizeGreaterThan(20);
        for (int i = 0; i < plan.spikes.size(); i++) {
            assertThat(plan.spikes.get(i).timestamp - TelemetryScenario.START)
                    .isGreaterThanOrEqualTo(TelemetryScenario.WARM_UP.toMillis());
            if (i > 0 && plan.spikes.get(i).deviceId.equals(plan.spikes.get(i - 1).deviceId)) {
                assertThat(plan.spikes.get(i).timestamp - plan.spikes.get(i - 1).timestamp)
                        .isGreaterThanOrEqualTo(TelemetryScenario.FAULT_SEPARATION.toMillis());
            }
        }
    }

    @Test
    void fraudInjectsEveryKindAndCleanAccountsStayClean() throws Exception {
        FraudScenario.Plan plan = FraudScenario.of(42, 100, 2).plan();
        Census census = census(plan.records, "eventId", "-late");

        assertThat(plan.records)
                .hasSize(plan.events.size() + plan.duplicates + plan.late + plan.malformed);
        assertThat(census.maxDisorderOnTime)
                .isLessThanOrEqualTo(FraudScenario.MAX_DELAY.toMillis());
        assertThat(plan.expectedAlerts).hasSize(14);
        assertThat(plan.expectedAlerts.keySet()).noneMatch(a -> a.startsWith("clean-"));
        Set<String> kinds = new HashSet<>();
        plan.expectedAlerts.values().forEach(kinds::addAll);
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        FraudScenario.CARD_TESTING,
                        FraudScenario.VELOCITY,
                        FraudScenario.BRUTE_FORCE,
                        FraudScenario.ACCOUNT_TAKEOVER,
                        FraudScenario.IMPOSSIBLE_TRAVEL,
                        FraudScenario.DORMANT,
                        FraudScenario.CREDENTIAL_CHANGE);
        // clean accounts: never a transaction below 10 or above 400, never quiet for the dormancy
        Map<String, Long> lastSeen = new HashMap<>();
        long cleanTransactions = 0;
        for (AccountEvent e : plan.events) {
            if (!e.accountId.startsWith("clean-")) {
                continue;
            }
            if (AccountEvent.TRANSACTION.equals(e.type)) {
                assertThat(e.amount).isBetween(10.0, 400.0);
                cleanTransactions++;
            }
            Long previous = lastSeen.put(e.accountId, e.timestamp);
            if (previous != null) {
                assertThat(e.timestamp - previous)
                        .as("gap of %s", e.accountId)
                        .isLessThan(FraudScenario.DORMANCY.toMillis());
            }
        }
        assertThat(cleanTransactions).as("clean transactions checked").isGreaterThan(500);
    }

    /** What a reader of the records sees, recomputed from the JSON alone. */
    private static Census census(List<String> records, String idField, String lateMarker)
            throws Exception {
        Census c = new Census();
        Set<String> seen = new HashSet<>();
        long maxTime = Long.MIN_VALUE;
        for (String line : records) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (Exception e) {
                c.malformed++;
                continue;
            }
            if (node == null || !node.path("timestamp").isNumber()) {
                c.malformed++;
                continue;
            }
            String id = node.path(idField).asText();
            long time = node.path("timestamp").asLong();
            if (!seen.add(id)) {
                c.duplicates++;
                continue;
            }
            if (id.contains(lateMarker)) {
                c.late++;
                continue;
            }
            if (maxTime != Long.MIN_VALUE) {
                c.maxDisorderOnTime = Math.max(c.maxDisorderOnTime, maxTime - time);
            }
            maxTime = Math.max(maxTime, time);
        }
        return c;
    }

    private static final class Census {
        int malformed;
        int duplicates;
        int late;
        long maxDisorderOnTime;
    }
}
