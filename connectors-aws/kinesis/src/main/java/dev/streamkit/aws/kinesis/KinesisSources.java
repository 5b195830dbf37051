package dev.streamkit.aws.kinesis;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Preconditions;

/** Entry point for Kinesis Data Streams sources; see {@link KinesisJsonSource}. */
@PublicEvolving
public final class KinesisSources {

    private KinesisSources() {}

    /**
     * A source decoding JSON records into {@code type}, which must be a Flink POJO.
     *
     * @param type the record class
     * @param <T> the record type
     * @return a builder with the defaults
     */
    public static <T> KinesisJsonSource.Builder<T> json(Class<T> type) {
        Preconditions.checkNotNull(type, "type must not be null");
        return KinesisJsonSource.builder(type, TypeInformation.of(type));
    }

    /**
     * A source decoding JSON records into {@code type}, with explicit type information.
     *
     * @param type the record class Jackson decodes into
     * @param typeInfo how Flink serializes the records
     * @param <T> the record type
     * @return a builder with the defaults
     */
    public static <T> KinesisJsonSource.Builder<T> json(
            Class<T> type, TypeInformation<T> typeInfo) {
        Preconditions.checkNotNull(type, "type must not be null");
        Preconditions.checkNotNull(typeInfo, "typeInfo must not be null");
        return KinesisJsonSource.builder(type, typeInfo);
    }
}
