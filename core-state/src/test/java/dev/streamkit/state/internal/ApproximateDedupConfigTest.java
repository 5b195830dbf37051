package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.IdHasher;
import java.time.Duration;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** The approximate deduplication's parameters alone: defaults, copies, derived sizing, checks. */
class ApproximateDedupConfigTest {
    private static final IdHasher<String> HASHER = IdHasher.ofString(s -> s);

    private static ApproximateDedupConfig<String> minute() {
        return new ApproximateDedupConfig<>(HASHER)
                .withExpireAfter(Duration.ofMinutes(1))
                .withExpectedIds(1000);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ApproximateDedupConfig<String> c = minute();
        assertThat(c.falsePositiveRate()).isEqualTo(0.01);
        assertThat(c.slots()).isEqualTo(4);
        assertThat(c.shards()).isEqualTo(128);
        assertThat(c.maxOutOfOrdernessMillis()).isZero();
        assertThat(c.eventTime()).isTrue();
        assertThat(c.blockCacheBytes()).isEqualTo(64L << 20);
        assertThat(c.name()).isEqualTo("deduplicate-approximate");
        assertThat(c.description())
                .isEqualTo("Streamkit approximate deduplication 'deduplicate-approximate'");
        assertThat(c.uid()).isNull();
        assertThat(c.duplicateTag()).isNull();
    }

    @Test
    void everyWithReturnsAChangedCopyAndLeavesTheReceiverUnchanged() {
        ApproximateDedupConfig<String> base = minute();
        OutputTag<String> late = new OutputTag<String>("late") {};
        ApproximateDedupConfig<String> changed =
                base.withSlots(8)
                        .withShards(4)
                        .withFalsePositiveRate(0.001)
                        .withMaxOutOfOrderness(Duration.ofSeconds(3))
                        .withTimeDomain(TimeDomain.PROCESSING_TIME)
                        .withBlockCacheBytes(0)
                        .withLateTag(late)
                        .withName("n")
                        .withUid("u");
        assertThat(changed.slots()).isEqualTo(8);
        assertThat(changed.shards()).isEqualTo(4);
        assertThat(changed.falsePositiveRate()).isEqualTo(0.001);
        assertThat(changed.maxOutOfOrdernessMillis()).isEqualTo(3000);
        assertThat(changed.eventTime()).isFalse();
        assertThat(changed.blockCacheBytes()).isZero();
        assertThat(changed.lateTag()).isSameAs(late);
        assertThat(changed.name()).isEqualTo("n");
        assertThat(changed.uid()).isEqualTo("u");
        assertThat(base.slots()).isEqualTo(4);
        assertThat(base.shards()).isEqualTo(128);
        assertThat(base.maxOutOfOrdernessMillis()).isZero();
        assertThat(base.eventTime()).isTrue();
        assertThat(base.lateTag()).isNull();
        assertThat(base.uid()).isNull();
    }

    @Test
    void theEpochSpansTheHorizonAndTheDisorderInSlotsMinusOneEpochs() {
        // (60 000 + 0) / 3 + 1 and (60 000 + 3 000) / 3 + 1
        assertThat(minute().epochMillis()).isEqualTo(20_001);
        assertThat(minute().withMaxOutOfOrderness(Duration.ofSeconds(3)).epochMillis())
                .isEqualTo(21_001);
    }

    @Test
    void theStateBoundIsEveryBlockOfEveryShardWithItsHeaderWords() {
        ApproximateDedupConfig<String> c = minute().withShards(2);
        // a clock word, a layout word and 8 words (512 bits) per slot, 8 bytes a word
        assertThat(c.stateBytes()).isEqualTo(2L * c.blocksPerShard() * 8 * (2 + 8 * 4));
        assertThat(c.blocksPerShard()).isPositive();
        assertThat(c.hashesPerId()).isPositive();
    }

    @Test
    void validateNamesTheParameterAndChecksTheFiltersFit() {
        assertThatThrownBy(() -> new ApproximateDedupConfig<>(HASHER).validate())
                .hasMessageContaining("expireAfter is required");
        assertThatThrownBy(
                        () -> minute().withExpectedIds(Long.MAX_VALUE / 4).withShards(1).validate())
                .hasMessageContaining("needs too many blocks per shard: raise shards");
        ApproximateDedupConfig<String> valid = minute();
        assertThat(valid.validate()).isSameAs(valid);
    }
}
