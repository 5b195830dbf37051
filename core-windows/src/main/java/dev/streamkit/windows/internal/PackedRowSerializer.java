package dev.streamkit.windows.internal;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Row;

/**
 * Serializes the packed accumulator of {@link PackedCompositeAggregator} ({@code long[]}, each
 * part's values at its offset) in exactly the bytes that Flink's {@link RowSerializer} writes for a
 * {@link Row} of the parts' own arrays: the row's mask ({@code (parts + 2) / 8} rounded up bytes,
 * all zero: row kind INSERT, no null field), then per part its array as {@link
 * LongPrimitiveArraySerializer} or {@link DoublePrimitiveArraySerializer} writes it (length,
 * values).
 *
 * <p>So state written by the {@code Row} composite reads as is, and its snapshot ({@code
 * RowSerializerSnapshot} over the same array serializers) is compatible as is. It also serializes
 * and copies a {@code Row} of the parts' arrays (the heap backend restores such state as rows),
 * copying it into a packed array.
 */
@Internal
public final class PackedRowSerializer extends TypeSerializer<Object> {
    private static final long serialVersionUID = 1L;

    private final int[] kinds;
    private final int width;
    private final int maskBytes;

    /**
     * @param kinds each part's {@link PrimitivePart} kind, in order
     */
    PackedRowSerializer(int[] kinds) {
        this.kinds = kinds.clone();
        int w = 0;
        for (int kind : kinds) {
            int k = width(kind);
            if (k < 0) {
                throw new IllegalArgumentException("not a packable part kind: " + kind);
            }
            w += k;
        }
        this.width = w;
        this.maskBytes = (kinds.length + 2 + 7) / 8;
    }

    /** The longs part kind {@code kind} takes in a packed accumulator, or -1 if it cannot pack. */
    static int width(int kind) {
        switch (kind) {
            case PrimitivePart.COUNT:
            case PrimitivePart.SUM_LONG:
                return 1;
            case PrimitivePart.MIN:
            case PrimitivePart.MAX:
            case PrimitivePart.MIN_LONG:
            case PrimitivePart.MAX_LONG:
                return 2;
            default:
                return -1;
        }
    }

    private static boolean isDouble(int kind) {
        return kind == PrimitivePart.MIN || kind == PrimitivePart.MAX;
    }

    /** The accumulator of a part of {@code kind} at offset {@code o} of {@code acc}: a copy. */
    static Object part(int kind, long[] acc, int o) {
        int w = width(kind);
        if (isDouble(kind)) {
            double[] d = new double[w];
            for (int i = 0; i < w; i++) {
                d[i] = Double.longBitsToDouble(acc[o + i]);
            }
            return d;
        }
        return Arrays.copyOfRange(acc, o, o + w);
    }

    /** A packed copy of a {@code Row} of the parts' arrays. */
    static long[] pack(int[] kinds, Row row) {
        if (row.getArity() != kinds.length) {
            throw new IllegalStateException(
                    "accumulator row of arity " + row.getArity() + ", expected " + kinds.length);
        }
        int total = 0;
        for (int kind : kinds) {
            total += width(kind);
        }
        long[] acc = new long[total];
        int o = 0;
        for (int i = 0; i < kinds.length; i++) {
            int w = width(kinds[i]);
            Object f = row.getField(i);
            if (isDouble(kinds[i])) {
                double[] d = (double[]) f;
                checkLength(d.length, w, i);
                for (int j = 0; j < w; j++) {
                    acc[o + j] = Double.doubleToRawLongBits(d[j]);
                }
            } else {
                long[] l = (long[]) f;
                checkLength(l.length, w, i);
                System.arraycopy(l, 0, acc, o, w);
            }
            o += w;
        }
        return acc;
    }

    private static void checkLength(int length, int expected, int part) {
        if (length != expected) {
            throw new IllegalStateException(
                    "accumulator part "
                            + part
                            + " holds "
                            + length
                            + " values, expected "
                            + expected);
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Object> duplicate() {
        return this; // stateless
    }

    @Override
    public Object createInstance() {
        return new long[width];
    }

    @Override
    public Object copy(Object from) {
        return from instanceof long[] ? ((long[]) from).clone() : pack(kinds, (Row) from);
    }

    @Override
    public Object copy(Object from, Object reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return maskBytes + 4 * kinds.length + 8 * width;
    }

    @Override
    public void serialize(Object record, DataOutputView target) throws IOException {
        long[] acc = record instanceof long[] ? (long[]) record : pack(kinds, (Row) record);
        for (int i = 0; i < maskBytes; i++) {
            target.writeByte(0);
        }
        int o = 0;
        for (int kind : kinds) {
            int w = width(kind);
            target.writeInt(w);
            for (int j = 0; j < w; j++) {
                if (isDouble(kind)) {
                    target.writeDouble(Double.longBitsToDouble(acc[o + j]));
                } else {
                    target.writeLong(acc[o + j]);
                }
            }
            o += w;
        }
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
        for (int i = 0; i < maskBytes; i++) {
            byte mask = source.readByte();
            if (mask != 0) {
                throw new IOException(
                        "packed accumulator: the row mask byte "
                                + i
                                + " is "
                                + mask
                                + " (a null part or a row kind other than INSERT)");
            }
        }
        long[] acc = new long[width];
        int o = 0;
        for (int p = 0; p < kinds.length; p++) {
            int w = width(kinds[p]);
            int length = source.readInt();
            if (length != w) {
                throw new IOException(
                        "packed accumulator: part " + p + " holds " + length + ", expected " + w);
            }
            for (int j = 0; j < w; j++) {
                acc[o + j] =
                        isDouble(kinds[p])
                                ? Double.doubleToRawLongBits(source.readDouble())
                                : source.readLong();
            }
            o += w;
        }
        return acc;
    }

    @Override
    public Object deserialize(Object reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, getLength());
    }

    /** The {@code RowSerializer} whose bytes this serializer writes. */
    RowSerializer rowSerializer() {
        TypeSerializer<?>[] fields = new TypeSerializer<?>[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            fields[i] =
                    isDouble(kinds[i])
                            ? DoublePrimitiveArraySerializer.INSTANCE
                            : LongPrimitiveArraySerializer.INSTANCE;
        }
        return new RowSerializer(fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackedRowSerializer
                && Arrays.equals(kinds, ((PackedRowSerializer) o).kinds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kinds);
    }

    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        return new Snapshot(kinds);
    }

    /**
     * Snapshot: version 1, the parts' kinds. Compatible as is with a snapshot of the same kinds,
     * and with the snapshot of the {@code RowSerializer} this serializer writes the bytes of.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<Object> {
        private int[] kinds;

        /** For reading a snapshot. */
        public Snapshot() {}

        Snapshot(int[] kinds) {
            this.kinds = kinds.clone();
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(kinds.length);
            for (int kind : kinds) {
                out.writeInt(kind);
            }
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
                throws IOException {
            if (readVersion != 1) {
                throw new IOException("unknown packed accumulator snapshot version " + readVersion);
            }
            int n = in.readInt();
            kinds = new int[n];
            for (int i = 0; i < n; i++) {
                kinds[i] = in.readInt();
            }
        }

        @Override
        public TypeSerializer<Object> restoreSerializer() {
            return new PackedRowSerializer(kinds);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public TypeSerializerSchemaCompatibility<Object> resolveSchemaCompatibility(
                TypeSerializerSnapshot<Object> oldSerializerSnapshot) {
            if ((Object) oldSerializerSnapshot instanceof Snapshot) {
                return Arrays.equals(kinds, ((Snapshot) oldSerializerSnapshot).kinds)
                        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                        : TypeSerializerSchemaCompatibility.incompatible();
            }
            if ((Object) oldSerializerSnapshot instanceof RowSerializer.RowSerializerSnapshot) {
                // the same bytes: a Row of exactly these parts' array serializers
                TypeSerializer<?> old =
                        ((TypeSerializerSnapshot) oldSerializerSnapshot).restoreSerializer();
                return new PackedRowSerializer(kinds).rowSerializer().equals(old)
                        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                        : TypeSerializerSchemaCompatibility.incompatible();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
