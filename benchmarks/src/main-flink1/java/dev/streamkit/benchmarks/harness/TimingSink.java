package dev.streamkit.benchmarks.harness;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Discards results and stops the clock when the input ends (after the final watermark fired).
 * Shim, Flink 1.20 half (src/main-flink2 has the 2.2 half): 1.20's Sink still declares the
 * abstract {@code createWriter(InitContext)}, which 2.x removed with {@code InitContext}.
 */
final class TimingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    @Override
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
        return new Writer<>();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>();
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private long count;

        @Override
        public void write(T element, Context context) {
            count++;
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput) {
                Timing.markEnd();
            }
        }

        @Override
        public void close() {}
    }
}
