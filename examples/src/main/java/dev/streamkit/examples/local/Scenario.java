package dev.streamkit.examples.local;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic synthetic workload: the raw records (JSON lines, exactly as they would arrive
 * from Kinesis) in arrival order, including the out-of-order, late, duplicate and malformed ones.
 * The same seed always yields the same records, so a source can rebuild them on any machine from
 * the scenario's parameters alone, and tests can compare a job's output with the scenario's own
 * ground truth.
 */
public interface Scenario extends Serializable {

    /** The records in arrival order. Built on demand; callers keep the list if they need it. */
    List<String> records();

    /**
     * The records as the bytes a stream would deliver (by default {@link #records()} in UTF-8; a
     * scenario may deliver bytes that are not valid UTF-8).
     */
    default List<byte[]> payloads() {
        List<String> lines = records();
        List<byte[]> payloads = new ArrayList<>(lines.size());
        for (String line : lines) {
            payloads.add(line.getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    /**
     * The same workload without the records that are hours behind the stream (late by design).
     * Lateness depends on where the watermark is when a record arrives, and watermarks are not part
     * of a checkpoint: a job that restores replays records under a fresh watermark. Without late
     * records the output no longer depends on timing, so a restored run must equal an uninterrupted
     * one exactly.
     */
    Scenario withoutLateRecords();
}
