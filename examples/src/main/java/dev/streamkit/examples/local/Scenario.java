package dev.streamkit.examples.local;

import java.io.Serializable;
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
}
