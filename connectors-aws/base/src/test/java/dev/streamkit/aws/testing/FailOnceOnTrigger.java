package dev.streamkit.aws.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes orders through, counts completed checkpoints and throws once, in the first execution
 * attempt, when it meets the trigger order, so the job restarts from its last checkpoint. The
 * counters are static: the MiniCluster runs in the test JVM.
 */
public final class FailOnceOnTrigger extends RichMapFunction<Order, Order>
        implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    public static final AtomicInteger CHECKPOINTS = new AtomicInteger();
    public static final AtomicInteger FAILURES = new AtomicInteger();

    private final String triggerOrderId;

    public FailOnceOnTrigger(String triggerOrderId) {
        this.triggerOrderId = triggerOrderId;
    }

    @Override
    public Order map(Order order) {
        if (order.getOrderId().equals(triggerOrderId)
                && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure at " + triggerOrderId);
        }
        return order;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTS.incrementAndGet();
    }
}
