package dev.streamkit.windows;

import static dev.streamkit.windows.Aggregations.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/** Misconfiguration fails at build() with a message naming the parameter. */
class WindowsTest {

    private static WindowAggregation<String, Long> build(Windows.Spec spec) {
        return spec.<String, Long>aggregate(count()).build();
    }

    @Test
    void slideLargerThanSizeFails() {
        assertThatThrownBy(
                        () -> build(Windows.sliding(Duration.ofSeconds(1), Duration.ofSeconds(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slide must be <= size");
    }

    @Test
    void zeroOrNegativeSizesAndGapsFail() {
        assertThatThrownBy(() -> build(Windows.tumbling(Duration.ZERO)))
                .hasMessageContaining("size must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.sliding(Duration.ofSeconds(1), Duration.ZERO)))
                .hasMessageContaining("slide must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.session(Duration.ZERO)))
                .hasMessageContaining("gap must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.session(Duration.ofSeconds(-1))))
                .hasMessageContaining("gap must be >= 1 ms");
        assertThatThrownBy(() -> build(Windows.tumbling(null)))
                .hasMessageContaining("size must not be null");
    }

    @Test
    void cumulativeNeedsMaxSizeMultipleOfStep() {
        assertThatThrownBy(
                        () ->
                                build(
                                        Windows.cumulative(
                                                Duration.ofSeconds(10), Duration.ofSeconds(3))))
                .hasMessageContaining("maxSize must be a multiple of step");
    }

    @Test
    void negativeLatenessFailsForWindowsAndRouter() {
        assertThatThrownBy(
                        () ->
                                Windows.tumbling(Duration.ofSeconds(1))
                                        .<String, Long>aggregate(count())
                                        .lateEvents(
                                                LatePolicy.allowedLateness(Duration.ofMillis(-1)))
                                        .build())
                .hasMessageContaining("allowedLateness must be >= 0");
        assertThatThrownBy(
                        () ->
                                LateEventRouter.builder(Types.STRING)
                                        .allowedLateness(Duration.ofSeconds(-5))
                                        .build())
                .hasMessageContaining("allowedLateness must be >= 0");
    }

    @Test
    void missingAggregationFails() {
        assertThatThrownBy(() -> Windows.tumbling(Duration.ofSeconds(1)).aggregate(null).build())
                .hasMessageContaining("aggregation must not be null");
    }

    @Test
    void sessionMaxLengthIsValidated() {
        assertThatThrownBy(
                        () ->
                                build(
                                        Windows.session(Duration.ofMinutes(5))
                                                .maxLength(Duration.ofMinutes(1))))
                .hasMessageContaining("maxLength must be >= gap");
        assertThatThrownBy(
                        () ->
                                build(
                                        Windows.tumbling(Duration.ofMinutes(5))
                                                .maxLength(Duration.ofMinutes(10))))
                .hasMessageContaining("maxLength applies to session windows only");
    }

    @Test
    void processingTimeRejectsLateness() {
        assertThatThrownBy(
                        () ->
                                Windows.tumbling(Duration.ofSeconds(1))
                                        .processingTime()
                                        .<String, Long>aggregate(count())
                                        .lateEvents(
                                                LatePolicy.allowedLateness(Duration.ofSeconds(1)))
                                        .build())
                .hasMessageContaining("allowedLateness must be zero for processing-time");
    }

    @Test
    void validSpecsBuildAndExposeTheLateTag() {
        WindowAggregation<String, Long> agg =
                Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
                        .<String, Long>aggregate(count())
                        .lateEvents(LatePolicy.sideOutput("late", Types.STRING))
                        .build();
        assertThat(agg.lateOutputTag()).isPresent();
        assertThat(agg.lateOutputTag().get().getId()).isEqualTo("late");
        assertThat(build(Windows.session(Duration.ofMinutes(1))).lateOutputTag()).isEmpty();
    }
}
