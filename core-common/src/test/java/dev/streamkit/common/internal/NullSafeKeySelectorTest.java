package dev.streamkit.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;
import org.junit.jupiter.api.Test;

class NullSafeKeySelectorTest {
    private static final KeySelector<Map<String, String>, String> ACCOUNT = m -> m.get("account");
    private static final KeySelector<Map<String, String>, Integer> LENGTH =
            m -> m.get("account").length(); // NPE without the field

    @Test
    void aPresentKeyPassesThrough() throws Exception {
        assertThat(new NullSafeKeySelector<>(ACCOUNT, "?").getKey(Map.of("account", "a1")))
                .isEqualTo("a1");
        assertThat(KeyCheck.keyOrNull(LENGTH, Map.of("account", "abc"))).isEqualTo(3);
    }

    @Test
    void aNullOrThrowingExtractorGivesTheInvalidKeyInsteadOfFailingKeyBy() throws Exception {
        assertThat(new NullSafeKeySelector<>(ACCOUNT, "?").getKey(Map.of("id", "1")))
                .isEqualTo("?");
        assertThat(new NullSafeKeySelector<>(LENGTH, -1).getKey(Map.of())).isEqualTo(-1);
        assertThat(KeyCheck.keyOrNull(LENGTH, Map.of())).isNull();
        KeySelector<String, String> checked =
                s -> {
                    throw new Exception("bad");
                };
        assertThat(KeyCheck.keyOrNull(checked, "x")).isNull();
    }

    @Test
    void theInvalidKeyIsRequired() {
        assertThatThrownBy(() -> new NullSafeKeySelector<>(ACCOUNT, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
