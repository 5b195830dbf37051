package dev.streamkit.aws.internal;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A connector's stateful sink (an {@code AsyncSinkBase}: Kinesis, DynamoDB) whose writers fail the
 * job without restarts on errors restarts cannot fix (missing stream or table, access denied),
 * naming the resource. Everything else is the delegate's: its writer, its checkpointed writer state
 * and that state's serializer (so savepoints of the plain connector sink restore), and it has no
 * committer because the delegate has none.
 *
 * <p>It wraps instead of subclassing so that no Streamkit class has to live in a connector's
 * package to reach a package-private constructor.
 */
@Internal
@SuppressWarnings("deprecation") // AsyncSinkBase (connector 4.3.0) still implements StatefulSink
public final class FailFastSink<T, S> implements StatefulSink<T, S> {

    private static final long serialVersionUID = 1L;

    private final StatefulSink<T, S> delegate;
    private final String resource;

    /**
     * @param delegate the connector's sink
     * @param resource the resource named in the failure, e.g. {@code "Kinesis stream arn:...
     *     (region eu-west-1, endpoint default)"}
     */
    public FailFastSink(StatefulSink<T, S> delegate, String resource) {
        this.delegate = delegate;
        this.resource = resource;
    }

    /** The wrapped connector sink. */
    public StatefulSink<T, S> delegate() {
        return delegate;
    }

    /** The resource named when a writer fails. */
    public String resource() {
        return resource;
    }

    @Override
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        return delegate.createWriter(new FailFastInitContext(context, resource));
    }

    @Override
    public StatefulSinkWriter<T, S> restoreWriter(InitContext context, Collection<S> recoveredState)
            throws IOException {
        return delegate.restoreWriter(new FailFastInitContext(context, resource), recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }
}
