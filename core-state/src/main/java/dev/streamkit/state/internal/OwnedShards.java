package dev.streamkit.state.internal;

import java.util.Arrays;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Which shard keys a subtask owns: the deduplication operators key their streams by a shard number
 * in {@code [0, shards)}, and Flink assigns each shard's key group to one subtask.
 */
final class OwnedShards {
    private OwnedShards() {}

    /** The shards whose key groups subtask {@code index} of {@code parallelism} owns, ascending. */
    static int[] of(int shards, int maxParallelism, int parallelism, int index) {
        KeyGroupRange range =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        maxParallelism, parallelism, index);
        int[] result = new int[shards];
        int n = 0;
        for (int shard = 0; shard < shards; shard++) {
            if (range.contains(KeyGroupRangeAssignment.assignToKeyGroup(shard, maxParallelism))) {
                result[n++] = shard;
            }
        }
        return Arrays.copyOf(result, n);
    }

    /** The shards the subtask of {@code task} owns, ascending. */
    static int[] of(int shards, TaskInfo task) {
        return of(
                shards,
                task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks(),
                task.getIndexOfThisSubtask());
    }
}
