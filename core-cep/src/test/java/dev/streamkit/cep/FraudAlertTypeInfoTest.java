package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.cep.internal.FraudAlertSerializer;
import dev.streamkit.cep.testing.TestEvent;
import java.util.Arrays;
import java.util.Collections;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Alerts serialize through explicit serializers (never Kryo) and restore from snapshots. */
class FraudAlertTypeInfoTest {
    private static final SerializerConfigImpl NO_GENERICS = new SerializerConfigImpl();

    static {
        NO_GENERICS.setGenericTypes(false);
    }

    private final FraudAlertTypeInfo<TestEvent> type = FraudAlertTypeInfo.of(TestEvent.TYPE);

    private final FraudAlert<TestEvent> alert =
            new FraudAlert<>(
                    "card-testing",
                    "card-1",
                    Severity.HIGH,
                    1.5,
                    10L,
                    20L,
                    Arrays.asList(
                            TestEvent.txn("card-1", 10, 1).at(1.5, 2.5).seq(1),
                            TestEvent.txn("card-1", 20, 900).seq(2)));

    @Test
    void roundTripsWithGenericTypesDisabled() throws Exception {
        TypeSerializer<FraudAlert<TestEvent>> serializer = type.createSerializer(NO_GENERICS);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(alert, out);
        FraudAlert<TestEvent> empty =
                new FraudAlert<>("x", "k", Severity.LOW, 0, 0, 0, Collections.emptyList());
        serializer.serialize(empty, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(serializer.deserialize(in)).isEqualTo(alert);
        assertThat(serializer.deserialize(in)).isEqualTo(empty);

        // copy(DataInputView, DataOutputView) moves exactly one record
        // sized up front: DataOutputSerializer.write(DataInputView, int) does not grow its buffer
        DataOutputSerializer copied = new DataOutputSerializer(1024);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .isEqualTo(alert);
        assertThat(serializer.copy(alert)).isEqualTo(alert).isNotSameAs(alert);
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializer<FraudAlert<TestEvent>> serializer = type.createSerializer(NO_GENERICS);
        TypeSerializerSnapshot<FraudAlert<TestEvent>> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<FraudAlert<TestEvent>> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<FraudAlert<TestEvent>> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(serializer).isInstanceOf(FraudAlertSerializer.class);
    }

    @Test
    void typeInfoEqualityFollowsTheEventType() {
        assertThat(FraudAlertTypeInfo.of(TestEvent.TYPE)).isEqualTo(type);
        assertThat(type.getTypeClass()).isEqualTo(FraudAlert.class);
        assertThat(type.eventType()).isEqualTo(TestEvent.TYPE);
    }
}
