package dev.streamkit.benchmarks.cep;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * {@link BenchTxn}'s type information: always {@link BenchTxnSerializer} (never a POJO or Kryo).
 */
final class BenchTxnTypeInfo extends TypeInformation<BenchTxn> {
    private static final long serialVersionUID = 1L;

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
    public Class<BenchTxn> getTypeClass() {
        return BenchTxn.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<BenchTxn> createSerializer(SerializerConfig config) {
        return BenchTxnSerializer.INSTANCE;
    }

    // No @Override: declared by Flink 1.20, removed in 2.x (one source, both lines).
    @Deprecated
    public TypeSerializer<BenchTxn> createSerializer(ExecutionConfig config) {
        return BenchTxnSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "BenchTxn";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BenchTxnTypeInfo;
    }

    @Override
    public int hashCode() {
        return BenchTxnTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof BenchTxnTypeInfo;
    }
}
