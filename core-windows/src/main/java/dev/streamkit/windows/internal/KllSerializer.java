package dev.streamkit.windows.internal;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Serializes a DataSketches KLL doubles sketch in its own compact binary form. */
@Internal
public final class KllSerializer extends BytesSerializer<KllDoublesSketch> {
    private static final long serialVersionUID = 1L;

    /** The stateless instance. */
    public static final KllSerializer INSTANCE = new KllSerializer();

    @Override
    public KllDoublesSketch createInstance() {
        return KllDoublesSketch.newHeapInstance();
    }

    @Override
    protected byte[] toBytes(KllDoublesSketch value) {
        return value.toByteArray();
    }

    @Override
    protected KllDoublesSketch fromBytes(byte[] bytes) {
        return KllDoublesSketch.heapify(Memory.wrap(bytes));
    }

    @Override
    public TypeSerializerSnapshot<KllDoublesSketch> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Serializer snapshot (stable across releases: the KLL format is versioned by DataSketches).
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KllDoublesSketch> {
        /** For reading a snapshot. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
