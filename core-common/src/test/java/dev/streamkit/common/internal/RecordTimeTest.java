package dev.streamkit.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

class RecordTimeTest {
    @Test
    void aTimestampIsEventTime() {
        assertThat(RecordTime.eventTimeOf(new StreamRecord<>("x", 42L), "op", null)).isEqualTo(42L);
        assertThat(RecordTime.eventTimeOf(new StreamRecord<>("x", Long.MAX_VALUE), "op", null))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(RecordTime.hasEventTime(new StreamRecord<>("x", Long.MIN_VALUE + 1))).isTrue();
    }

    @Test
    void theFlip27NoTimestampMarkerFailsNamingTheOperatorAndTheFix() {
        assertThat(RecordTime.hasEventTime(new StreamRecord<>("x", Long.MIN_VALUE))).isFalse();
        assertThatThrownBy(
                        () ->
                                RecordTime.eventTimeOf(
                                        new StreamRecord<>("x", Long.MIN_VALUE),
                                        "Streamkit tumbling window 'stats'",
                                        "inProcessingTime()"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Streamkit tumbling window 'stats'")
                .hasMessageContaining("Long.MIN_VALUE timestamp (= no timestamp marker)")
                .hasMessageContaining("assignTimestampsAndWatermarks")
                .hasMessageContaining("inProcessingTime()");
    }

    @Test
    void aRecordWithoutTimestampFailsToo() {
        assertThat(RecordTime.hasEventTime(new StreamRecord<>("x"))).isFalse();
        assertThatThrownBy(() -> RecordTime.eventTimeOf(new StreamRecord<>("x"), "dedup", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dedup: ")
                .hasMessageNotContaining("processing time instead");
    }
}
