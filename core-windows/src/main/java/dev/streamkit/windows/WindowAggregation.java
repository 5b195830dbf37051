package dev.streamkit.windows;

import java.io.Serializable;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * A validated window aggregation, ready to apply to a keyed stream. Built by {@link Windows}.
 *
 * <pre>{@code
 * WindowAggregation<Txn, Tuple2<Long, Double>> perMinute =
 *     Windows.sliding(Duration.ofHours(1), Duration.ofMinutes(1))
 *         .aggregate(Aggregations.of(count(), sum(Txn::amount)))
 *         .lateEvents(LatePolicy.sideOutput("late-txns", txnType))
 *         .build();
 * SingleOutputStreamOperator<WindowResult<String, Tuple2<Long, Double>>> out =
 *     perMinute.apply(txns.keyBy(Txn::card)).uid("txn-stats");
 * DataStream<LateEvent<Txn>> late = out.getSideOutput(perMinute.lateOutputTag().get());
 * }</pre>
 */
@PublicEvolving
public interface WindowAggregation<T, R> extends Serializable {

    /** Applies the aggregation; set a {@code uid} on the returned operator. */
    <K> SingleOutputStreamOperator<WindowResult<K, R>> apply(KeyedStream<T, K> keyedStream);

    /** The side output of late events, when the late policy has one. */
    Optional<OutputTag<LateEvent<T>>> lateOutputTag();
}
