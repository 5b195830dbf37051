package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.ApproximateDeduplicator;
import dev.streamkit.state.Deduplicate;
import dev.streamkit.state.IdHasher;
import java.time.Duration;
import org.apache.flink.streaming.api.TimeDomain;
import org.junit.jupiter.api.Test;

/** The approximate deduplicator's validation, filter sizing and uid text, alone. */
class ApproximateDedupSpecsTest {
    private static final IdHasher<String> HASHER = IdHasher.ofString(s -> s);

    private static void valid(int slots, long expectedIds, double fpr, boolean late) {
        ApproximateDedupSpecs.validate(
                HASHER,
                Duration.ofMinutes(1),
                Duration.ZERO,
                expectedIds,
                fpr,
                slots,
                8,
                late ? TimeDomain.PROCESSING_TIME : TimeDomain.EVENT_TIME,
                false,
                0,
                "d",
                null);
    }

    @Test
    void acceptsTheBoundsAndNamesTheParameterOutsideThem() {
        valid(3, 1, 1e-6, false);
        valid(16, 1, 0.5, true);
        assertThatThrownBy(() -> valid(2, 1, 0.01, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slots must be in [3, 16], got 2");
        assertThatThrownBy(() -> valid(4, 0, 0.01, false))
                .hasMessage("expectedIdsPerHorizon is required and must be >= 1, got 0");
        assertThatThrownBy(() -> valid(4, 1, 0.6, false))
                .hasMessage("falsePositiveRate must be in [1e-6, 0.5], got 0.6");
        assertThatThrownBy(
                        () ->
                                ApproximateDedupSpecs.validate(
                                        HASHER,
                                        Duration.ofMinutes(1),
                                        Duration.ZERO,
                                        1,
                                        0.01,
                                        4,
                                        8,
                                        TimeDomain.PROCESSING_TIME,
                                        true,
                                        0,
                                        "d",
                                        null))
                .hasMessage("lateRecordsTo is only meaningful in event time");
    }

    @Test
    void theEpochKeepsTheSpanWithinAllButTwoSlots() {
        // 60 s + 30 s over 4 slots: 90000 / 3 + 1
        assertThat(ApproximateDedupSpecs.epoch(60_000, 30_000, 4)).isEqualTo(30_001);
        assertThat(ApproximateDedupSpecs.epoch(1, 0, 3)).isEqualTo(1);
    }

    @Test
    void theFilterIsSizedForTheIdsOfOneEpochAndShardWithTheirSpread() {
        // 1 M ids per 60 s horizon, 30 s epochs, 8 shards: 62500 per slot and shard, + 3 sigma
        long[] sizing = ApproximateDedupSpecs.sizing(1_000_000, 30_000, 60_000, 8, 4, 0.01);
        double perSlot = 62_500 + 3 * Math.sqrt(62_500);
        assertThat(sizing).containsExactly(BlockedBloom.size(perSlot, 0.01 / 4));
        // fewer ids, fewer blocks
        assertThat(ApproximateDedupSpecs.sizing(1_000, 30_000, 60_000, 8, 4, 0.01)[0])
                .isLessThan(sizing[0]);
        assertThatThrownBy(
                        () ->
                                ApproximateDedupSpecs.sizing(
                                        Long.MAX_VALUE / 4, 60_000, 60_000, 1, 16, 1e-6))
                .hasMessageContaining("needs too many blocks per shard: raise shards");
    }

    @Test
    void theUidTextHoldsTheFilterLayoutParameters() {
        ApproximateDedupConfig<String> config =
                new ApproximateDedupConfig<>(HASHER)
                        .withExpireAfter(Duration.ofSeconds(10))
                        .withExpectedIds(1000)
                        .withBlockCacheBytes(5);
        assertThat(config.canonicalDescription())
                .isEqualTo(
                        "approximate;name=deduplicate-approximate;expireAfterMillis=10000;"
                                + "maxOutOfOrdernessMillis=0;expectedIds=1000;"
                                + "falsePositiveRate=0.01;slots=4;shards=128;"
                                + "timeDomain=EVENT_TIME");
        // the first 8 hex digits of SHA-256 of the text above (python3 hashlib): uids are part of
        // the savepoint contract
        ApproximateDeduplicator<String> spec =
                Deduplicate.approximate(HASHER)
                        .expireAfter(Duration.ofSeconds(10))
                        .expectedIdsPerHorizon(1000)
                        .blockCacheBytes(5)
                        .build();
        assertThat(spec.uid()).isEqualTo("streamkit-dedup-approximate-0170643a");
    }
}
