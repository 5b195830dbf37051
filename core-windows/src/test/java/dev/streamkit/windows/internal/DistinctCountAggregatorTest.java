package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hash.MurmurHash3;
import org.junit.jupiter.api.Test;

/**
 * Distinct counts of long and string fields. The hash of a value is part of the state contract
 * (restored accumulators hold hashes): it is checked against MurmurHash3 with seed 9001 directly.
 */
class DistinctCountAggregatorTest {

    private static byte[] bytes(DistinctAccumulator acc) {
        return acc.toBytes();
    }

    @Test
    void longValuesAreCountedByMurmurHash3OfTheLongWithSeed9001() {
        DistinctCountAggregator<Long> agg = DistinctCountAggregator.ofLong(x -> x);
        DistinctAccumulator expected = new DistinctAccumulator();
        expected.addHash(MurmurHash3.hash(new long[] {42L}, 9001L)[0]);
        expected.addHash(MurmurHash3.hash(new long[] {-7L}, 9001L)[0]);
        DistinctAccumulator acc = agg.createAccumulator();
        for (long v : new long[] {42, -7, 42}) {
            acc = agg.add(acc, v);
        }
        assertThat(bytes(acc)).isEqualTo(bytes(expected));
        assertThat(agg.getResult(acc)).isEqualTo(2L);
    }

    @Test
    void stringValuesAreCountedByMurmurHash3OfTheUtf8Bytes() {
        DistinctCountAggregator<String> agg = DistinctCountAggregator.ofString(s -> s);
        DistinctAccumulator expected = new DistinctAccumulator();
        expected.addHash(MurmurHash3.hash("é-1".getBytes(StandardCharsets.UTF_8), 9001L)[0]);
        DistinctAccumulator acc = agg.add(agg.createAccumulator(), "é-1");
        assertThat(bytes(acc)).isEqualTo(bytes(expected));
    }

    /** MurmurHash3 rejects an empty array: null and "" must still count, never fail the job. */
    @Test
    void nullAndEmptyStringsAreOneValueAndNeverFail() {
        DistinctCountAggregator<String> agg = DistinctCountAggregator.ofString(s -> s);
        DistinctAccumulator acc = agg.createAccumulator();
        for (String s : new String[] {null, "", "a", null, ""}) {
            acc = agg.add(acc, s);
        }
        assertThat(agg.getResult(acc)).isEqualTo(2L);
        // the empty string's stand-in is a byte no UTF-8 encoding contains: it is no other string
        DistinctAccumulator expected = new DistinctAccumulator();
        expected.addHash(MurmurHash3.hash(new byte[] {(byte) 0xFF}, 9001L)[0]);
        assertThat(bytes(agg.add(agg.createAccumulator(), ""))).isEqualTo(bytes(expected));
    }

    @Test
    void mergeUnitesAndCountsEachValueOnce() {
        DistinctCountAggregator<Long> agg = DistinctCountAggregator.ofLong(x -> x);
        DistinctAccumulator a = agg.createAccumulator();
        DistinctAccumulator b = agg.createAccumulator();
        for (long v = 0; v < 10; v++) {
            a = agg.add(a, v);
        }
        for (long v = 5; v < 15; v++) {
            b = agg.add(b, v);
        }
        assertThat(agg.getResult(agg.merge(a, b))).isEqualTo(15L);
        assertThat(agg.getResult(agg.createAccumulator())).isZero();
    }

    @Test
    void nullFieldFailsNamingIt() {
        assertThatThrownBy(() -> DistinctCountAggregator.ofLong(null))
                .hasMessage("field must not be null");
        assertThatThrownBy(() -> DistinctCountAggregator.ofString(null))
                .hasMessage("field must not be null");
    }
}
