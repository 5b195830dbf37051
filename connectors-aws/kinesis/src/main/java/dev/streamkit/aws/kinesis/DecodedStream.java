package dev.streamkit.aws.kinesis;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The typed records of a Kinesis source together with the records that could not be decoded or
 * broke the declared input contract ({@link KinesisJsonSource.Builder#require}): every input record
 * is on exactly one of the two outputs.
 *
 * @param <T> the decoded record type
 */
@PublicEvolving
public final class DecodedStream<T> {

    private final SingleOutputStreamOperator<T> records;
    private final DataStream<KinesisDeadLetter> deadLetters;

    DecodedStream(
            SingleOutputStreamOperator<T> records, DataStream<KinesisDeadLetter> deadLetters) {
        this.records = records;
        this.deadLetters = deadLetters;
    }

    /**
     * Decoded records meeting every declared requirement, with event-time timestamps and per-shard
     * watermarks already assigned.
     *
     * @return the decoded records
     */
    public SingleOutputStreamOperator<T> records() {
        return records;
    }

    /**
     * Records that could not be decoded or broke a requirement, each exactly once per read of the
     * record, with the reason. Connect it to a sink (e.g. {@link KinesisSinks#deadLetters()}, which
     * bounds every dead letter to one Kinesis record); unconnected, dead letters are only counted.
     *
     * @return the dead letters
     */
    public DataStream<KinesisDeadLetter> deadLetters() {
        return deadLetters;
    }
}
