package dev.streamkit.windows.internal.session;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link SessionSet}, the state layout of session windows (a public contract: change
 * it only with a new snapshot version and a migration): the key's timer time (long), the number of
 * sessions (int), then per session start (long), end (long), fired (boolean) and the accumulator in
 * the aggregator's own serializer.
 */
@Internal
public final class SessionSetSerializer<A> extends TypeSerializer<SessionSet<A>> {
    private static final long serialVersionUID = 1L;
    private final TypeSerializer<A> accSerializer;

    /**
     * Nests the accumulator serializer.
     *
     * @param accSerializer the aggregator's accumulator serializer
     */
    public SessionSetSerializer(TypeSerializer<A> accSerializer) {
        this.accSerializer = Objects.requireNonNull(accSerializer, "accSerializer");
    }

    TypeSerializer<A> accSerializer() {
        return accSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<SessionSet<A>> duplicate() {
        TypeSerializer<A> dup = accSerializer.duplicate();
        return dup == accSerializer ? this : new SessionSetSerializer<>(dup);
    }

    @Override
    public SessionSet<A> createInstance() {
        return new SessionSet<>();
    }

    @Override
    public SessionSet<A> copy(SessionSet<A> from) {
        SessionSet<A> to = new SessionSet<>(Math.max(2, from.n));
        for (int i = 0; i < from.n; i++) {
            to.append(from.start(i), from.end(i), from.fired(i), accSerializer.copy(from.acc(i)));
        }
        to.timer = from.timer;
        return to;
    }

    @Override
    public SessionSet<A> copy(SessionSet<A> from, SessionSet<A> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SessionSet<A> record, DataOutputView target) throws IOException {
        target.writeLong(record.timer);
        target.writeInt(record.n);
        for (int i = 0; i < record.n; i++) {
            target.writeLong(record.start(i));
            target.writeLong(record.end(i));
            target.writeBoolean(record.fired(i));
            accSerializer.serialize(record.acc(i), target);
        }
    }

    @Override
    public SessionSet<A> deserialize(DataInputView source) throws IOException {
        long timer = source.readLong();
        int n = source.readInt();
        SessionSet<A> set = new SessionSet<>(Math.max(2, n));
        for (int i = 0; i < n; i++) {
            long start = source.readLong();
            long end = source.readLong();
            boolean fired = source.readBoolean();
            set.append(start, end, fired, accSerializer.deserialize(source));
        }
        set.timer = timer;
        return set;
    }

    @Override
    public SessionSet<A> deserialize(SessionSet<A> reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeLong(source.readLong());
        int n = source.readInt();
        target.writeInt(n);
        for (int i = 0; i < n; i++) {
            target.writeLong(source.readLong());
            target.writeLong(source.readLong());
            target.writeBoolean(source.readBoolean());
            accSerializer.copy(source, target);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionSetSerializer
                && ((SessionSetSerializer<?>) o).accSerializer.equals(accSerializer);
    }

    @Override
    public int hashCode() {
        return accSerializer.hashCode();
    }

    @Override
    public Snapshot<A> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** Snapshot that nests the accumulator serializer's snapshot. */
    public static final class Snapshot<A>
            extends CompositeTypeSerializerSnapshot<SessionSet<A>, SessionSetSerializer<A>> {

        /** For reading a snapshot. */
        public Snapshot() {}

        Snapshot(SessionSetSerializer<A> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(SessionSetSerializer<A> outer) {
            return new TypeSerializer<?>[] {outer.accSerializer()};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected SessionSetSerializer<A> createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new SessionSetSerializer<>((TypeSerializer<A>) nested[0]);
        }
    }
}
