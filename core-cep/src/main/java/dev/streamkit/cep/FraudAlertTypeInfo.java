package dev.streamkit.cep;

import dev.streamkit.cep.internal.FraudAlertSerializer;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for {@link FraudAlert}: an explicit serializer that writes the alert's fields
 * and the evidence events with the event type's own serializer, so alerts never fall back to Kryo.
 *
 * <pre>{@code
 * TypeInformation<FraudAlert<Txn>> type = FraudAlertTypeInfo.of(TypeInformation.of(Txn.class));
 * }</pre>
 *
 * @serial exclude
 */
@PublicEvolving
public final class FraudAlertTypeInfo<T> extends TypeInformation<FraudAlert<T>> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> eventType;

    private FraudAlertTypeInfo(TypeInformation<T> eventType) {
        this.eventType = Objects.requireNonNull(eventType, "eventType");
    }

    /**
     * Type information for alerts whose evidence events are of {@code eventType}.
     *
     * @param <T> the event type
     * @param eventType type information of the events
     * @return the alert type information
     */
    public static <T> FraudAlertTypeInfo<T> of(TypeInformation<T> eventType) {
        return new FraudAlertTypeInfo<>(eventType);
    }

    /**
     * The type information of the evidence events.
     *
     * @return the event type information
     */
    public TypeInformation<T> eventType() {
        return eventType;
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    public Class<FraudAlert<T>> getTypeClass() {
        return (Class) FraudAlert.class;
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Collections.singletonMap("T", eventType);
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FraudAlert<T>> createSerializer(SerializerConfig config) {
        return new FraudAlertSerializer<>(eventType.createSerializer(config));
    }

    /**
     * The same serializer as {@link #createSerializer(SerializerConfig)}, for Flink 1.20, which
     * still declares this overload (Flink 2.x removed it, so it carries no {@code @Override}: one
     * source compiles on both lines).
     *
     * @param config the execution config whose serializer config is used
     * @return the alert serializer
     */
    @SuppressWarnings("deprecation")
    public TypeSerializer<FraudAlert<T>> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public String toString() {
        return "FraudAlert<" + eventType + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FraudAlertTypeInfo
                && eventType.equals(((FraudAlertTypeInfo<?>) obj).eventType);
    }

    @Override
    public int hashCode() {
        return 31 * FraudAlertTypeInfo.class.hashCode() + eventType.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FraudAlertTypeInfo;
    }
}
