package dev.streamkit.windows.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Serializer of {@link DistinctAccumulator}: a tag byte, then the exact hashes or the HLL image.
 */
@Internal
public final class DistinctSerializer extends BytesSerializer<DistinctAccumulator> {
    private static final long serialVersionUID = 1L;

    /** The stateless instance. */
    public static final DistinctSerializer INSTANCE = new DistinctSerializer();

    @Override
    public DistinctAccumulator createInstance() {
        return new DistinctAccumulator();
    }

    @Override
    protected byte[] toBytes(DistinctAccumulator value) {
        return value.toBytes();
    }

    @Override
    protected DistinctAccumulator fromBytes(byte[] bytes) {
        return DistinctAccumulator.fromBytes(bytes);
    }

    @Override
    public TypeSerializerSnapshot<DistinctAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DistinctAccumulator> {
        /** For reading a snapshot. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
