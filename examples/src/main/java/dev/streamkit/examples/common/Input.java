package dev.streamkit.examples.common;

import dev.streamkit.aws.kinesis.KinesisDeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * A job's decoded input ({@link JobInput#read}): the records with event time and watermarks, the
 * records that could not be decoded or broke the job's input contract, and whether the records are
 * one ordered stream (the built-in generator, or Kinesis with {@code Input.ordered}).
 *
 * <p>From the generator (or Kinesis with {@code Input.ordered}), the input is one ordered stream
 * with watermarks punctuated from the data, and a job runs the operators up to and including its
 * first keyed stage on it with {@link #ordered}: every operator that decides whether a record is
 * late then has exactly one upstream subtask, so records and watermarks reach it in the generator's
 * order and which records are late follows from the data alone, at any speed and under any load.
 * (With two upstream subtasks, the watermark an operator holds when a record arrives also depends
 * on how far the other subtask has got, which depends on thread scheduling.)
 */
public final class Input<T> {
    private final SingleOutputStreamOperator<T> records;
    private final DataStream<KinesisDeadLetter> deadLetters;
    private final boolean generated;

    Input(
            SingleOutputStreamOperator<T> records,
            DataStream<KinesisDeadLetter> deadLetters,
            boolean generated) {
        this.records = records;
        this.deadLetters = deadLetters;
        this.generated = generated;
    }

    /** Decoded records with event-time timestamps and watermarks. */
    public SingleOutputStreamOperator<T> records() {
        return records;
    }

    /** Records that could not be decoded or broke the input contract, each once, with a reason. */
    public DataStream<KinesisDeadLetter> deadLetters() {
        return deadLetters;
    }

    /** Whether the records are one ordered stream (the generator, or {@code Input.ordered}). */
    public boolean generated() {
        return generated;
    }

    /**
     * {@code operator} at parallelism 1 when the input is one ordered stream (keeping its order up
     * to the first keyed stage, see the class comment), unchanged otherwise.
     */
    public <R> SingleOutputStreamOperator<R> ordered(SingleOutputStreamOperator<R> operator) {
        return generated ? operator.setParallelism(1) : operator;
    }
}
