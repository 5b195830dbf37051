package dev.streamkit.aws.kinesis.internal;

import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.types.Either;

/**
 * Decodes raw records read by something other than the Kinesis source with the same {@link
 * JsonRecordDeserializer}; positions stand in for shard and sequence number in dead letters.
 */
@Internal
public final class RawRecordDecoder<T>
        extends RichMapFunction<byte[], Either<KinesisDeadLetter, T>> {
    private static final long serialVersionUID = 1L;

    private final JsonRecordDeserializer<T> deserializer;
    private final String stream;
    private transient String shard;
    private transient long position;

    /** Decodes raw records with {@code deserializer}, naming {@code stream} in dead letters. */
    public RawRecordDecoder(JsonRecordDeserializer<T> deserializer, String stream) {
        this.deserializer = deserializer;
        this.stream = stream;
    }

    @Override
    public void open(Configuration parameters) {
        shard = "subtask-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public Either<KinesisDeadLetter, T> map(byte[] record) {
        byte[] bytes = record == null ? new byte[0] : record;
        return deserializer.decode(
                bytes, stream, shard, String.valueOf(position++), null, System.currentTimeMillis());
    }
}
