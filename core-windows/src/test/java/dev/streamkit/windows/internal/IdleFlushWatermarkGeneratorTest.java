package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.windows.WatermarkPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/** Idleness and idle flush of the Kinesis watermark preset, on a manual clock. */
class IdleFlushWatermarkGeneratorTest {

    /** Records what a generator emits. */
    static final class Recorder implements WatermarkOutput {
        final List<String> log = new ArrayList<>();
        long last = Long.MIN_VALUE;

        @Override
        public void emitWatermark(Watermark watermark) {
            last = watermark.getTimestamp();
            log.add("wm " + last);
        }

        @Override
        public void markIdle() {
            log.add("idle");
        }

        @Override
        public void markActive() {
            log.add("active");
        }
    }

    @Test
    void boundedOutOfOrdernessThenIdleThenFlushFollowingTheWallClock() {
        ManualClock clock = new ManualClock();
        IdleFlushWatermarkGenerator<String> gen =
                new IdleFlushWatermarkGenerator<>(100, 1_000, 5_000, clock);
        Recorder out = new Recorder();
        gen.onEvent("a", 10_000, out);
        gen.onEvent("b", 9_950, out);
        gen.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("wm 9899");

        clock.advanceTime(1_000, TimeUnit.MILLISECONDS); // idle, watermark held
        gen.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("wm 9899", "idle");

        clock.advanceTime(4_000, TimeUnit.MILLISECONDS); // 5 s of silence: flush starts
        gen.onPeriodicEmit(out);
        assertThat(out.last).isEqualTo(9_899 + 5_000);
        clock.advanceTime(2_000, TimeUnit.MILLISECONDS);
        gen.onPeriodicEmit(out);
        assertThat(out.last).isEqualTo(9_899 + 7_000);

        gen.onEvent("c", 20_000, out); // traffic resumes: bounded out-of-orderness again
        gen.onPeriodicEmit(out);
        assertThat(out.last).isEqualTo(19_899);
    }

    @Test
    void eventsAtTheEndsOfTimeNeverWrapTheWatermark() {
        ManualClock clock = new ManualClock();
        IdleFlushWatermarkGenerator<String> gen =
                new IdleFlushWatermarkGenerator<>(100, 1_000, 5_000, clock);
        Recorder out = new Recorder();
        // a producer's bogus Long.MIN_VALUE + 1: MIN + 1 - 100 - 1 would wrap to ~Long.MAX_VALUE
        gen.onEvent("ancient", Long.MIN_VALUE + 1, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last).isEqualTo(Long.MIN_VALUE);
        gen.onEvent("a", 10_000, out);
        gen.onPeriodicEmit(out);
        assertThat(out.last).isEqualTo(9_899);
        // a far-future event, then a long silence: the flush saturates instead of wrapping
        gen.onEvent("future", Long.MAX_VALUE, out);
        clock.advanceTime(6_000, TimeUnit.MILLISECONDS);
        gen.onPeriodicEmit(out);
        assertThat(out.last).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void aSourceThatNeverSawAnEventGoesIdleAndEmitsNothing() {
        ManualClock clock = new ManualClock();
        IdleFlushWatermarkGenerator<String> gen =
                new IdleFlushWatermarkGenerator<>(0, 500, 2_000, clock);
        Recorder out = new Recorder();
        gen.onPeriodicEmit(out);
        clock.advanceTime(10_000, TimeUnit.MILLISECONDS);
        gen.onPeriodicEmit(out);
        assertThat(out.log).containsExactly("idle");
    }

    @Test
    void presetsValidateTheirParameters() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                WatermarkPresets.kinesis(
                                        Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .hasMessageContaining("maxOutOfOrderness must be >= 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> WatermarkPresets.kinesis(Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("idleness must be >= 1 ms");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                WatermarkPresets.kinesisWithIdleFlush(
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1),
                                        Duration.ZERO))
                .hasMessageContaining("flushAfter must be >= 1 ms");
        assertThat(WatermarkPresets.<String>kinesis(Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .isNotNull();
    }
}
