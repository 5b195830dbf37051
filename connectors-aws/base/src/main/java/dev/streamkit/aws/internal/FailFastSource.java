package dev.streamkit.aws.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/**
 * A source that fails the job without restarts when it meets an error restarts cannot fix (see
 * {@link NonRecoverable}), e.g. a stream ARN that does not exist: in the split enumerator (shard
 * discovery reports failures by throwing from its {@code callAsync} handler, wrapped here) and in
 * the readers (fetch errors surface from {@code pollNext}). Everything else is the delegate's,
 * including its state serializers, so savepoints are unaffected.
 */
@Internal
public final class FailFastSource<T, SplitT extends SourceSplit, EnumChkT>
        implements Source<T, SplitT, EnumChkT> {

    private static final long serialVersionUID = 1L;

    private final Source<T, SplitT, EnumChkT> delegate;
    private final String resource;

    /**
     * {@code delegate}, whose enumerator and readers fail without restarts naming {@code resource}.
     */
    public FailFastSource(Source<T, SplitT, EnumChkT> delegate, String resource) {
        this.delegate = delegate;
        this.resource = resource;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
        return new Reader<>(delegate.createReader(context), resource);
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> createEnumerator(
            SplitEnumeratorContext<SplitT> context) throws Exception {
        return delegate.createEnumerator(new Context<>(context, resource));
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(
            SplitEnumeratorContext<SplitT> context, EnumChkT checkpoint) throws Exception {
        return delegate.restoreEnumerator(new Context<>(context, resource), checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    private static final class Context<SplitT extends SourceSplit>
            implements SplitEnumeratorContext<SplitT> {
        private final SplitEnumeratorContext<SplitT> delegate;
        private final String resource;

        Context(SplitEnumeratorContext<SplitT> delegate, String resource) {
            this.delegate = delegate;
            this.resource = resource;
        }

        private <V> BiConsumer<V, Throwable> translating(BiConsumer<V, Throwable> handler) {
            return (value, error) -> {
                try {
                    handler.accept(value, error);
                } catch (RuntimeException e) {
                    Exception translated = NonRecoverable.translate(e, resource);
                    throw translated instanceof RuntimeException
                            ? (RuntimeException) translated
                            : e;
                }
            };
        }

        @Override
        public <V> void callAsync(Callable<V> callable, BiConsumer<V, Throwable> handler) {
            delegate.callAsync(callable, translating(handler));
        }

        @Override
        public <V> void callAsync(
                Callable<V> callable,
                BiConsumer<V, Throwable> handler,
                long initialDelay,
                long period) {
            delegate.callAsync(callable, translating(handler), initialDelay, period);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return delegate.metricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            delegate.sendEventToSourceReader(subtaskId, event);
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, int attemptNumber, SourceEvent event) {
            delegate.sendEventToSourceReader(subtaskId, attemptNumber, event);
        }

        @Override
        public int currentParallelism() {
            return delegate.currentParallelism();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return delegate.registeredReaders();
        }

        @Override
        public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
            return delegate.registeredReadersOfAttempts();
        }

        @Override
        public void assignSplits(SplitsAssignment<SplitT> newSplitAssignments) {
            delegate.assignSplits(newSplitAssignments);
        }

        @Override
        public void assignSplit(SplitT split, int subtask) {
            delegate.assignSplit(split, subtask);
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            delegate.signalNoMoreSplits(subtask);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            delegate.runInCoordinatorThread(runnable);
        }

        @Override
        public void setIsProcessingBacklog(boolean isProcessingBacklog) {
            delegate.setIsProcessingBacklog(isProcessingBacklog);
        }
    }

    /** Translates errors restarts cannot fix that reach the task through {@code pollNext}. */
    static final class Reader<T, SplitT extends SourceSplit> implements SourceReader<T, SplitT> {
        private final SourceReader<T, SplitT> delegate;
        private final String resource;

        Reader(SourceReader<T, SplitT> delegate, String resource) {
            this.delegate = delegate;
            this.resource = resource;
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            try {
                return delegate.pollNext(output);
            } catch (Exception e) {
                throw NonRecoverable.translate(e, resource);
            }
        }

        @Override
        public List<SplitT> snapshotState(long checkpointId) {
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public void addSplits(List<SplitT> splits) {
            delegate.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            delegate.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent sourceEvent) {
            delegate.handleSourceEvents(sourceEvent);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            delegate.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            delegate.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(
                Collection<String> splitsToPause, Collection<String> splitsToResume) {
            delegate.pauseOrResumeSplits(splitsToPause, splitsToResume);
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
