package dev.streamkit.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.internal.TimeMath;
import org.junit.jupiter.api.Test;

/** The negative cache alone: when it turns warm, what it skips, and dropping it at its bound. */
class NegativeCacheTest {
    private static final long MB = 1 << 20;

    private static NegativeCache cache(long restoredUntil, long maxBytes) {
        return new NegativeCache(new IdFilterCache(100, 10, maxBytes, 0), restoredUntil, maxBytes);
    }

    @Test
    void withoutRestoredTimersItIsWarmAndSkipsReadsOfUnknownIds() {
        NegativeCache c = cache(Long.MIN_VALUE, MB);
        assertThat(c.active()).isTrue();
        assertThat(c.warm()).isTrue();
        c.remember(42L, 50);
        assertThat(c.skipsRead(42L)).isFalse(); // added: must be read
        assertThat(c.skipsRead(7L)).isTrue();
        assertThat(c.skipsRead(8L)).isTrue();
        assertThat(c.readsSkipped()).isEqualTo(2);
    }

    @Test
    void afterARestoreItIsColdUntilTheWatermarkReachesTheLatestRestoredTimer() {
        NegativeCache c = cache(500, MB);
        assertThat(c.warm()).isFalse();
        assertThat(c.skipsRead(7L)).isFalse(); // cold: every id is read
        c.watermarkAt(499);
        assertThat(c.warm()).isFalse();
        c.watermark(500);
        assertThat(c.warm()).isTrue();
        assertThat(c.readsSkipped()).isZero();
    }

    @Test
    void afterARestoreAProcessingTimerLaterThanTheRestoredOnesWarmsIt() {
        NegativeCache c = cache(500, MB);
        c.processingTimerFired(500);
        assertThat(c.warm()).isFalse();
        c.processingTimerFired(501);
        assertThat(c.warm()).isTrue();
    }

    @Test
    void theNeverExpiringSentinelKeepsItColdForGood() {
        NegativeCache c = cache(TimeMath.MAX_TIME, MB);
        c.watermark(Long.MAX_VALUE);
        c.processingTimerFired(Long.MAX_VALUE);
        assertThat(c.warm()).isFalse();
    }

    @Test
    void reachingTheBoundDropsTheCacheForGood() {
        NegativeCache c = cache(Long.MIN_VALUE, 10); // not even one filter block fits
        c.remember(42L, 50);
        assertThat(c.active()).isFalse();
        assertThat(c.warm()).isFalse();
        assertThat(c.skipsRead(7L)).isFalse();
        assertThat(c.needsTimer(1, 50)).isTrue();
        c.watermark(1000); // no-ops without filters
        c.fired(1, 50);
        assertThat(c.warm()).isFalse();
    }

    @Test
    void withoutFiltersItIsInactiveAndEveryTimerIsRegistered() {
        NegativeCache c = new NegativeCache(null, Long.MIN_VALUE, MB);
        assertThat(c.active()).isFalse();
        assertThat(c.warm()).isFalse();
        assertThat(c.needsTimer(3, 10)).isTrue();
        assertThat(c.needsTimer(3, 10)).isTrue();
    }

    @Test
    void aTimerIsRegisteredOncePerShardAndGranuleUntilItFires() {
        NegativeCache c = cache(Long.MIN_VALUE, MB);
        assertThat(c.needsTimer(3, 10)).isTrue();
        assertThat(c.needsTimer(3, 10)).isFalse();
        assertThat(c.needsTimer(4, 10)).isTrue();
        c.fired(3, 10);
        assertThat(c.needsTimer(3, 10)).isTrue();
    }

    @Test
    void theEpochIsAboutHalfTheHorizonInGranules() {
        // 1000 ms horizon, 10 ms granules: 102 granules, 51 per epoch
        assertThat(NegativeCache.epoch(1000, 10)).isEqualTo(510);
        assertThat(NegativeCache.epoch(0, 10)).isEqualTo(10);
        // the longest horizon: 4 granules, 2 per epoch, no overflow
        assertThat(NegativeCache.epoch(Long.MAX_VALUE, Long.MAX_VALUE / 2))
                .isEqualTo(Long.MAX_VALUE - 1);
    }
}
