package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The parts of the wiring contract the specs carry themselves: side-output accessors that throw
 * naming the setter, and default uids that are stable across JVMs (pinned to literal values, the
 * first 8 hex digits of SHA-256 of the canonical description, computed outside this code) and
 * differ between configurations.
 */
class WiringContractTest {
    private static final OutputTag<Tuple2<Long, Integer>> TAG = new OutputTag<>("tag", TYPE);

    private static ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> exact() {
        return Deduplicate.exact(ID, Types.LONG).expireAfter(Duration.ofHours(1));
    }

    private static ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> approximate() {
        return Deduplicate.approximate(IdHasher.ofLong((Tuple2<Long, Integer> t) -> t.f0))
                .expireAfter(Duration.ofHours(1))
                .expectedIdsPerHorizon(1000);
    }

    @Test
    void unsetSideOutputAccessorsThrowNamingTheSetter() {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> e = exact().build();
        assertThatThrownBy(e::duplicatesTag)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicatesTo(tag)")
                .hasMessageContaining("dropped");
        assertThatThrownBy(e::lateRecordsTag)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lateRecordsTo(tag)");
        assertThatThrownBy(e::invalidRecordsTag)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalidRecordsTo(tag)");
        ApproximateDeduplicator<Tuple2<Long, Integer>> a = approximate().build();
        assertThatThrownBy(a::duplicatesTag).hasMessageContaining("duplicatesTo(tag)");
        assertThatThrownBy(a::lateRecordsTag).hasMessageContaining("lateRecordsTo(tag)");
        assertThatThrownBy(a::invalidRecordsTag).hasMessageContaining("invalidRecordsTo(tag)");
        assertThatThrownBy(
                        AlertSuppression.<Long, Tuple2<Long, Integer>>builder(
                                                Duration.ofMinutes(1), Types.LONG, TYPE)
                                        .build()
                                ::summariesTag)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("summariesTo(tag)");
        assertThatThrownBy(
                        LatestValue.<Long, Tuple2<Long, Integer>>builder(
                                                Duration.ofMinutes(1), TYPE)
                                        .build()
                                ::expiredTag)
                .hasMessageContaining("expiredTo(tag)");
        assertThatThrownBy(
                        RateLimiter.<Long, Tuple2<Long, Integer>>builder(
                                                3, Duration.ofMinutes(1), TYPE)
                                        .build()
                                ::throttledTag)
                .hasMessageContaining("throttledTo(tag)");
        assertThatThrownBy(
                        ChangeDetector.<Long, Tuple2<Long, Integer>>numeric(
                                                TYPE, t -> t.f1, 0.5, Duration.ofMinutes(1))
                                        .build()
                                ::invalidRecordsTag)
                .hasMessageContaining("invalidRecordsTo(tag)");
    }

    @Test
    void setSideOutputAccessorsReturnTheTag() {
        ExactDeduplicator<Tuple2<Long, Integer>, Long> e =
                exact().duplicatesTo(TAG).lateRecordsTo(TAG).invalidRecordsTo(TAG).build();
        assertThat(List.of(e.duplicatesTag(), e.lateRecordsTag(), e.invalidRecordsTag()))
                .containsOnly(TAG);
        ApproximateDeduplicator<Tuple2<Long, Integer>> a =
                approximate().duplicatesTo(TAG).lateRecordsTo(TAG).invalidRecordsTo(TAG).build();
        assertThat(List.of(a.duplicatesTag(), a.lateRecordsTag(), a.invalidRecordsTag()))
                .containsOnly(TAG);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aSummaryTagOfTheWrongTypeFailsAtBuildNamingTheSetter() {
        // a raw cast, as a user mixing up key types would end up with
        OutputTag<SuppressionSummary<Long>> wrong =
                new OutputTag<>(
                        "summaries", (TypeInformation) SuppressionSummary.typeInfo(Types.STRING));
        assertThatThrownBy(
                        () ->
                                AlertSuppression.<Long, Tuple2<Long, Integer>>builder(
                                                Duration.ofMinutes(1), Types.LONG, TYPE)
                                        .summariesTo(wrong)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("summariesTo");
    }

    @Test
    void defaultUidsAreStableAcrossJvms() {
        // SHA-256("exact;name=deduplicate;idType=Long;expireAfterMillis=3600000;"
        //         + "granularityMillis=900000;timeDomain=EVENT_TIME;keep=KEEP_FIRST;shards=128")
        assertThat(exact().build().uid()).isEqualTo("streamkit-dedup-a6ac24e3");
        // SHA-256("name=Streamkit alert suppression 10min;periodMillis=600000;eventTime=true;"
        //         + "keyType=String")
        assertThat(
                        AlertSuppression.<String, Tuple2<Long, Integer>>builder(
                                        Duration.ofMinutes(10), Types.STRING, TYPE)
                                .build()
                                .uid())
                .isEqualTo("streamkit-alert-suppression-458420ed");
    }

    @Test
    void defaultUidsDifferBetweenConfigurationsAndAnExplicitUidWins() {
        List<String> uids =
                List.of(
                        exact().build().uid(),
                        exact().expireAfter(Duration.ofHours(2)).build().uid(),
                        exact().keepLast().build().uid(),
                        exact().shards(64).build().uid(),
                        exact().inProcessingTime().build().uid(),
                        exact().name("orders").build().uid(),
                        approximate().build().uid(),
                        approximate().falsePositiveRate(0.001).build().uid());
        assertThat(uids).doesNotHaveDuplicates();
        // tuning knobs keep the uid, so they keep the state
        assertThat(exact().miniBatch(100).writeBuffer(0).idCacheBytes(0).build().uid())
                .isEqualTo(exact().build().uid());
        assertThat(exact().uid("mine").build().uid()).isEqualTo("mine");
        assertThat(
                        RateLimiter.<Long, Tuple2<Long, Integer>>builder(
                                        3, Duration.ofMinutes(1), TYPE)
                                .build()
                                .uid())
                .isNotEqualTo(
                        RateLimiter.<Long, Tuple2<Long, Integer>>builder(
                                        4, Duration.ofMinutes(1), TYPE)
                                .build()
                                .uid());
    }
}
