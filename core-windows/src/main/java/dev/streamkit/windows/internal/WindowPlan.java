package dev.streamkit.windows.internal;

import dev.streamkit.windows.WindowResult;
import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * How a validated window specification runs: on the slicing operator or on Flink's window operator.
 * The public spec sets the uid on what {@link #apply} returns.
 */
@Internal
public interface WindowPlan<T, R> extends Serializable {

    /**
     * Adds the window operator, named with the spec's name, after {@code keyed}.
     *
     * @param keyed the keyed
     * @param <K> the key type
     * @return the result
     */
    <K> SingleOutputStreamOperator<WindowResult<K, R>> apply(KeyedStream<T, K> keyed);
}
