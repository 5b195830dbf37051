package dev.streamkit.aws.kinesis.internal;

import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends decoded records to the main output and dead letters to a side output, counting both in the
 * metrics {@value #DECODED_METRIC} and {@value #DEAD_LETTER_METRIC}.
 */
@Internal
public final class DeadLetterSplitter<T> extends ProcessFunction<Either<KinesisDeadLetter, T>, T> {

    private static final long serialVersionUID = 1L;

    public static final String DECODED_METRIC = "numRecordsDecoded";
    public static final String DEAD_LETTER_METRIC = "numDeadLetters";

    private final OutputTag<KinesisDeadLetter> deadLetterTag;

    private transient Counter decoded;
    private transient Counter deadLetters;

    /** Routes dead letters to {@code deadLetterTag}, decoded records to the main output. */
    public DeadLetterSplitter(OutputTag<KinesisDeadLetter> deadLetterTag) {
        this.deadLetterTag = deadLetterTag;
    }

    @Override
    public void open(Configuration parameters) {
        decoded = getRuntimeContext().getMetricGroup().counter(DECODED_METRIC);
        deadLetters = getRuntimeContext().getMetricGroup().counter(DEAD_LETTER_METRIC);
    }

    @Override
    public void processElement(Either<KinesisDeadLetter, T> value, Context ctx, Collector<T> out) {
        if (value.isRight()) {
            decoded.inc();
            out.collect(value.right());
        } else {
            deadLetters.inc();
            ctx.output(deadLetterTag, value.left());
        }
    }
}
