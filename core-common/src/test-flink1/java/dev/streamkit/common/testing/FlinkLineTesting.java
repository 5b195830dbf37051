package dev.streamkit.common.testing;

import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;

/**
 * Test shim, Flink 1.20 half (the 2.2 half is core-common/src/test-flink2 with the same
 * signatures): the few test-side APIs whose class or package differs between the majors.
 */
public final class FlinkLineTesting {
    /** The Flink line these tests are compiled for. */
    public static final String LINE = "1.20";

    private FlinkLineTesting() {}

    /** The keyed state backend named {@code "rocksdb"} or {@code "hashmap"}. */
    public static StateBackend backend(String name) {
        return "rocksdb".equals(name) ? rocksdb() : new HashMapStateBackend();
    }

    /** Embedded RocksDB ({@code org.apache.flink.contrib.streaming.state} on 1.20). */
    public static StateBackend rocksdb() {
        return new EmbeddedRocksDBStateBackend();
    }

    /**
     * A mock task environment whose every operator reports into {@code metrics}, for tests that
     * check metric names. The task metric group's hook differs: 1.20: getOrAddOperator(OperatorID, String).
     */
    public static MockEnvironment environmentWithOperatorMetrics(
            InternalOperatorMetricGroup metrics) {
        InterceptingTaskMetricGroup task =
                new InterceptingTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID operatorID, String name) {
                        return metrics;
                    }
                };
        return new MockEnvironmentBuilder().setMetricGroup(task).build();
    }

    /**
     * Runs the asynchronous part of a snapshot started with {@code
     * StreamOperator#snapshotState} and returns what the job manager would own. 1.20: the
     * finalizer's constructor; 2.x: {@code OperatorSnapshotFinalizer.create}.
     */
    public static OperatorSubtaskState finishSnapshot(OperatorSnapshotFutures futures)
            throws Exception {
        return new OperatorSnapshotFinalizer(futures).getJobManagerOwnedState();
    }
}
