package dev.streamkit.windows;

import dev.streamkit.windows.internal.WindowResultSerializer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * Type information for {@link WindowResult}: still a POJO type to Flink (field expressions and the
 * Table API see {@code key}, {@code windowStart}, {@code windowEnd}, {@code result} and {@code
 * correction}), with a serializer that copies and writes results without reflection. Flink copies
 * every record passed to a chained operator, so every window result pays that copy.
 *
 * <p>State written with the POJO serializer this type information replaces restores with it (Flink
 * migrates the state when it restores). Forcing Kryo or Avro in the serializer config still gives
 * Flink's serializer for those.
 *
 * <pre>{@code
 * TypeInformation<WindowResult<String, Row>> type =
 *         WindowResultTypeInfo.of(Types.STRING, aggregator.resultType());
 * }</pre>
 *
 * @param <K> the key type
 * @param <R> the result type
 * @serial exclude
 */
@PublicEvolving
public final class WindowResultTypeInfo<K, R> extends PojoTypeInfo<WindowResult<K, R>> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<K> keyType;
    private final TypeInformation<R> resultType;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private WindowResultTypeInfo(TypeInformation<K> keyType, TypeInformation<R> resultType) {
        super((Class) WindowResult.class, fields(keyType, resultType));
        this.keyType = keyType;
        this.resultType = resultType;
    }

    /**
     * Type information for results with the given key and result types.
     *
     * @param <K> the key type
     * @param <R> the result type
     * @param keyType type information of the keys
     * @param resultType type information of the aggregation results
     * @return the type information
     */
    public static <K, R> WindowResultTypeInfo<K, R> of(
            TypeInformation<K> keyType, TypeInformation<R> resultType) {
        return new WindowResultTypeInfo<>(
                Objects.requireNonNull(keyType, "keyType"),
                Objects.requireNonNull(resultType, "resultType"));
    }

    private static List<PojoField> fields(
            TypeInformation<?> keyType, TypeInformation<?> resultType) {
        try {
            Class<?> c = WindowResult.class;
            return Arrays.asList(
                    new PojoField(c.getField("key"), keyType),
                    new PojoField(c.getField("windowStart"), Types.LONG),
                    new PojoField(c.getField("windowEnd"), Types.LONG),
                    new PojoField(c.getField("result"), resultType),
                    new PojoField(c.getField("correction"), Types.BOOLEAN));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The type information of the keys.
     *
     * @return the key type information
     */
    public TypeInformation<K> keyType() {
        return keyType;
    }

    /**
     * The type information of the aggregation results.
     *
     * @return the result type information
     */
    public TypeInformation<R> resultType() {
        return resultType;
    }

    @Override
    public TypeSerializer<WindowResult<K, R>> createSerializer(SerializerConfig config) {
        if (config.isForceKryoEnabled() || config.isForceAvroEnabled()) {
            return super.createSerializer(config);
        }
        return new WindowResultSerializer<>(
                keyType.createSerializer(config), resultType.createSerializer(config));
    }

    /**
     * The same serializer as {@link #createSerializer(SerializerConfig)}, for Flink 1.20, which
     * still declares this overload (Flink 2.x removed it, so it carries no {@code @Override}: one
     * source compiles on both lines).
     *
     * @param config the execution config whose serializer config is used
     * @return the serializer
     */
    @SuppressWarnings("deprecation")
    public TypeSerializer<WindowResult<K, R>> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public String toString() {
        return "WindowResult<" + keyType + ", " + resultType + ">";
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof WindowResultTypeInfo)) {
            return false;
        }
        WindowResultTypeInfo<?, ?> that = (WindowResultTypeInfo<?, ?>) obj;
        return keyType.equals(that.keyType) && resultType.equals(that.resultType);
    }

    @Override
    public int hashCode() {
        return 31 * keyType.hashCode() + resultType.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof WindowResultTypeInfo;
    }
}
