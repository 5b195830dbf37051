package dev.streamkit.aws.kinesis;

import org.apache.flink.annotation.PublicEvolving;

/** How the source reads shards. */
@PublicEvolving
public enum ReaderType {
    /** GetRecords polling, shared throughput (2 MB/s per shard across all consumers). */
    POLLING,
    /**
     * Enhanced fan-out (dedicated 2 MB/s per shard and consumer). Not offered by the FLIP-27 source
     * of flink-connector-kinesis 4.3.0: {@code build()} rejects it with an explanation.
     */
    EFO
}
