package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.state.KeepPolicy;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimeDomain;
import org.junit.jupiter.api.Test;

/** The exact deduplicator's validation, keep-last invalid key and uid text, alone. */
class ExactDedupSpecsTest {
    private static final KeySelector<String, String> ID = s -> s;

    private static void valid(
            TypeInformation<?> idType,
            Duration granularity,
            TimeDomain domain,
            int shards,
            int writeBufferIds,
            boolean late,
            String uid) {
        ExactDedupSpecs.validate(
                ID,
                idType,
                Duration.ofMinutes(1),
                granularity,
                domain,
                KeepPolicy.KEEP_FIRST,
                0,
                shards,
                0,
                writeBufferIds,
                late,
                "dedup",
                uid);
    }

    @Test
    void acceptsTheBoundsAndNamesTheParameterOutsideThem() {
        valid(Types.STRING, Duration.ofMinutes(1), TimeDomain.EVENT_TIME, 1 << 20, -1, true, null);
        valid(Types.LONG, null, TimeDomain.PROCESSING_TIME, 1, 50_000_000, false, "u");
        assertThatThrownBy(
                        () -> valid(Types.STRING, null, TimeDomain.EVENT_TIME, 0, -1, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shards must be in [1, 1048576], got 0");
        assertThatThrownBy(
                        () ->
                                valid(
                                        Types.STRING,
                                        Duration.ofMinutes(2),
                                        TimeDomain.EVENT_TIME,
                                        1,
                                        -1,
                                        false,
                                        null))
                .hasMessageStartingWith("timerGranularity must be between 1 ms and expireAfter");
        assertThatThrownBy(
                        () -> valid(Types.STRING, null, TimeDomain.EVENT_TIME, 1, -2, false, null))
                .hasMessageStartingWith("writeBuffer(maxIds) must be in [0, 50000000]");
        assertThatThrownBy(
                        () ->
                                valid(
                                        Types.STRING,
                                        null,
                                        TimeDomain.PROCESSING_TIME,
                                        1,
                                        -1,
                                        true,
                                        null))
                .hasMessage("lateRecordsTo is only meaningful in event time");
        assertThatThrownBy(
                        () ->
                                valid(
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                                        null,
                                        TimeDomain.EVENT_TIME,
                                        1,
                                        -1,
                                        false,
                                        null))
                .hasMessageContaining("cannot identify records");
        assertThatThrownBy(() -> valid(Types.STRING, null, TimeDomain.EVENT_TIME, 1, -1, false, ""))
                .hasMessage("uid must not be empty when set");
    }

    @Test
    void theKeepLastInvalidKeyIsTheSerializersDefaultInstance() {
        assertThat(ExactDedupSpecs.invalidId(Types.STRING)).isEqualTo("");
        assertThat(ExactDedupSpecs.invalidId(Types.LONG)).isEqualTo(0L);
    }

    @Test
    void theUidTextHoldsTheStateDecidingParametersOnly() {
        ExactDedupConfig<String, String> first =
                new ExactDedupConfig<>(ID, Types.STRING)
                        .withExpireAfter(Duration.ofSeconds(10))
                        .withMiniBatchSize(100)
                        .withShards(16);
        assertThat(first.canonicalDescription())
                .isEqualTo(
                        "exact;name=deduplicate;idType=String;expireAfterMillis=10000;"
                                + "granularityMillis=2500;timeDomain=EVENT_TIME;keep=KEEP_FIRST;"
                                + "shards=16");
        ExactDedupConfig<String, String> last =
                first.withKeepPolicy(KeepPolicy.KEEP_LAST).withMiniBatchSize(0);
        assertThat(last.canonicalDescription()).endsWith(";keep=KEEP_LAST;shards=0");
    }
}
