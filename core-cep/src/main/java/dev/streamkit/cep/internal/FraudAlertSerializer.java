package dev.streamkit.cep.internal;

import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link FraudAlert}: pattern id, key, severity ordinal, score, first and last event
 * time, then the evidence count and each event through the event serializer.
 *
 * @serial exclude
 */
@Internal
public final class FraudAlertSerializer<T> extends TypeSerializer<FraudAlert<T>> {
    private static final long serialVersionUID = 1L;
    private static final Severity[] SEVERITIES = Severity.values();

    private final TypeSerializer<T> eventSerializer;

    /**
     * A serializer of alerts.
     *
     * @param eventSerializer serializer of the evidence events
     */
    public FraudAlertSerializer(TypeSerializer<T> eventSerializer) {
        this.eventSerializer = Objects.requireNonNull(eventSerializer, "eventSerializer");
    }

    TypeSerializer<T> eventSerializer() {
        return eventSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<FraudAlert<T>> duplicate() {
        TypeSerializer<T> duplicated = eventSerializer.duplicate();
        return duplicated == eventSerializer ? this : new FraudAlertSerializer<>(duplicated);
    }

    @Override
    public FraudAlert<T> createInstance() {
        return null;
    }

    @Override
    public FraudAlert<T> copy(FraudAlert<T> from) {
        List<T> evidence = new ArrayList<>(from.evidence().size());
        for (T event : from.evidence()) {
            evidence.add(eventSerializer.copy(event));
        }
        return new FraudAlert<>(
                from.patternId(),
                from.key(),
                from.severity(),
                from.score(),
                from.firstEventTime(),
                from.lastEventTime(),
                evidence);
    }

    @Override
    public FraudAlert<T> copy(FraudAlert<T> from, FraudAlert<T> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FraudAlert<T> alert, DataOutputView target) throws IOException {
        target.writeUTF(alert.patternId());
        target.writeUTF(alert.key());
        target.writeByte(alert.severity().ordinal());
        target.writeDouble(alert.score());
        target.writeLong(alert.firstEventTime());
        target.writeLong(alert.lastEventTime());
        List<T> evidence = alert.evidence();
        target.writeInt(evidence.size());
        for (T event : evidence) {
            eventSerializer.serialize(event, target);
        }
    }

    @Override
    public FraudAlert<T> deserialize(DataInputView source) throws IOException {
        String patternId = source.readUTF();
        String key = source.readUTF();
        Severity severity = SEVERITIES[source.readByte()];
        double score = source.readDouble();
        long first = source.readLong();
        long last = source.readLong();
        int n = source.readInt();
        List<T> evidence = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            evidence.add(eventSerializer.deserialize(source));
        }
        return new FraudAlert<>(patternId, key, severity, score, first, last, evidence);
    }

    @Override
    public FraudAlert<T> deserialize(FraudAlert<T> reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeUTF(source.readUTF());
        target.writeUTF(source.readUTF());
        target.writeByte(source.readByte());
        target.writeDouble(source.readDouble());
        target.writeLong(source.readLong());
        target.writeLong(source.readLong());
        int n = source.readInt();
        target.writeInt(n);
        for (int i = 0; i < n; i++) {
            eventSerializer.copy(source, target);
        }
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FraudAlertSerializer
                && eventSerializer.equals(((FraudAlertSerializer<?>) obj).eventSerializer);
    }

    @Override
    public int hashCode() {
        return eventSerializer.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FraudAlert<T>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** Snapshot: version 1 of the layout above, nested event serializer. */
    public static final class Snapshot<T>
            extends CompositeTypeSerializerSnapshot<FraudAlert<T>, FraudAlertSerializer<T>> {
        private static final int VERSION = 1;

        /** For reading snapshots. */
        public Snapshot() {}

        Snapshot(FraudAlertSerializer<T> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(FraudAlertSerializer<T> outer) {
            return new TypeSerializer<?>[] {outer.eventSerializer()};
        }

        @SuppressWarnings("unchecked")
        @Override
        protected FraudAlertSerializer<T> createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new FraudAlertSerializer<>((TypeSerializer<T>) nested[0]);
        }
    }
}
