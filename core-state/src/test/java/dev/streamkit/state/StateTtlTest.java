package dev.streamkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

class StateTtlTest {

    @Test
    void hashMapGetsIncrementalCleanup() {
        StateTtlConfig ttl = StateTtl.forBackend(Duration.ofMinutes(5), StateTtl.Backend.HASHMAP);
        assertThat(ttl.getTimeToLive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ttl.getCleanupStrategies().getIncrementalCleanupStrategy()).isNotNull();
        assertThat(ttl.getCleanupStrategies().getIncrementalCleanupStrategy().getCleanupSize())
                .isEqualTo(10);
        assertThat(ttl.getCleanupStrategies().isCleanupInBackground()).isTrue();
        assertThat(ttl.getStateVisibility())
                .isEqualTo(StateTtlConfig.StateVisibility.NeverReturnExpired);
    }

    @Test
    void rocksDbGetsTheCompactionFilter() {
        StateTtlConfig ttl = StateTtl.forBackend(Duration.ofMinutes(5), StateTtl.Backend.ROCKSDB);
        assertThat(ttl.getCleanupStrategies().getRocksdbCompactFilterCleanupStrategy()).isNotNull();
        assertThat(
                        ttl.getCleanupStrategies()
                                .getRocksdbCompactFilterCleanupStrategy()
                                .getQueryTimeAfterNumEntries())
                .isEqualTo(1000L);
    }

    @Test
    void jobConfigurationSelectsTheBackend() {
        Configuration rocks = new Configuration();
        rocks.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        assertThat(
                        StateTtl.forJob(Duration.ofSeconds(1), rocks)
                                .getCleanupStrategies()
                                .getRocksdbCompactFilterCleanupStrategy())
                .isNotNull();
        Configuration heap = new Configuration();
        heap.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        assertThat(
                        StateTtl.forJob(Duration.ofSeconds(1), heap)
                                .getCleanupStrategies()
                                .getIncrementalCleanupStrategy())
                .isNotNull();
        Configuration custom = new Configuration();
        custom.set(StateBackendOptions.STATE_BACKEND, "com.example.MyBackendFactory");
        StateTtlConfig portable = StateTtl.forJob(Duration.ofSeconds(1), custom);
        assertThat(portable.getCleanupStrategies().getIncrementalCleanupStrategy()).isNotNull();
        assertThat(portable.getCleanupStrategies().getRocksdbCompactFilterCleanupStrategy())
                .isNotNull();
    }

    @Test
    void misconfigurationNamesTheParameter() {
        assertThatThrownBy(() -> StateTtl.forBackend(Duration.ZERO, StateTtl.Backend.HASHMAP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> StateTtl.forBackend(Duration.ofSeconds(1), null))
                .hasMessageContaining("backend");
    }
}
