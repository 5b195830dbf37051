package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.Fields;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

/**
 * A composite of {@link PrimitivePart}s only (count, sumLong, min/max, minLong/maxLong) with one
 * {@code long[]} as its accumulator: each part's values at fixed offsets (doubles as their bits),
 * instead of {@link CompositeAggregator}'s {@link Row} of one array per part.
 *
 * <p>Why: at 1 M keys a sliding window keeps about 25 accumulators per key (slices, suffix
 * aggregates, running aggregate). As a {@code Row} each is five objects (row, its field array,
 * three part arrays) and 128 bytes; packed, it is one array of 48 bytes. Young collections copy and
 * scan a third of the objects, and a merge reads two arrays instead of ten (async-profiler, sliding
 * 60 s / 1 s over 1 M uniform keys: young collections were about a fifth of the run).
 *
 * <p>State compatibility: {@link PackedRowSerializer} writes exactly the bytes of the {@code
 * RowSerializer} over the parts' array serializers, and accepts that serializer's snapshot as
 * compatible. The heap backend restores such state as {@code Row}s (it deserializes with the
 * serializer it finds in the snapshot), so every method here also accepts a {@code Row} of the
 * parts' arrays and answers with a packed array: the accumulator type is {@code Object}.
 */
@Internal
public final class PackedCompositeAggregator<T, R> extends BuiltInAggregator<T, Object, R> {
    private static final long serialVersionUID = 1L;

    private final Aggregator<T, Object, Object>[] parts;
    private final int[] kinds;
    private final int[] offsets;
    private final int width;
    private final Fields.LongField<T>[] longFields;
    private final Fields.DoubleField<T>[] doubleFields;
    private final TypeInformation<R> resultType;
    private final CompositeAggregator.Assembler<R> assembler;

    /** Whether every part can be packed. */
    static boolean packs(List<? extends Aggregator<?, ?, ?>> parts) {
        for (Aggregator<?, ?, ?> part : parts) {
            if (!(part instanceof PrimitivePart)
                    || PackedRowSerializer.width(((PrimitivePart<?>) part).primitiveKind()) < 0) {
                return false;
            }
        }
        return !parts.isEmpty();
    }

    /**
     * The parts (each a {@link PrimitivePart}, see {@link #packs}) in one pass.
     *
     * @param parts the parts
     * @param resultType the type of the assembled result
     * @param assembler builds the result from the parts' results
     * @param description the stable description (the same as the {@code Row} composite's: default
     *     uids are hashed from it)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    PackedCompositeAggregator(
            List<? extends Aggregator<T, ?, ?>> parts,
            TypeInformation<R> resultType,
            CompositeAggregator.Assembler<R> assembler,
            String description) {
        super(description);
        Preconditions.checkArgument(packs(parts), "parts must all be primitive parts");
        this.parts = parts.toArray(new Aggregator[0]);
        this.resultType = resultType;
        this.assembler = assembler;
        kinds = new int[this.parts.length];
        offsets = new int[this.parts.length];
        longFields = new Fields.LongField[this.parts.length];
        doubleFields = new Fields.DoubleField[this.parts.length];
        int at = 0;
        for (int i = 0; i < kinds.length; i++) {
            PrimitivePart<T> p = (PrimitivePart<T>) this.parts[i];
            kinds[i] = p.primitiveKind();
            longFields[i] = p.longField();
            doubleFields[i] = p.doubleField();
            offsets[i] = at;
            at += PackedRowSerializer.width(kinds[i]);
        }
        width = at;
    }

    @Override
    public <V> Aggregator<T, Object, V> into(
            Aggregator.ResultMapper<R, V> mapper, TypeInformation<V> type) {
        Preconditions.checkArgument(mapper != null, "mapper must not be null");
        Preconditions.checkArgument(type != null, "type must not be null");
        CompositeAggregator.Assembler<R> inner = assembler;
        return new PackedCompositeAggregator<T, V>(
                Arrays.asList(parts),
                type,
                results -> mapper.map(inner.assemble(results)),
                "into(" + description() + ")");
    }

    @Override
    public Object createAccumulator() {
        long[] acc = new long[width];
        for (int i = 0; i < kinds.length; i++) {
            int o = offsets[i];
            switch (kinds[i]) {
                case PrimitivePart.MIN:
                    acc[o] = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
                    break;
                case PrimitivePart.MAX:
                    acc[o] = Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
                    break;
                case PrimitivePart.MIN_LONG:
                    acc[o] = Long.MAX_VALUE;
                    break;
                case PrimitivePart.MAX_LONG:
                    acc[o] = Long.MIN_VALUE;
                    break;
                default:
                    // count and sums start at 0, and the counts of min/max at 0 (0.0 has bits 0)
            }
        }
        return acc;
    }

    @Override
    public Object add(Object accumulator, T value) {
        long[] acc = packed(accumulator);
        int[] kinds = this.kinds;
        for (int i = 0; i < kinds.length; i++) {
            int o = offsets[i];
            switch (kinds[i]) {
                case PrimitivePart.COUNT:
                    acc[o]++;
                    break;
                case PrimitivePart.SUM_LONG:
                    acc[o] += longFields[i].get(value);
                    break;
                case PrimitivePart.MIN:
                    acc[o] = minBits(acc[o], doubleFields[i].get(value));
                    acc[o + 1] = plusOne(acc[o + 1]);
                    break;
                case PrimitivePart.MAX:
                    acc[o] = maxBits(acc[o], doubleFields[i].get(value));
                    acc[o + 1] = plusOne(acc[o + 1]);
                    break;
                case PrimitivePart.MIN_LONG:
                    acc[o] = Math.min(acc[o], longFields[i].get(value));
                    acc[o + 1]++;
                    break;
                default: // MAX_LONG
                    acc[o] = Math.max(acc[o], longFields[i].get(value));
                    acc[o + 1]++;
            }
        }
        return acc;
    }

    @Override
    public Object merge(Object accumulator, Object otherAccumulator) {
        long[] acc = packed(accumulator);
        long[] other = packed(otherAccumulator);
        int[] kinds = this.kinds;
        for (int i = 0; i < kinds.length; i++) {
            int o = offsets[i];
            switch (kinds[i]) {
                case PrimitivePart.COUNT:
                case PrimitivePart.SUM_LONG:
                    acc[o] += other[o];
                    break;
                case PrimitivePart.MIN:
                    acc[o] = minBits(acc[o], Double.longBitsToDouble(other[o]));
                    acc[o + 1] = plus(acc[o + 1], other[o + 1]);
                    break;
                case PrimitivePart.MAX:
                    acc[o] = maxBits(acc[o], Double.longBitsToDouble(other[o]));
                    acc[o + 1] = plus(acc[o + 1], other[o + 1]);
                    break;
                case PrimitivePart.MIN_LONG:
                    acc[o] = Math.min(acc[o], other[o]);
                    acc[o + 1] += other[o + 1];
                    break;
                default: // MAX_LONG
                    acc[o] = Math.max(acc[o], other[o]);
                    acc[o + 1] += other[o + 1];
            }
        }
        return acc;
    }

    /** Each part's own {@code getResult} on its own accumulator, unpacked. */
    @Override
    public R getResult(Object accumulator) {
        long[] acc = packed(accumulator);
        Object[] results = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            results[i] = parts[i].getResult(PackedRowSerializer.part(kinds[i], acc, offsets[i]));
        }
        return assembler.assemble(results);
    }

    @Override
    public TypeSerializer<Object> accumulatorSerializer() {
        return new PackedRowSerializer(kinds);
    }

    @Override
    public TypeInformation<R> resultType() {
        return resultType;
    }

    /** {@code acc} itself, or a packed copy of a {@code Row} restored from older state. */
    private long[] packed(Object acc) {
        return acc instanceof long[] ? (long[]) acc : PackedRowSerializer.pack(kinds, (Row) acc);
    }

    private static long minBits(long bits, double v) {
        return Double.doubleToRawLongBits(Math.min(Double.longBitsToDouble(bits), v));
    }

    private static long maxBits(long bits, double v) {
        return Double.doubleToRawLongBits(Math.max(Double.longBitsToDouble(bits), v));
    }

    /** A double count stored as bits, plus one (as the part's {@code acc[1]++}). */
    private static long plusOne(long bits) {
        return Double.doubleToRawLongBits(Double.longBitsToDouble(bits) + 1);
    }

    private static long plus(long bits, long otherBits) {
        return Double.doubleToRawLongBits(
                Double.longBitsToDouble(bits) + Double.longBitsToDouble(otherBits));
    }
}
