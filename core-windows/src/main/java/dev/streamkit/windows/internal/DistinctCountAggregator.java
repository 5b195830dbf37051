package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.LongField;
import dev.streamkit.windows.Fields.ValueField;
import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.Preconditions;

/**
 * The number of distinct values of a field: exact up to {@link DistinctAccumulator#EXACT_LIMIT}
 * distinct values, then an HLL estimate. Values are counted by their 64-bit MurmurHash3 (seed
 * {@value #SEED}, first half): changing the hash would make restored state count every old value
 * again, so the hashing is part of the state contract. Accumulator (state layout): {@link
 * DistinctAccumulator}, written by {@link DistinctSerializer}.
 *
 * @param <T> the element type
 */
@Internal
public abstract class DistinctCountAggregator<T>
        extends BuiltInAggregator<T, DistinctAccumulator, Long> {
    private static final long serialVersionUID = 1L;

    /** The MurmurHash3 seed of every hash in the accumulator. */
    public static final long SEED = 9001L;

    private DistinctCountAggregator(String description) {
        super(description);
    }

    /**
     * Distinct values of a {@code long} field (hash of the value as one {@code long}), described as
     * {@code distinctCount}.
     *
     * @param field reads the value from an element, not null
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> DistinctCountAggregator<T> ofLong(LongField<T> field) {
        Preconditions.checkArgument(field != null, "field must not be null");
        return new OfLong<>(field);
    }

    /**
     * Distinct values of a {@code String} field (hash of its UTF-8 bytes; null counts as the empty
     * string, which is hashed as the single byte {@code 0xFF}), described as {@code
     * distinctCountOf}.
     *
     * @param field reads the value from an element, not null
     * @param <T> the element type
     * @return the aggregator
     */
    public static <T> DistinctCountAggregator<T> ofString(ValueField<T, String> field) {
        Preconditions.checkArgument(field != null, "field must not be null");
        return new OfString<>(field);
    }

    @Override
    public DistinctAccumulator createAccumulator() {
        return new DistinctAccumulator();
    }

    @Override
    public DistinctAccumulator merge(DistinctAccumulator acc, DistinctAccumulator other) {
        acc.merge(other);
        return acc;
    }

    @Override
    public Long getResult(DistinctAccumulator acc) {
        return acc.estimate();
    }

    @Override
    public TypeSerializer<DistinctAccumulator> accumulatorSerializer() {
        return DistinctSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<Long> resultType() {
        return Types.LONG;
    }

    private static final class OfLong<T> extends DistinctCountAggregator<T> {
        private static final long serialVersionUID = 1L;
        private final LongField<T> field;

        OfLong(LongField<T> field) {
            super("distinctCount");
            this.field = field;
        }

        @Override
        public DistinctAccumulator add(DistinctAccumulator acc, T value) {
            acc.addHash(MurmurHash3.hash(new long[] {field.get(value)}, SEED)[0]);
            return acc;
        }
    }

    private static final class OfString<T> extends DistinctCountAggregator<T> {
        private static final long serialVersionUID = 1L;

        /**
         * What null and the empty string are hashed as: MurmurHash3 rejects an empty array, and
         * 0xFF occurs in no UTF-8 encoding, so no other string shares this input.
         */
        private static final byte[] EMPTY = {(byte) 0xFF};

        private final ValueField<T, String> field;

        OfString(ValueField<T, String> field) {
            super("distinctCountOf");
            this.field = field;
        }

        @Override
        public DistinctAccumulator add(DistinctAccumulator acc, T value) {
            String s = field.get(value);
            byte[] bytes = s == null || s.isEmpty() ? EMPTY : s.getBytes(StandardCharsets.UTF_8);
            acc.addHash(MurmurHash3.hash(bytes, SEED)[0]);
            return acc;
        }
    }
}
