package dev.streamkit.windows.internal;

import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** A {@link TypeInformation} that always hands out one explicit serializer (never Kryo). */
@Internal
public final class SerializerTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private final TypeSerializer<T> serializer;
    private final Class<T> typeClass;

    /**
     * Wraps a serializer.
     *
     * @param serializer the serializer handed out
     */
    @SuppressWarnings("unchecked")
    public SerializerTypeInfo(TypeSerializer<T> serializer) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.typeClass = (Class<T>) serializer.createInstance().getClass();
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.duplicate();
    }

    // No @Override: Flink 1.20 declares this overload, Flink 2.x removed it (one source, both
    // lines).
    @Deprecated
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return serializer.duplicate();
    }

    @Override
    public String toString() {
        return "SerializerTypeInfo(" + serializer + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializerTypeInfo
                && ((SerializerTypeInfo<?>) o).serializer.equals(serializer);
    }

    @Override
    public int hashCode() {
        return serializer.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SerializerTypeInfo;
    }
}
