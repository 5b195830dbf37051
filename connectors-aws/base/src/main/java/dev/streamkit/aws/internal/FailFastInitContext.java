package dev.streamkit.aws.internal;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * The writer context of an async sink whose mailbox translates errors restarts cannot fix (see
 * {@link NonRecoverable}). Flink's async sink writers report fatal errors by throwing them from a
 * mail; this is the one place they pass through on their way to failing the task.
 */
@Internal
@SuppressWarnings("deprecation") // AsyncSinkBase (connector 4.3.0) still takes Sink.InitContext
public final class FailFastInitContext implements Sink.InitContext {

    private final Sink.InitContext delegate;
    private final MailboxExecutor mailbox;

    /**
     * {@code delegate} with a mailbox that translates errors with {@code resource} (see {@link
     * NonRecoverable}).
     */
    public FailFastInitContext(Sink.InitContext delegate, String resource) {
        this.delegate = delegate;
        this.mailbox = new TranslatingMailbox(delegate.getMailboxExecutor(), resource);
    }

    @Override
    public MailboxExecutor getMailboxExecutor() {
        return mailbox;
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        return delegate.getUserCodeClassLoader();
    }

    @Override
    public ProcessingTimeService getProcessingTimeService() {
        return delegate.getProcessingTimeService();
    }

    @Override
    public SinkWriterMetricGroup metricGroup() {
        return delegate.metricGroup();
    }

    @Override
    public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
        return delegate.asSerializationSchemaInitializationContext();
    }

    @Override
    public boolean isObjectReuseEnabled() {
        return delegate.isObjectReuseEnabled();
    }

    @Override
    public <IN> TypeSerializer<IN> createInputSerializer() {
        return delegate.createInputSerializer();
    }

    @Override
    public <MetaT> Optional<Consumer<MetaT>> metadataConsumer() {
        return delegate.metadataConsumer();
    }

    @Override
    public int getSubtaskId() {
        return delegate.getSubtaskId();
    }

    @Override
    public int getNumberOfParallelSubtasks() {
        return delegate.getNumberOfParallelSubtasks();
    }

    @Override
    public int getAttemptNumber() {
        return delegate.getAttemptNumber();
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
        return delegate.getRestoredCheckpointId();
    }

    @Override
    public JobID getJobId() {
        return delegate.getJobId();
    }

    @Override
    public JobInfo getJobInfo() {
        return delegate.getJobInfo();
    }

    @Override
    public TaskInfo getTaskInfo() {
        return delegate.getTaskInfo();
    }

    private static final class TranslatingMailbox implements MailboxExecutor {
        private final MailboxExecutor delegate;
        private final String resource;

        TranslatingMailbox(MailboxExecutor delegate, String resource) {
            this.delegate = delegate;
            this.resource = resource;
        }

        @Override
        public void execute(
                MailOptions options,
                ThrowingRunnable<? extends Exception> command,
                String descriptionFormat,
                Object... descriptionArgs) {
            ThrowingRunnable<Exception> translating =
                    () -> {
                        try {
                            command.run();
                        } catch (Exception e) {
                            throw NonRecoverable.translate(e, resource);
                        }
                    };
            delegate.execute(options, translating, descriptionFormat, descriptionArgs);
        }

        @Override
        public void yield() throws InterruptedException {
            delegate.yield();
        }

        @Override
        public boolean tryYield() {
            return delegate.tryYield();
        }

        @Override
        public boolean shouldInterrupt() {
            return delegate.shouldInterrupt();
        }
    }
}
