package dev.streamkit.windows.internal;

import dev.streamkit.windows.Aggregator;
import dev.streamkit.windows.Fields;
import dev.streamkit.windows.Results;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

/**
 * Several aggregators computed in one pass: the accumulator is a {@link Row} whose fields are the
 * parts' accumulators (serialized by Flink's {@link RowSerializer} over the parts' serializers).
 */
@Internal
public final class CompositeAggregator<T, R> extends BuiltInAggregator<T, Row, R> {
    private static final long serialVersionUID = 1L;

    /** Builds the composite result from the parts' results (a fresh array per call). */
    public interface Assembler<R> extends Serializable {
        /**
         * Builds the result.
         *
         * @param results the parts' results, in order
         * @return the composite result
         */
        R assemble(Object[] results);
    }

    private final Aggregator<T, Object, Object>[] parts;
    private final TypeInformation<R> resultType;
    private final Assembler<R> assembler;
    // per part: its PrimitivePart kind (0: call its add) and field, applied inline by add()
    private final int[] kinds;
    private final Fields.LongField<T>[] longFields;
    private final Fields.DoubleField<T>[] doubleFields;

    /**
     * The parts in one pass, the result being {@link Results} read back with each part (ids of
     * parts created by {@code Aggregations}; others read by position). Parts that are all {@link
     * PrimitivePart}s share one packed accumulator ({@link PackedCompositeAggregator}, the same
     * bytes in state), others a {@link Row} of theirs.
     *
     * @param parts the aggregations
     * @param <T> the element type
     * @return the result
     */
    public static <T> BuiltInAggregator<T, ?, Results> results(
            List<? extends Aggregator<T, ?, ?>> parts) {
        return results(parts, PackedCompositeAggregator.packs(checked(parts)));
    }

    /**
     * {@link #results(List)}, packed or as a {@link Row} (tests write state of the row form).
     *
     * @param parts the aggregations
     * @param packed whether the accumulator is packed (all parts must be primitive parts)
     * @param <T> the element type
     * @return the result
     */
    static <T> BuiltInAggregator<T, ?, Results> results(
            List<? extends Aggregator<T, ?, ?>> parts, boolean packed) {
        checkParts(parts);
        long[] ids = new long[parts.size()];
        TypeInformation<?>[] types = new TypeInformation<?>[parts.size()];
        for (int i = 0; i < ids.length; i++) {
            Aggregator<T, ?, ?> part = parts.get(i);
            ids[i] =
                    part instanceof BuiltInAggregator
                            ? ((BuiltInAggregator<?, ?, ?>) part).partId()
                            : 0;
            types[i] = part.resultType();
        }
        ResultsTypeInfo type = new ResultsTypeInfo(ids, types);
        Assembler<Results> assembler = values -> new ResultValues(ids, values);
        return packed
                ? new PackedCompositeAggregator<>(parts, type, assembler, describeParts(parts))
                : new CompositeAggregator<>(parts, type, assembler);
    }

    private static void checkParts(List<?> parts) {
        Preconditions.checkArgument(
                parts != null && !parts.isEmpty(),
                "aggregations: at least one aggregation is required");
        for (Object part : parts) {
            Preconditions.checkArgument(part != null, "aggregations: null aggregation");
        }
    }

    static String describeParts(List<? extends Aggregator<?, ?, ?>> parts) {
        StringBuilder sb = new StringBuilder("of(");
        for (int i = 0; i < parts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(BuiltInAggregator.describe(parts.get(i)));
        }
        return sb.append(')').toString();
    }

    /**
     * The parts in one pass, their results assembled by {@code assembler}.
     *
     * @param parts the parts
     * @param resultType the type of the assembled result
     * @param assembler builds the result
     */
    public CompositeAggregator(
            List<? extends Aggregator<T, ?, ?>> parts,
            TypeInformation<R> resultType,
            Assembler<R> assembler) {
        this(checked(parts), resultType, assembler, describeParts(parts));
    }

    private static <L extends List<?>> L checked(L parts) {
        checkParts(parts);
        return parts;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private CompositeAggregator(
            List<? extends Aggregator<T, ?, ?>> parts,
            TypeInformation<R> resultType,
            Assembler<R> assembler,
            String description) {
        super(description);
        this.parts = parts.toArray(new Aggregator[0]);
        this.resultType = resultType;
        this.assembler = assembler;
        kinds = new int[this.parts.length];
        longFields = new Fields.LongField[this.parts.length];
        doubleFields = new Fields.DoubleField[this.parts.length];
        for (int i = 0; i < kinds.length; i++) {
            if (this.parts[i] instanceof PrimitivePart) {
                PrimitivePart<T> p = (PrimitivePart<T>) this.parts[i];
                kinds[i] = p.primitiveKind();
                longFields[i] = p.longField();
                doubleFields[i] = p.doubleField();
            }
        }
    }

    /**
     * The number of parts.
     *
     * @return the number of parts
     */
    public int arity() {
        return parts.length;
    }

    /** The same parts and accumulator (same state layout), the result mapped in the assembler. */
    @Override
    public <V> Aggregator<T, Row, V> into(
            Aggregator.ResultMapper<R, V> mapper, TypeInformation<V> type) {
        Preconditions.checkArgument(mapper != null, "mapper must not be null");
        Preconditions.checkArgument(type != null, "type must not be null");
        Assembler<R> inner = assembler;
        return new CompositeAggregator<T, V>(
                java.util.Arrays.asList(parts),
                type,
                results -> mapper.map(inner.assemble(results)),
                "into(" + description() + ")");
    }

    @Override
    public Row createAccumulator() {
        Row row = new Row(parts.length);
        for (int i = 0; i < parts.length; i++) {
            row.setField(i, parts[i].createAccumulator());
        }
        return row;
    }

    @Override
    public Row add(Row acc, T value) {
        int[] kinds = this.kinds;
        for (int i = 0; i < kinds.length; i++) {
            Object a = acc.getField(i);
            switch (kinds[i]) {
                case PrimitivePart.COUNT:
                    ((long[]) a)[0]++;
                    break;
                case PrimitivePart.SUM_LONG:
                    ((long[]) a)[0] += longFields[i].get(value);
                    break;
                case PrimitivePart.MAX:
                    {
                        double[] d = (double[]) a;
                        d[0] = Math.max(d[0], doubleFields[i].get(value));
                        d[1]++;
                        break;
                    }
                case PrimitivePart.MAX_LONG:
                    {
                        long[] l = (long[]) a;
                        l[0] = Math.max(l[0], longFields[i].get(value));
                        l[1]++;
                        break;
                    }
                case PrimitivePart.MIN_LONG:
                    {
                        long[] l = (long[]) a;
                        l[0] = Math.min(l[0], longFields[i].get(value));
                        l[1]++;
                        break;
                    }
                case PrimitivePart.MIN:
                    {
                        double[] d = (double[]) a;
                        d[0] = Math.min(d[0], doubleFields[i].get(value));
                        d[1]++;
                        break;
                    }
                default:
                    Object b = parts[i].add(a, value);
                    if (a != b) {
                        acc.setField(i, b);
                    }
            }
        }
        return acc;
    }

    @Override
    public Row merge(Row acc, Row other) {
        for (int i = 0; i < parts.length; i++) {
            acc.setField(i, parts[i].merge(acc.getField(i), other.getField(i)));
        }
        return acc;
    }

    @Override
    public R getResult(Row acc) {
        Object[] results = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            results[i] = parts[i].getResult(acc.getField(i));
        }
        return assembler.assemble(results);
    }

    @Override
    public TypeSerializer<Row> accumulatorSerializer() {
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            serializers[i] = parts[i].accumulatorSerializer();
        }
        return new RowSerializer(serializers);
    }

    @Override
    public TypeInformation<R> resultType() {
        return resultType;
    }
}
