package dev.streamkit.windows.internal;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer of {@link TimedValue}: presence flag, event time, then the value if present. */
@Internal
public final class TimedValueSerializer<V> extends TypeSerializer<TimedValue<V>> {
    private static final long serialVersionUID = 1L;
    private final TypeSerializer<V> valueSerializer;

    /**
     * Nests the value serializer.
     *
     * @param valueSerializer the serializer of the values
     */
    public TimedValueSerializer(TypeSerializer<V> valueSerializer) {
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    TypeSerializer<V> valueSerializer() {
        return valueSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<TimedValue<V>> duplicate() {
        TypeSerializer<V> dup = valueSerializer.duplicate();
        return dup == valueSerializer ? this : new TimedValueSerializer<>(dup);
    }

    @Override
    public TimedValue<V> createInstance() {
        return new TimedValue<>();
    }

    @Override
    public TimedValue<V> copy(TimedValue<V> from) {
        return new TimedValue<>(
                from.present,
                from.timestamp,
                from.present ? valueSerializer.copy(from.value) : null);
    }

    @Override
    public TimedValue<V> copy(TimedValue<V> from, TimedValue<V> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TimedValue<V> record, DataOutputView target) throws IOException {
        target.writeBoolean(record.present);
        target.writeLong(record.timestamp);
        if (record.present) {
            valueSerializer.serialize(record.value, target);
        }
    }

    @Override
    public TimedValue<V> deserialize(DataInputView source) throws IOException {
        boolean present = source.readBoolean();
        long ts = source.readLong();
        V value = present ? valueSerializer.deserialize(source) : null;
        return new TimedValue<>(present, ts, value);
    }

    @Override
    public TimedValue<V> deserialize(TimedValue<V> reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        boolean present = source.readBoolean();
        target.writeBoolean(present);
        target.writeLong(source.readLong());
        if (present) {
            valueSerializer.copy(source, target);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimedValueSerializer
                && ((TimedValueSerializer<?>) o).valueSerializer.equals(valueSerializer);
    }

    @Override
    public int hashCode() {
        return valueSerializer.hashCode();
    }

    @Override
    public Snapshot<V> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** Snapshot that nests the value serializer's snapshot. */
    public static final class Snapshot<V>
            extends CompositeTypeSerializerSnapshot<TimedValue<V>, TimedValueSerializer<V>> {

        /** For reading a snapshot. */
        public Snapshot() {}

        Snapshot(TimedValueSerializer<V> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(TimedValueSerializer<V> outer) {
            return new TypeSerializer<?>[] {outer.valueSerializer()};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected TimedValueSerializer<V> createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new TimedValueSerializer<>((TypeSerializer<V>) nested[0]);
        }
    }
}
