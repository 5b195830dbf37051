package dev.streamkit.benchmarks.cep;

import dev.streamkit.cep.EventKind;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link BenchTxn} field by field: account (int), time (long), kind (ordinal byte, -1 for
 * none), amount, latitude, longitude (doubles); 37 bytes, no reflection.
 */
public final class BenchTxnSerializer extends TypeSerializerSingleton<BenchTxn> {
    private static final long serialVersionUID = 1L;

    /** The only instance (stateless). */
    public static final BenchTxnSerializer INSTANCE = new BenchTxnSerializer();

    private static final int LENGTH = 4 + 8 + 1 + 8 + 8 + 8;
    private static final EventKind[] KINDS = EventKind.values();

    private BenchTxnSerializer() {}

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public BenchTxn createInstance() {
        return new BenchTxn();
    }

    @Override
    public BenchTxn copy(BenchTxn from) {
        return new BenchTxn(from.account, from.time, from.kind, from.amount, from.lat, from.lon);
    }

    @Override
    public BenchTxn copy(BenchTxn from, BenchTxn reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return LENGTH;
    }

    @Override
    public void serialize(BenchTxn record, DataOutputView target) throws IOException {
        target.writeInt(record.account);
        target.writeLong(record.time);
        target.writeByte(record.kind == null ? -1 : record.kind.ordinal());
        target.writeDouble(record.amount);
        target.writeDouble(record.lat);
        target.writeDouble(record.lon);
    }

    @Override
    public BenchTxn deserialize(DataInputView source) throws IOException {
        int account = source.readInt();
        long time = source.readLong();
        int kind = source.readByte();
        return new BenchTxn(
                account,
                time,
                kind < 0 ? null : KINDS[kind],
                source.readDouble(),
                source.readDouble(),
                source.readDouble());
    }

    @Override
    public BenchTxn deserialize(BenchTxn reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, LENGTH);
    }

    @Override
    public TypeSerializerSnapshot<BenchTxn> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot: the format has a single version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BenchTxn> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
