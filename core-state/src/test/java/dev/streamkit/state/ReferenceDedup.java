package dev.streamkit.state;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The straightforward way to write event-time deduplication, used as the oracle: one timer per id
 * at exactly last-seen + horizon, moved on every newer duplicate.
 */
final class ReferenceDedup
        extends KeyedProcessFunction<Long, Tuple2<Long, Integer>, Tuple2<Long, Integer>> {
    private final long horizon;
    private final boolean keepLast;
    private final OutputTag<Tuple2<Long, Integer>> duplicates;

    private transient ValueState<Long> lastSeen;
    private transient ValueState<Tuple2<Long, Integer>> kept;

    ReferenceDedup(long horizon, boolean keepLast, OutputTag<Tuple2<Long, Integer>> duplicates) {
        this.horizon = horizon;
        this.keepLast = keepLast;
        this.duplicates = duplicates;
    }

    @Override
    public void open(OpenContext parameters) {
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
        kept = getRuntimeContext().getState(new ValueStateDescriptor<>("kept", DedupScripts.TYPE));
    }

    @Override
    public void processElement(
            Tuple2<Long, Integer> value, Context ctx, Collector<Tuple2<Long, Integer>> out)
            throws Exception {
        long ts = ctx.timestamp();
        Long last = lastSeen.value();
        if (last == null) {
            lastSeen.update(ts);
            ctx.timerService().registerEventTimeTimer(ts + horizon);
            if (keepLast) {
                kept.update(value);
            } else {
                out.collect(value);
            }
            return;
        }
        if (keepLast && ts >= last) {
            ctx.output(duplicates, kept.value());
            kept.update(value);
        } else {
            ctx.output(duplicates, value);
        }
        if (ts > last) {
            ctx.timerService().deleteEventTimeTimer(last + horizon);
            ctx.timerService().registerEventTimeTimer(ts + horizon);
            lastSeen.update(ts);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<Long, Integer>> out)
            throws Exception {
        if (keepLast) {
            out.collect(kept.value());
        }
        kept.clear();
        lastSeen.clear();
    }
}
