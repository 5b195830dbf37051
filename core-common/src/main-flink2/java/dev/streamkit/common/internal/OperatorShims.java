package dev.streamkit.common.internal;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/**
 * Shim, Flink 2.2 half (the other half is core-common/src/main-flink1, same signatures):
 * operator details whose API differs between the Flink majors.
 */
public final class OperatorShims {
    private OperatorShims() {}

    /**
     * Lets {@code operator} chain with its neighbours (ALWAYS). On 2.x the operator has no chaining strategy any more; its factory defaults to {@code ALWAYS}, so this does nothing.
     *
     * @param operator the operator, typically {@code this} in its constructor
     */
    public static void chainAlways(AbstractStreamOperator<?> operator) {
        // Flink 2.x: the operator factory holds the strategy and defaults to ALWAYS.
    }
}
