package dev.streamkit.aws.dynamodb.internal;

import dev.streamkit.aws.internal.FailFastInitContext;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;

/**
 * The connector's {@link DynamoDbSink} with errors restarts cannot fix (missing table, access
 * denied) failing the job without restarts, naming the table.
 */
@Internal
@SuppressWarnings("deprecation") // AsyncSinkBase (connector 4.3.0) still takes Sink.InitContext
public final class FailFastDynamoDbSink<T> extends DynamoDbSink<T> {

    private static final long serialVersionUID = 1L;

    private final String resource;

    /** The connector builder's defaults for request and record sizes (16 MB, 400 KB). */
    public FailFastDynamoDbSink(
            ElementConverter<T, DynamoDbWriteRequest> converter,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxTimeInBufferMs,
            boolean failOnError,
            String tableName,
            List<String> overwriteByPartitionKeys,
            Properties clientProperties,
            String resource) {
        super(
                converter,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                16_000_000L,
                maxTimeInBufferMs,
                400_000L,
                failOnError,
                tableName,
                overwriteByPartitionKeys,
                clientProperties);
        this.resource = resource;
    }

    @Override
    public StatefulSink.StatefulSinkWriter<T, BufferedRequestState<DynamoDbWriteRequest>>
            createWriter(InitContext context) throws IOException {
        return super.createWriter(new FailFastInitContext(context, resource));
    }

    @Override
    public StatefulSink.StatefulSinkWriter<T, BufferedRequestState<DynamoDbWriteRequest>>
            restoreWriter(
                    InitContext context,
                    Collection<BufferedRequestState<DynamoDbWriteRequest>> recoveredState)
                    throws IOException {
        return super.restoreWriter(new FailFastInitContext(context, resource), recoveredState);
    }
}
