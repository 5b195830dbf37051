package dev.streamkit.windows.internal;

import dev.streamkit.windows.WindowResult;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link WindowResult} without reflection: a flags byte (key null, result null,
 * correction), the key, window start and end, then the result.
 *
 * <p>Flink copies every record handed to a chained operator (unless object reuse is enabled), so
 * each window result is copied at least once. {@code PojoSerializer} creates the copy through
 * {@code Class.newInstance}, whose caller check walks the stack, and sets every field through
 * reflection; this serializer calls the constructor.
 *
 * <p>State that holds window results written with the POJO serializer (type information from {@code
 * WindowResult.typeInfo} before this serializer existed) restores with this one: its snapshot
 * declares the POJO serializer's snapshot compatible after migration, so Flink reads the old bytes
 * with the POJO serializer and writes them anew with this one.
 *
 * @serial exclude
 */
@Internal
public final class WindowResultSerializer<K, R> extends TypeSerializer<WindowResult<K, R>> {
    private static final long serialVersionUID = 1L;
    private static final int KEY_NULL = 1;
    private static final int RESULT_NULL = 2;
    private static final int CORRECTION = 4;

    private final TypeSerializer<K> keySerializer;
    private final TypeSerializer<R> resultSerializer;

    /**
     * A serializer of window results.
     *
     * @param keySerializer serializer of the keys
     * @param resultSerializer serializer of the aggregation results
     */
    public WindowResultSerializer(
            TypeSerializer<K> keySerializer, TypeSerializer<R> resultSerializer) {
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.resultSerializer = Objects.requireNonNull(resultSerializer, "resultSerializer");
    }

    TypeSerializer<K> keySerializer() {
        return keySerializer;
    }

    TypeSerializer<R> resultSerializer() {
        return resultSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<WindowResult<K, R>> duplicate() {
        TypeSerializer<K> key = keySerializer.duplicate();
        TypeSerializer<R> result = resultSerializer.duplicate();
        return key == keySerializer && result == resultSerializer
                ? this
                : new WindowResultSerializer<>(key, result);
    }

    @Override
    public WindowResult<K, R> createInstance() {
        return new WindowResult<>();
    }

    @Override
    public WindowResult<K, R> copy(WindowResult<K, R> from) {
        return new WindowResult<>(
                from.key == null ? null : keySerializer.copy(from.key),
                from.windowStart,
                from.windowEnd,
                from.result == null ? null : resultSerializer.copy(from.result),
                from.correction);
    }

    @Override
    public WindowResult<K, R> copy(WindowResult<K, R> from, WindowResult<K, R> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowResult<K, R> record, DataOutputView target) throws IOException {
        int flags =
                (record.key == null ? KEY_NULL : 0)
                        | (record.result == null ? RESULT_NULL : 0)
                        | (record.correction ? CORRECTION : 0);
        target.writeByte(flags);
        if (record.key != null) {
            keySerializer.serialize(record.key, target);
        }
        target.writeLong(record.windowStart);
        target.writeLong(record.windowEnd);
        if (record.result != null) {
            resultSerializer.serialize(record.result, target);
        }
    }

    @Override
    public WindowResult<K, R> deserialize(DataInputView source) throws IOException {
        int flags = source.readUnsignedByte();
        K key = (flags & KEY_NULL) != 0 ? null : keySerializer.deserialize(source);
        long start = source.readLong();
        long end = source.readLong();
        R result = (flags & RESULT_NULL) != 0 ? null : resultSerializer.deserialize(source);
        return new WindowResult<>(key, start, end, result, (flags & CORRECTION) != 0);
    }

    @Override
    public WindowResult<K, R> deserialize(WindowResult<K, R> reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int flags = source.readUnsignedByte();
        target.writeByte(flags);
        if ((flags & KEY_NULL) == 0) {
            keySerializer.copy(source, target);
        }
        target.writeLong(source.readLong());
        target.writeLong(source.readLong());
        if ((flags & RESULT_NULL) == 0) {
            resultSerializer.copy(source, target);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WindowResultSerializer)) {
            return false;
        }
        WindowResultSerializer<?, ?> that = (WindowResultSerializer<?, ?>) o;
        return keySerializer.equals(that.keySerializer)
                && resultSerializer.equals(that.resultSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * keySerializer.hashCode() + resultSerializer.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<WindowResult<K, R>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /**
     * Snapshot: version 1 of the layout above, nested key and result serializers. Accepts the
     * snapshot of the POJO serializer that {@code WindowResult.typeInfo} created before this
     * serializer, as compatible after migration.
     */
    public static final class Snapshot<K, R>
            extends CompositeTypeSerializerSnapshot<
                    WindowResult<K, R>, WindowResultSerializer<K, R>> {

        /** For reading a snapshot. */
        public Snapshot() {}

        Snapshot(WindowResultSerializer<K, R> serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<WindowResult<K, R>> resolveSchemaCompatibility(
                TypeSerializerSnapshot<WindowResult<K, R>> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
                // the same fields, written by the POJO serializer: Flink reads them with it
                // (its snapshot's restore serializer) and writes them with this serializer
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSerializerSnapshot);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(WindowResultSerializer<K, R> outer) {
            return new TypeSerializer<?>[] {outer.keySerializer(), outer.resultSerializer()};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected WindowResultSerializer<K, R> createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new WindowResultSerializer<>(
                    (TypeSerializer<K>) nested[0], (TypeSerializer<R>) nested[1]);
        }
    }
}
