package dev.streamkit.windows.internal;

import dev.streamkit.windows.Results;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link Results}: a null flag and the value per part, with the parts' own result
 * serializers. The part ids live in the serializer (and its snapshot), not in each record.
 */
@Internal
public final class ResultsSerializer extends TypeSerializer<Results> {
    private static final long serialVersionUID = 1L;
    private final long[] ids;
    private final TypeSerializer<Object>[] fields;

    /**
     * The serializer.
     *
     * @param ids the parts' ids
     * @param fields the parts' result serializers
     */
    @SuppressWarnings("unchecked")
    public ResultsSerializer(long[] ids, TypeSerializer<?>[] fields) {
        this.ids = ids;
        this.fields = (TypeSerializer<Object>[]) fields;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Results> duplicate() {
        TypeSerializer<?>[] dup = new TypeSerializer<?>[fields.length];
        boolean same = true;
        for (int i = 0; i < fields.length; i++) {
            dup[i] = fields[i].duplicate();
            same &= dup[i] == fields[i];
        }
        return same ? this : new ResultsSerializer(ids, dup);
    }

    @Override
    public Results createInstance() {
        return new ResultValues(ids, new Object[fields.length]);
    }

    @Override
    public Results copy(Results from) {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < values.length; i++) {
            Object v = from.get(i);
            values[i] = v == null ? null : fields[i].copy(v);
        }
        return new ResultValues(ids, values);
    }

    @Override
    public Results copy(Results from, Results reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Results record, DataOutputView target) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            Object v = record.get(i);
            target.writeBoolean(v != null);
            if (v != null) {
                fields[i].serialize(v, target);
            }
        }
    }

    @Override
    public Results deserialize(DataInputView source) throws IOException {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = source.readBoolean() ? fields[i].deserialize(source) : null;
        }
        return new ResultValues(ids, values);
    }

    @Override
    public Results deserialize(Results reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        for (TypeSerializer<Object> field : fields) {
            boolean present = source.readBoolean();
            target.writeBoolean(present);
            if (present) {
                field.copy(source, target);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultsSerializer
                && Arrays.equals(((ResultsSerializer) o).ids, ids)
                && Arrays.equals(((ResultsSerializer) o).fields, fields);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(fields);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot(this);
    }

    /**
     * Nests the parts' serializer snapshots and keeps the part ids; a restored serializer with
     * other ids but the same parts reads the same bytes (ids are not in the records).
     */
    public static final class Snapshot
            extends CompositeTypeSerializerSnapshot<Results, ResultsSerializer> {
        private long[] ids = new long[0];

        /** For reading a snapshot. */
        public Snapshot() {}

        Snapshot(ResultsSerializer serializer) {
            super(serializer);
            this.ids = serializer.ids;
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeInt(ids.length);
            for (long id : ids) {
                out.writeLong(id);
            }
        }

        @Override
        protected void readOuterSnapshot(
                int readOuterSnapshotVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            ids = new long[in.readInt()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = in.readLong();
            }
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(ResultsSerializer outer) {
            return outer.fields;
        }

        @Override
        protected ResultsSerializer createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new ResultsSerializer(ids, nested);
        }
    }
}
