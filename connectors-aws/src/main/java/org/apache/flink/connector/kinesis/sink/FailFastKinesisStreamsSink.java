package org.apache.flink.connector.kinesis.sink;

import dev.streamkit.aws.internal.FailFastInitContext;
import java.io.IOException;
import java.util.Collection;
import java.util.Properties;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Streamkit's {@link KinesisStreamsSink}: the same writer, with errors restarts cannot fix (missing
 * stream, access denied) failing the job without restarts, naming the stream. Streamkit
 * implementation detail (see {@code dev.streamkit.aws.kinesis.KinesisSinks}); it lives in the
 * connector's package only because {@link KinesisStreamsSink}'s constructor is package-private and
 * {@code KinesisSinks} keeps returning a {@code KinesisStreamsSink}.
 */
@Internal
@SuppressWarnings("deprecation") // AsyncSinkBase (connector 4.3.0) still takes Sink.InitContext
public final class FailFastKinesisStreamsSink<T> extends KinesisStreamsSink<T> {

    private static final long serialVersionUID = 1L;

    private final String resource;

    /** The connector builder's defaults for request and record sizes (5 MiB, 1 MiB). */
    public FailFastKinesisStreamsSink(
            SerializationSchema<T> serializationSchema,
            PartitionKeyGenerator<T> partitionKeys,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxTimeInBufferMs,
            String streamArn,
            Properties clientProperties,
            String resource) {
        super(
                KinesisStreamsSinkElementConverter.<T>builder()
                        .setSerializationSchema(serializationSchema)
                        .setPartitionKeyGenerator(partitionKeys)
                        .build(),
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                5L * 1024 * 1024,
                maxTimeInBufferMs,
                1024L * 1024,
                false,
                null,
                streamArn,
                clientProperties);
        this.resource = resource;
    }

    @Override
    public StatefulSink.StatefulSinkWriter<T, BufferedRequestState<PutRecordsRequestEntry>>
            createWriter(InitContext context) throws IOException {
        return super.createWriter(new FailFastInitContext(context, resource));
    }

    @Override
    public StatefulSink.StatefulSinkWriter<T, BufferedRequestState<PutRecordsRequestEntry>>
            restoreWriter(
                    InitContext context,
                    Collection<BufferedRequestState<PutRecordsRequestEntry>> recoveredState)
                    throws IOException {
        return super.restoreWriter(new FailFastInitContext(context, resource), recoveredState);
    }
}
