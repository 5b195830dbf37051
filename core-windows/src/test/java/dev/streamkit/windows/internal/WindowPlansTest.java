package dev.streamkit.windows.internal;

import static dev.streamkit.windows.Aggregations.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.LatePolicy;
import dev.streamkit.windows.Windows.Kind;
import dev.streamkit.windows.internal.session.SessionWindowAggregation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The window builders' shape validation, default name, uid text and plan choice, alone. */
class WindowPlansTest {
    private static final Duration S1 = Duration.ofSeconds(1);
    private static final Duration S10 = Duration.ofSeconds(10);

    @Test
    void validatesEachKindNamingTheParameter() {
        WindowPlans.validateShape(Kind.TUMBLING, S1, null, null, null);
        WindowPlans.validateShape(Kind.SLIDING, S10, S1, null, null);
        WindowPlans.validateShape(Kind.CUMULATIVE, S10, S1, null, null);
        WindowPlans.validateShape(Kind.SESSION, null, S1, null, S10);
        assertThatThrownBy(() -> WindowPlans.validateShape(Kind.SLIDING, S1, S10, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slide must be <= size, got slide PT10S and size PT1S");
        assertThatThrownBy(
                        () ->
                                WindowPlans.validateShape(
                                        Kind.CUMULATIVE, S10, Duration.ofSeconds(3), null, null))
                .hasMessageStartingWith("maxSize must be a multiple of step");
        assertThatThrownBy(() -> WindowPlans.validateShape(Kind.SESSION, null, S10, null, S1))
                .hasMessageStartingWith("maxLength must be >= gap");
        assertThatThrownBy(() -> WindowPlans.validateShape(Kind.TUMBLING, S1, null, null, S10))
                .hasMessage("maxLength applies to session windows only");
        assertThatThrownBy(
                        () ->
                                WindowPlans.validateShape(
                                        Kind.TUMBLING, Duration.ZERO, null, null, null))
                .hasMessage("size must be >= 1 ms, got PT0S");
        assertThatThrownBy(() -> WindowPlans.validateShape(Kind.SESSION, null, null, null, null))
                .hasMessage("gap must not be null");
    }

    @Test
    void theDefaultNameShowsKindSizesAndTimeDomain() {
        assertThat(WindowPlans.defaultName(Kind.SLIDING, S10, S1, false, false))
                .isEqualTo("Streamkit sliding 10s/1s window");
        assertThat(WindowPlans.defaultName(Kind.TUMBLING, S10, null, false, true))
                .isEqualTo("Streamkit processing-time tumbling 10s window");
        assertThat(WindowPlans.defaultName(Kind.SESSION, null, S1, true, false))
                .isEqualTo("Streamkit session dynamic-gap window");
    }

    @Test
    void theUidTextHoldsShapeTimeAggregationAndName() {
        Aggregator<String, ?, Long> agg = count();
        assertThat(WindowPlans.canonical(Kind.SESSION, null, S1, false, S10, true, agg, "n"))
                .startsWith(
                        "kind=SESSION;size=null;slideOrGap=PT1S;dynamicGap=false;maxLength=PT10S;"
                                + "time=processing;aggregation=")
                .endsWith(";name=n");
    }

    @Test
    void choosesSlicingSessionOrFlinkWindows() {
        Aggregator<String, ?, Long> agg = count();
        LatePolicy<String> drop = LatePolicy.drop();
        assertThat(
                        WindowPlans.plan(
                                Kind.SLIDING,
                                S10,
                                S1,
                                null,
                                null,
                                false,
                                agg,
                                drop,
                                null,
                                null,
                                "n"))
                .isInstanceOf(SlicingWindowAggregation.class);
        assertThat(
                        WindowPlans.plan(
                                Kind.SESSION, null, S1, null, null, false, agg, drop, 5, null, "n"))
                .isInstanceOf(SessionWindowAggregation.class);
        assertThat(
                        WindowPlans.plan(
                                Kind.TUMBLING,
                                S10,
                                null,
                                null,
                                null,
                                true,
                                agg,
                                drop,
                                null,
                                null,
                                "n"))
                .isInstanceOf(FlinkWindowAggregation.class);
    }
}
