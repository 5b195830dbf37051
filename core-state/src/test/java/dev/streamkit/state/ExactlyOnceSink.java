package dev.streamkit.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A test sink with exactly-once output: records are staged per checkpoint in operator state and
 * published only when that checkpoint completed (or on restore from it, where publishing is
 * idempotent per subtask and checkpoint), so replayed records never appear twice. A terminal
 * function (it emits nothing; the job ends it with a discarding Sink V2) rather than a
 * SinkFunction, which Flink 2.x removed.
 */
final class ExactlyOnceSink extends ProcessFunction<String, Void>
        implements CheckpointedFunction, CheckpointListener {
    /** Published batches by "subtask/checkpoint" of the current test (cleared by the test). */
    static final Map<String, List<String>> PUBLISHED = new ConcurrentHashMap<>();

    private transient List<String> current;
    private transient TreeMap<Long, List<String>> staged;
    private transient ListState<Tuple2<Long, String>> state;

    @Override
    public void processElement(String value, Context context, Collector<Void> out) {
        current.add(value);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        staged.put(context.getCheckpointId(), current);
        current = new ArrayList<>();
        List<Tuple2<Long, String>> all = new ArrayList<>();
        for (Map.Entry<Long, List<String>> e : staged.entrySet()) {
            for (String v : e.getValue()) {
                all.add(Tuple2.of(e.getKey(), v));
            }
        }
        state.update(all);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        current = new ArrayList<>();
        staged = new TreeMap<>();
        state =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "staged", Types.TUPLE(Types.LONG, Types.STRING)));
        if (context.isRestored()) {
            // every staged batch belongs to a checkpoint <= the restored (completed) one
            TreeMap<Long, List<String>> restored = new TreeMap<>();
            for (Tuple2<Long, String> t : state.get()) {
                restored.computeIfAbsent(t.f0, k -> new ArrayList<>()).add(t.f1);
            }
            for (Map.Entry<Long, List<String>> e : restored.entrySet()) {
                publish(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<Long, List<String>> done = staged.headMap(checkpointId, true);
        for (Map.Entry<Long, List<String>> e : done.entrySet()) {
            publish(e.getKey(), e.getValue());
        }
        done.clear();
    }

    private void publish(long checkpointId, List<String> values) {
        // batches are keyed by the first value too: restored subtasks may change index
        String key = checkpointId + "/" + (values.isEmpty() ? "" : values.get(0));
        PUBLISHED.putIfAbsent(key, new ArrayList<>(values));
    }

    static List<String> published() {
        List<String> all = new ArrayList<>();
        for (Collection<String> batch : PUBLISHED.values()) {
            all.addAll(batch);
        }
        return all;
    }
}
