package dev.streamkit.examples.local;

import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Prints results to stdout as they happen, prefixed with their kind, and counts them in the metric
 * {@value #PRINTED} (the local run's summary reads it per kind).
 */
public final class ConsoleSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** The counter of printed records. */
    public static final String PRINTED = "printed";

    private final String kind;
    private final boolean print;

    /** Prints every record, prefixed with {@code kind}. */
    public ConsoleSink(String kind) {
        this(kind, true);
    }

    private ConsoleSink(String kind, boolean print) {
        this.kind = kind;
        this.print = print;
    }

    /** Counts records without printing them (for high-volume outputs). */
    public static <T> ConsoleSink<T> countOnly(String kind) {
        return new ConsoleSink<>(kind, false);
    }

    @Override
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
        return new Writer<>(kind, print, context.metricGroup());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(kind, print, context.metricGroup());
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final String kind;
        private final boolean print;
        private final Counter printed;
        private final PrintStream out = System.out;

        Writer(String kind, boolean print, SinkWriterMetricGroup metrics) {
            this.kind = kind;
            this.print = print;
            this.printed = metrics.counter(PRINTED);
        }

        @Override
        public void write(T element, Context context) {
            if (print) {
                out.println(kind + "> " + element);
            }
            printed.inc();
        }

        @Override
        public void flush(boolean endOfInput) {
            out.flush();
        }

        @Override
        public void close() {}
    }
}
