package dev.streamkit.common.internal;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;

/**
 * Shim, Flink 1.20 half (the other half is core-common/src/main-flink2, same signatures):
 * operator details whose API differs between the Flink majors.
 */
public final class OperatorShims {
    private OperatorShims() {}

    /**
     * Lets {@code operator} chain with its neighbours (ALWAYS). On 1.20 an operator instance carries its chaining strategy (default {@code HEAD}) and the operator factory copies it.
     *
     * @param operator the operator, typically {@code this} in its constructor
     */
    public static void chainAlways(AbstractStreamOperator<?> operator) {
        operator.setChainingStrategy(ChainingStrategy.ALWAYS);
    }
}
