package dev.streamkit.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exactly the events at or behind {@code watermark - lateness} are routed to the side output. */
class LateEventRouterTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void routesExactlyTheEventsBehindWatermarkMinusLateness(long seed) throws Exception {
        Random random = new Random(seed);
        long lateness = random.nextInt(3) * 25L;
        LateEventRouter<Long> router =
                LateEventRouter.builder(Types.LONG)
                        .allowedLateness(Duration.ofMillis(lateness))
                        .build();
        OneInputStreamOperatorTestHarness<Long, Long> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(router.function()));
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setup(Types.LONG.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        List<Long> expectedOnTime = new ArrayList<>();
        List<LateEvent<Long>> expectedLate = new ArrayList<>();
        long wm = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long ts = i * 3L - random.nextInt(120);
            h.processElement(new StreamRecord<>(ts, ts));
            // oracle: plain comparison against the watermark in force
            if (wm != Long.MIN_VALUE && ts + lateness <= wm) {
                expectedLate.add(new LateEvent<>(ts, ts, wm, Long.MIN_VALUE, Long.MIN_VALUE));
            } else {
                expectedOnTime.add(ts);
            }
            if (random.nextInt(10) == 0) {
                wm = Math.max(wm, i * 3L - 40);
                h.processWatermark(new Watermark(wm));
            }
        }
        assertThat(h.extractOutputValues()).as("seed %s", seed).isEqualTo(expectedOnTime);
        List<LateEvent<Long>> late = new ArrayList<>();
        if (h.getSideOutput(router.lateRecordsTag()) != null) {
            h.getSideOutput(router.lateRecordsTag()).forEach(r -> late.add(r.getValue()));
        }
        assertThat(late).as("seed %s", seed).isEqualTo(expectedLate).isNotEmpty();
        assertThat(late.get(0).latenessMillis)
                .isEqualTo(late.get(0).watermark - late.get(0).timestamp);
        h.close();
    }

    @ParameterizedTest(name = "lateness {0}")
    @ValueSource(longs = {0, 25, Long.MAX_VALUE})
    void theEndsOfTimeNeitherOverflowNorFail(long lateness) throws Exception {
        LateEventRouter<Long> router =
                LateEventRouter.builder(Types.LONG)
                        .allowedLateness(Duration.ofMillis(lateness))
                        .build();
        OneInputStreamOperatorTestHarness<Long, Long> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(router.function()));
        TestConfigs.disableGenericTypes(h.getExecutionConfig());
        h.setup(Types.LONG.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        long[] times = {Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        long[] watermarks = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
        List<Long> expectedOnTime = new ArrayList<>();
        List<Long> expectedLate = new ArrayList<>();
        for (long wm : watermarks) {
            if (wm != Long.MIN_VALUE) {
                h.processWatermark(new Watermark(wm));
            }
            for (long ts : times) {
                h.processElement(new StreamRecord<>(ts, ts));
                // oracle in exact arithmetic: late iff a watermark arrived and ts + lateness <= wm
                boolean late =
                        wm != Long.MIN_VALUE
                                && java.math.BigInteger.valueOf(ts)
                                                .add(java.math.BigInteger.valueOf(lateness))
                                                .compareTo(java.math.BigInteger.valueOf(wm))
                                        <= 0;
                (late ? expectedLate : expectedOnTime).add(ts);
            }
        }
        assertThat(h.extractOutputValues()).isEqualTo(expectedOnTime);
        List<Long> late = new ArrayList<>();
        if (h.getSideOutput(router.lateRecordsTag()) != null) {
            h.getSideOutput(router.lateRecordsTag())
                    .forEach(
                            r -> {
                                late.add(r.getValue().timestamp);
                                assertThat(r.getValue().latenessMillis).isNotNegative();
                            });
        }
        assertThat(late).isEqualTo(expectedLate);
        h.close();
    }

    @org.junit.jupiter.api.Test
    void aMissingTimestampFailsNamingTheRouter() throws Exception {
        LateEventRouter<Long> router = LateEventRouter.builder(Types.LONG).build();
        OneInputStreamOperatorTestHarness<Long, Long> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(router.function()));
        h.setup(Types.LONG.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        for (StreamRecord<Long> bad :
                java.util.Arrays.asList(
                        new StreamRecord<>(1L), new StreamRecord<>(1L, Long.MIN_VALUE))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.processElement(bad))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "Streamkit late-event router: record has Long.MIN_VALUE timestamp")
                    .hasMessageContaining("assignTimestampsAndWatermarks");
        }
        h.close();
    }
}
