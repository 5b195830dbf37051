package dev.streamkit.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeMathTest {
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_TIME = BigInteger.valueOf(TimeMath.MAX_TIME);

    /** Oracle: exact sum in BigInteger, clamped to [Long.MIN_VALUE, MAX_TIME]. */
    private static long saturated(long a, long b) {
        BigInteger r = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
        return r.max(MIN).min(MAX_TIME).longValueExact();
    }

    @Test
    void addSaturatesAtTheEdgesOfTime() {
        assertThat(TimeMath.add(Long.MAX_VALUE, 1)).isEqualTo(TimeMath.MAX_TIME);
        assertThat(TimeMath.add(Long.MAX_VALUE - 1, 1)).isEqualTo(TimeMath.MAX_TIME);
        assertThat(TimeMath.add(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
        assertThat(TimeMath.add(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(-1L);
        assertThat(TimeMath.add(1_000L, 59_999L)).isEqualTo(60_999L);
    }

    @Test
    void addEqualsTheExactSumClampedOnRandomInputs() {
        long seed = 20261205L;
        SplittableRandom random = new SplittableRandom(seed);
        long[] edges = {
            Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE
        };
        for (int i = 0; i < 100_000; i++) {
            long a = i % 3 == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
            long b =
                    i % 5 == 0
                            ? edges[random.nextInt(edges.length)]
                            : random.nextLong() >> random.nextInt(64);
            assertThat(TimeMath.add(a, b))
                    .as("seed %s: %s + %s", seed, a, b)
                    .isEqualTo(saturated(a, b));
        }
    }

    @Test
    void subtractSaturatesAtTheEdgesOfTime() {
        assertThat(TimeMath.subtract(Long.MIN_VALUE, 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(TimeMath.subtract(Long.MIN_VALUE + 1, 5)).isEqualTo(Long.MIN_VALUE);
        assertThat(TimeMath.subtract(Long.MAX_VALUE, -1)).isEqualTo(TimeMath.MAX_TIME);
        assertThat(TimeMath.subtract(Long.MAX_VALUE, 0)).isEqualTo(TimeMath.MAX_TIME);
        assertThat(TimeMath.subtract(0, Long.MIN_VALUE)).isEqualTo(TimeMath.MAX_TIME);
        assertThat(TimeMath.subtract(-1, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(TimeMath.subtract(60_999L, 1_000L)).isEqualTo(59_999L);
    }

    @Test
    void subtractEqualsTheExactDifferenceClampedOnRandomInputs() {
        long seed = 4242L;
        SplittableRandom random = new SplittableRandom(seed);
        long[] edges = {
            Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE
        };
        for (int i = 0; i < 100_000; i++) {
            long a = i % 3 == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
            long b =
                    i % 5 == 0
                            ? edges[random.nextInt(edges.length)]
                            : random.nextLong() >> random.nextInt(64);
            long expected =
                    BigInteger.valueOf(a)
                            .subtract(BigInteger.valueOf(b))
                            .max(MIN)
                            .min(MAX_TIME)
                            .longValueExact();
            assertThat(TimeMath.subtract(a, b))
                    .as("seed %s: %s - %s", seed, a, b)
                    .isEqualTo(expected);
        }
    }

    @Test
    void ceilRoundsUpToTheGranularityWithoutOverflow() {
        assertThat(TimeMath.ceil(0, 1000)).isEqualTo(0);
        assertThat(TimeMath.ceil(1, 1000)).isEqualTo(1000);
        assertThat(TimeMath.ceil(-1, 1000)).isEqualTo(0);
        assertThat(TimeMath.ceil(-1001, 1000)).isEqualTo(-1000);
        assertThat(TimeMath.ceil(Long.MAX_VALUE - 5, 1000)).isEqualTo(TimeMath.MAX_TIME);
        assertThat(TimeMath.ceil(Long.MIN_VALUE, 1000)).isEqualTo(Long.MIN_VALUE + 808);
    }

    @Test
    void ceilEqualsTheExactCeilingClampedOnRandomInputs() {
        long seed = 77L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            long t = i % 4 == 0 ? Long.MIN_VALUE + random.nextInt(5000) : random.nextLong();
            long g = 1 + random.nextInt(i % 2 == 0 ? 10 : 100_000_000);
            BigInteger bt = BigInteger.valueOf(t);
            BigInteger bg = BigInteger.valueOf(g);
            BigInteger[] qr = bt.divideAndRemainder(bg);
            BigInteger floor =
                    qr[1].signum() < 0 ? bt.subtract(qr[1]).subtract(bg) : bt.subtract(qr[1]);
            BigInteger ceil = floor.equals(bt) ? bt : floor.add(bg);
            long expected = ceil.min(MAX_TIME).longValueExact();
            assertThat(TimeMath.ceil(t, g))
                    .as("seed %s: ceil(%s, %s)", seed, t, g)
                    .isEqualTo(expected);
        }
    }
}
