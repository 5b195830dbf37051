package dev.streamkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.benchmarks.suites.CeilingSuite;
import org.junit.jupiter.api.Test;

class BenchTest {

    @Test
    void findsSuitesByName() throws Exception {
        assertThat(Bench.suite("ceiling")).isInstanceOf(CeilingSuite.class);
    }

    @Test
    void unknownSuiteNamesTheClassItLookedFor() {
        assertThatThrownBy(() -> Bench.suite("no-such"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.streamkit.benchmarks.suites.NoSuchSuite");
    }
}
