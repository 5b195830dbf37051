package dev.streamkit.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.AwsResourceException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.function.ThrowingRunnable;
import org.junit.jupiter.api.Test;

/**
 * The wrapper the Kinesis sink is returned in: the connector's writer and writer state pass through
 * untouched, and only the writer's mailbox translates errors restarts cannot fix.
 */
@SuppressWarnings("deprecation") // the connector's sinks still implement StatefulSink
class FailFastSinkTest {

    private static final String RESOURCE = "Kinesis stream arn:x (region eu-west-1)";

    /** Runs mails at once, like a task's mailbox would later. */
    private static final class DirectMailbox implements MailboxExecutor {
        @Override
        public void execute(
                MailOptions options,
                ThrowingRunnable<? extends Exception> command,
                String descriptionFormat,
                Object... descriptionArgs) {
            try {
                command.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }

        @Override
        public void yield() {}

        @Override
        public boolean tryYield() {
            return false;
        }

        @Override
        public boolean shouldInterrupt() {
            return false;
        }
    }

    private static Sink.InitContext context() {
        MailboxExecutor mailbox = new DirectMailbox();
        return (Sink.InitContext)
                Proxy.newProxyInstance(
                        FailFastSinkTest.class.getClassLoader(),
                        new Class<?>[] {Sink.InitContext.class},
                        (proxy, method, args) ->
                                method.getName().equals("getMailboxExecutor") ? mailbox : null);
    }

    /** A connector sink that records what it was given. */
    private static final class RecordingSink implements StatefulSink<String, Integer> {
        final List<Sink.InitContext> contexts = new ArrayList<>();
        final List<Collection<Integer>> restored = new ArrayList<>();
        final SimpleVersionedSerializer<Integer> serializer =
                new SimpleVersionedSerializer<Integer>() {
                    @Override
                    public int getVersion() {
                        return 7;
                    }

                    @Override
                    public byte[] serialize(Integer obj) {
                        return new byte[] {obj.byteValue()};
                    }

                    @Override
                    public Integer deserialize(int version, byte[] serialized) {
                        return (int) serialized[0];
                    }
                };

        @Override
        public StatefulSinkWriter<String, Integer> createWriter(InitContext context) {
            contexts.add(context);
            return null;
        }

        @Override
        public StatefulSinkWriter<String, Integer> restoreWriter(
                InitContext context, Collection<Integer> recoveredState) {
            contexts.add(context);
            restored.add(recoveredState);
            return null;
        }

        @Override
        public SimpleVersionedSerializer<Integer> getWriterStateSerializer() {
            return serializer;
        }
    }

    @Test
    void writerStateAndItsSerializerAreTheConnectorsSoSnapshotsRestore() throws IOException {
        RecordingSink connector = new RecordingSink();
        FailFastSink<String, Integer> sink = new FailFastSink<>(connector, RESOURCE);
        assertThat(sink).isInstanceOf(SupportsWriterState.class);
        assertThat(sink.getWriterStateSerializer()).isSameAs(connector.serializer);

        List<Integer> state = List.of(1, 2, 3);
        sink.restoreWriter(context(), state);
        assertThat(connector.restored).containsExactly(state);
    }

    @Test
    void aMissingResourceInAWriterMailFailsWithoutRestartsNamingTheResource() throws IOException {
        RecordingSink connector = new RecordingSink();
        FailFastSink<String, Integer> sink = new FailFastSink<>(connector, RESOURCE);
        SinkWriter<String> unused = sink.createWriter(context());
        sink.restoreWriter(context(), List.of());
        assertThat(connector.contexts).hasSize(2);
        for (Sink.InitContext given : connector.contexts) {
            MailboxExecutor mailbox = given.getMailboxExecutor();
            assertThatThrownBy(
                            () ->
                                    mailbox.execute(
                                            () -> {
                                                throw new ResourceNotFoundException();
                                            },
                                            "write"))
                    .hasRootCauseInstanceOf(ResourceNotFoundException.class)
                    .satisfies(
                            e -> {
                                assertThat(e.getCause())
                                        .isInstanceOf(SuppressRestartsException.class);
                                assertThat(e.getCause().getCause())
                                        .isInstanceOf(AwsResourceException.class)
                                        .hasMessageStartingWith(RESOURCE + ": not found");
                            });
            // anything else is left to the restart strategy, unchanged
            IllegalStateException transientError = new IllegalStateException("throttled");
            assertThatThrownBy(
                            () ->
                                    mailbox.execute(
                                            () -> {
                                                throw transientError;
                                            },
                                            "write"))
                    .hasCauseReference(transientError);
        }
        assertThat(unused).isNull();
    }

    /** Named like the SDK's, which NonRecoverable matches by simple name. */
    private static final class ResourceNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
