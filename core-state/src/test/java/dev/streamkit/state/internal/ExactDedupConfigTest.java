package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.ExactDeduplicator;
import dev.streamkit.state.KeepPolicy;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** The exact deduplication's parameters alone: defaults, copies, derived values, validation. */
class ExactDedupConfigTest {
    private static final KeySelector<String, String> ID = s -> s;

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ExactDedupConfig<String, String> c = new ExactDedupConfig<>(ID, Types.STRING);
        assertThat(c.timeDomain()).isEqualTo(TimeDomain.EVENT_TIME);
        assertThat(c.eventTime()).isTrue();
        assertThat(c.keepPolicy()).isEqualTo(KeepPolicy.KEEP_FIRST);
        assertThat(c.shards()).isEqualTo(128);
        assertThat(c.miniBatchSize()).isZero();
        assertThat(c.idCacheBytes()).isEqualTo(64L << 20);
        assertThat(c.writeBufferIds()).isEqualTo(ExactDeduplicator.AUTO_WRITE_BUFFER_IDS);
        assertThat(c.name()).isEqualTo("deduplicate");
        assertThat(c.description()).isEqualTo("Streamkit deduplication 'deduplicate'");
        assertThat(c.uid()).isNull();
        assertThat(c.duplicateTag()).isNull();
        assertThat(c.lateTag()).isNull();
        assertThat(c.invalidTag()).isNull();
    }

    @Test
    void everyWithReturnsAChangedCopyAndLeavesTheReceiverUnchanged() {
        ExactDedupConfig<String, String> base =
                new ExactDedupConfig<>(ID, Types.STRING).withExpireAfter(Duration.ofSeconds(8));
        OutputTag<String> dups = new OutputTag<String>("dups") {};
        ExactDedupConfig<String, String> changed =
                base.withShards(16)
                        .withKeepPolicy(KeepPolicy.KEEP_LAST)
                        .withTimeDomain(TimeDomain.PROCESSING_TIME)
                        .withMiniBatchSize(5)
                        .withIdCacheBytes(7)
                        .withWriteBufferIds(9)
                        .withGranularity(Duration.ofMillis(500))
                        .withDuplicateTag(dups)
                        .withName("n")
                        .withUid("u");
        assertThat(changed.shards()).isEqualTo(16);
        assertThat(changed.keepPolicy()).isEqualTo(KeepPolicy.KEEP_LAST);
        assertThat(changed.eventTime()).isFalse();
        assertThat(changed.miniBatchSize()).isEqualTo(5);
        assertThat(changed.idCacheBytes()).isEqualTo(7);
        assertThat(changed.writeBufferIds()).isEqualTo(9);
        assertThat(changed.granularityMillis()).isEqualTo(500);
        assertThat(changed.duplicateTag()).isSameAs(dups);
        assertThat(changed.name()).isEqualTo("n");
        assertThat(changed.uid()).isEqualTo("u");
        assertThat(changed.expireAfterMillis()).isEqualTo(8000);
        // the receiver kept every default
        assertThat(base.shards()).isEqualTo(128);
        assertThat(base.keepPolicy()).isEqualTo(KeepPolicy.KEEP_FIRST);
        assertThat(base.eventTime()).isTrue();
        assertThat(base.granularityMillis()).isEqualTo(2000);
        assertThat(base.duplicateTag()).isNull();
        assertThat(base.name()).isEqualTo("deduplicate");
        assertThat(base.uid()).isNull();
    }

    @Test
    void theDefaultGranularityIsAQuarterOfTheHorizonAndAtLeastOneMillisecond() {
        ExactDedupConfig<String, String> c = new ExactDedupConfig<>(ID, Types.STRING);
        assertThat(c.withExpireAfter(Duration.ofMinutes(16)).granularityMillis())
                .isEqualTo(240_000);
        assertThat(c.withExpireAfter(Duration.ofMillis(3)).granularityMillis()).isEqualTo(1);
    }

    @Test
    void validateNamesTheMissingParameter() {
        ExactDedupConfig<String, String> c = new ExactDedupConfig<>(ID, Types.STRING);
        assertThatThrownBy(c::validate).hasMessageContaining("expireAfter is required");
        ExactDedupConfig<String, String> valid = c.withExpireAfter(Duration.ofSeconds(1));
        assertThat(valid.validate()).isSameAs(valid);
        assertThatThrownBy(() -> valid.withShards(0).validate())
                .hasMessage("shards must be in [1, 1048576], got 0");
    }
}
