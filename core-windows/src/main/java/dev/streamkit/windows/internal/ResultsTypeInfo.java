package dev.streamkit.windows.internal;

import dev.streamkit.windows.Results;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link Results}: the parts' ids and result types (explicit, never Kryo). */
@Internal
public final class ResultsTypeInfo extends TypeInformation<Results> {
    private static final long serialVersionUID = 1L;
    private final long[] ids;
    private final TypeInformation<?>[] types;

    /**
     * The type of results of parts with these ids and result types.
     *
     * @param ids the parts' ids
     * @param types the parts' result types
     */
    public ResultsTypeInfo(long[] ids, TypeInformation<?>[] types) {
        this.ids = ids;
        this.types = types;
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
        return types.length;
    }

    @Override
    public int getTotalFields() {
        return types.length;
    }

    @Override
    public Class<Results> getTypeClass() {
        return Results.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Results> createSerializer(SerializerConfig config) {
        TypeSerializer<?>[] fields = new TypeSerializer<?>[types.length];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = types[i].createSerializer(config);
        }
        return new ResultsSerializer(ids, fields);
    }

    // No @Override: Flink 1.20 declares this overload, Flink 2.x removed it (one source, both
    // lines).
    @Deprecated
    public TypeSerializer<Results> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public String toString() {
        return "Results" + Arrays.toString(types);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultsTypeInfo
                && Arrays.equals(((ResultsTypeInfo) o).ids, ids)
                && Arrays.equals(((ResultsTypeInfo) o).types, types);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(types);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ResultsTypeInfo;
    }
}
