package dev.streamkit.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.streamkit.aws.AwsResourceException;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** A reader's fetch error that restarts cannot fix fails the job without restarts. */
class FailFastSourceReaderTest {

    /** A reader whose every poll fails with {@code failure}. */
    private static SourceReader<String, SourceSplit> failing(Exception failure) {
        return new SourceReader<String, SourceSplit>() {
            @Override
            public void start() {}

            @Override
            public InputStatus pollNext(ReaderOutput<String> output) throws Exception {
                throw failure;
            }

            @Override
            public List<SourceSplit> snapshotState(long checkpointId) {
                return Collections.emptyList();
            }

            @Override
            public CompletableFuture<Void> isAvailable() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void addSplits(List<SourceSplit> splits) {}

            @Override
            public void notifyNoMoreSplits() {}

            @Override
            public void close() {}
        };
    }

    @Test
    void aMissingStreamWhileReadingSuppressesRestartsNamingTheStream() {
        Exception fetch =
                new RuntimeException(
                        "One or more fetchers have encountered exception",
                        ResourceNotFoundException.builder().message("Stream x not found").build());
        Throwable thrown =
                catchThrowable(
                        () ->
                                new FailFastSource.Reader<>(failing(fetch), "Kinesis stream x")
                                        .pollNext(null));
        assertThat(thrown).isInstanceOf(SuppressRestartsException.class);
        assertThat(thrown.getCause())
                .isInstanceOf(AwsResourceException.class)
                .hasMessageStartingWith("Kinesis stream x: not found");
    }

    @Test
    void otherErrorsAreLeftToTheRestartStrategy() {
        IOException io = new IOException("connection reset");
        Throwable thrown =
                catchThrowable(() -> new FailFastSource.Reader<>(failing(io), "s").pollNext(null));
        assertThat(thrown).isSameAs(io);
    }
}
