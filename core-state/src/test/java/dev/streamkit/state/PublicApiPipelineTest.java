package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * Wires every entry point into a job the way the README shows, with generic types disabled: the
 * public signatures compose with {@code keyBy(...).process(...)} and every output type resolves
 * without Kryo.
 */
class PublicApiPipelineTest {

    @Test
    void everyEntryPointComposesWithTheDataStreamApi() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        TestConfigs.disableGenericTypes(env.getConfig());
        DataStream<Tuple2<Long, Integer>> events =
                env.fromData(TYPE, Tuple2.of(1L, 1), Tuple2.of(1L, 2))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Tuple2<Long, Integer>>forMonotonousTimestamps()
                                        .withTimestampAssigner((e, t) -> e.f1));
        OutputTag<Tuple2<Long, Integer>> duplicates = new OutputTag<>("dups", TYPE);

        SingleOutputStreamOperator<Tuple2<Long, Integer>> exact =
                Deduplicate.exact((Tuple2<Long, Integer> e) -> e.f0, Types.LONG)
                        .expireAfter(Duration.ofMinutes(1))
                        .duplicatesTo(duplicates)
                        .uid("exact")
                        .build()
                        .apply(events);
        SingleOutputStreamOperator<Tuple2<Long, Integer>> last =
                Deduplicate.exact((Tuple2<Long, Integer> e) -> e.f0, Types.LONG)
                        .expireAfter(Duration.ofMinutes(1))
                        .keepLast()
                        .build()
                        .apply(events);
        SingleOutputStreamOperator<Tuple2<Long, Integer>> approximate =
                Deduplicate.approximate(IdHasher.ofLong((Tuple2<Long, Integer> e) -> e.f0))
                        .expireAfter(Duration.ofMinutes(1))
                        .expectedIdsPerHorizon(1000)
                        .build()
                        .apply(events);

        KeyedStream<Tuple2<Long, Integer>, Long> keyed = events.keyBy(e -> e.f0, Types.LONG);
        OutputTag<SuppressionSummary<Long>> summaryTag =
                new OutputTag<>("summaries", SuppressionSummary.typeInfo(Types.LONG));
        AlertSuppression<Long, Tuple2<Long, Integer>> suppression =
                AlertSuppression.<Long, Tuple2<Long, Integer>>builder(
                                Duration.ofMinutes(1), Types.LONG, TYPE)
                        .summariesTo(summaryTag)
                        .build();
        SingleOutputStreamOperator<Tuple2<Long, Integer>> alerts = suppression.apply(keyed);
        DataStream<SuppressionSummary<Long>> summaries =
                alerts.getSideOutput(suppression.summariesTag());
        OutputTag<Tuple2<Long, Integer>> expiredTag = new OutputTag<>("expired", TYPE);
        LatestValue<Long, Tuple2<Long, Integer>> latest =
                LatestValue.<Long, Tuple2<Long, Integer>>builder(Duration.ofMinutes(1), TYPE)
                        .expiredTo(expiredTag)
                        .build();
        SingleOutputStreamOperator<Tuple2<Long, Integer>> updates = latest.apply(keyed);
        DataStream<Tuple2<Long, Integer>> expired = updates.getSideOutput(latest.expiredTag());
        SingleOutputStreamOperator<Tuple2<Long, Integer>> changes =
                ChangeDetector.<Long, Tuple2<Long, Integer>>numeric(
                                TYPE, e -> e.f1, 0.5, Duration.ofMinutes(1))
                        .build()
                        .apply(keyed);
        SingleOutputStreamOperator<Tuple2<Long, Integer>> limited =
                RateLimiter.<Long, Tuple2<Long, Integer>>builder(10, Duration.ofMinutes(1), TYPE)
                        .uid("limit")
                        .name("limit")
                        .build()
                        .apply(keyed);
        SingleOutputStreamOperator<List<Tuple2<Long, Integer>>> lastN =
                LastN.<Long, Tuple2<Long, Integer>>builder(3, Duration.ofMinutes(1), TYPE)
                        .build()
                        .apply(keyed);

        // apply sets name and uid: an explicit uid wins, defaults are distinct and readable
        assertThat(exact.getTransformation().getUid()).isEqualTo("exact");
        assertThat(limited.getTransformation().getUid()).isEqualTo("limit");
        assertThat(limited.getName()).isEqualTo("limit");
        assertThat(alerts.getName()).isEqualTo("Streamkit alert suppression 1min");
        assertThat(lastN.getName()).isEqualTo("Streamkit last 3 within 1min");
        List<String> defaults =
                List.of(
                        last.getTransformation().getUid(),
                        approximate.getTransformation().getUid(),
                        alerts.getTransformation().getUid(),
                        updates.getTransformation().getUid(),
                        changes.getTransformation().getUid(),
                        lastN.getTransformation().getUid());
        assertThat(defaults).doesNotHaveDuplicates().allMatch(u -> u.startsWith("streamkit-"));
        assertThat(last.getTransformation().getUid()).matches("streamkit-dedup-[0-9a-f]{8}");

        for (DataStream<?> s :
                List.of(
                        exact,
                        exact.getSideOutput(duplicates),
                        last,
                        approximate,
                        alerts,
                        updates,
                        expired,
                        changes,
                        limited)) {
            assertThat(s.getType()).isEqualTo(TYPE);
        }
        assertThat(summaries.getType()).isEqualTo(SuppressionSummary.typeInfo(Types.LONG));
        assertThat(lastN.getType()).isEqualTo(Types.LIST(TYPE));
        assertThat(env.getStreamGraph().getStreamNodes()).hasSizeGreaterThanOrEqualTo(9);
    }
}
