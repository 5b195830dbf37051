package dev.streamkit.state;

import static dev.streamkit.state.DedupScripts.ID;
import static dev.streamkit.state.DedupScripts.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder is immutable: a setter returns a new builder and leaves the receiver unchanged, so
 * {@code b.miniBatch(7);} without reassigning builds exactly what {@code b} built before, while the
 * returned builder builds something different. "What a builder builds" is compared as the Java
 * serialization of the built spec, which holds every configured field.
 */
class BuilderImmutabilityTest {
    private static final OutputTag<Tuple2<Long, Integer>> TAG = new OutputTag<>("tag", TYPE);
    private static final OutputTag<SuppressionSummary<Long>> SUMMARIES =
            new OutputTag<>("summaries", SuppressionSummary.typeInfo(Types.LONG));

    /** One setter call: the builder under test, the setter applied to it, and build(). */
    static final class Case<B> {
        final String name;
        final Supplier<B> fresh;
        final Function<B, B> setter;
        final Function<B, Serializable> build;

        Case(
                String name,
                Supplier<B> fresh,
                Function<B, B> setter,
                Function<B, Serializable> build) {
            this.name = name;
            this.fresh = fresh;
            this.setter = setter;
            this.build = build;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static <B> void add(
            List<Case<?>> out,
            String builder,
            Supplier<B> fresh,
            Function<B, Serializable> build,
            List<Object[]> setters) {
        for (Object[] s : setters) {
            @SuppressWarnings("unchecked")
            Function<B, B> setter = (Function<B, B>) s[1];
            out.add(new Case<>(builder + "." + s[0], fresh, setter, build));
        }
    }

    private static Object[] s(String name, Function<?, ?> setter) {
        return new Object[] {name, setter};
    }

    static Stream<Case<?>> cases() {
        List<Case<?>> out = new ArrayList<>();
        Function<ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long>, Serializable> exactBuild =
                ExactDeduplicator.Builder::build;
        add(
                out,
                "ExactDeduplicator.Builder",
                () -> Deduplicate.exact(ID, Types.LONG).expireAfter(Duration.ofHours(1)),
                exactBuild,
                List.of(
                        s(
                                "expireAfter",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.expireAfter(Duration.ofHours(2))),
                        s(
                                "inProcessingTime",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.inProcessingTime()),
                        s(
                                "timerGranularity",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.timerGranularity(Duration.ofMinutes(1))),
                        s(
                                "keepLast",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.keepLast()),
                        s(
                                "keep",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.keep(KeepPolicy.KEEP_LAST)),
                        s(
                                "duplicatesTo",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.duplicatesTo(TAG)),
                        s(
                                "lateRecordsTo",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.lateRecordsTo(TAG)),
                        s(
                                "invalidRecordsTo",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.invalidRecordsTo(TAG)),
                        s(
                                "miniBatch",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.miniBatch(7)),
                        s(
                                "shards",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.shards(16)),
                        s(
                                "idCacheBytes",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.idCacheBytes(1024)),
                        s(
                                "writeBuffer",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.writeBuffer(10)),
                        s(
                                "name",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.name("other")),
                        s(
                                "uid",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.uid("other"))));
        // keepFirst is the default: checked from a keep-last builder
        add(
                out,
                "ExactDeduplicator.Builder(keepLast)",
                () -> Deduplicate.exact(ID, Types.LONG).expireAfter(Duration.ofHours(1)).keepLast(),
                exactBuild,
                Collections.singletonList(
                        s(
                                "keepFirst",
                                (ExactDeduplicator.Builder<Tuple2<Long, Integer>, Long> b) ->
                                        b.keepFirst())));

        Function<ApproximateDeduplicator.Builder<Tuple2<Long, Integer>>, Serializable> approxBuild =
                ApproximateDeduplicator.Builder::build;
        add(
                out,
                "ApproximateDeduplicator.Builder",
                () ->
                        Deduplicate.approximate(IdHasher.ofLong((Tuple2<Long, Integer> t) -> t.f0))
                                .expireAfter(Duration.ofHours(1))
                                .expectedIdsPerHorizon(1000),
                approxBuild,
                List.of(
                        s(
                                "expireAfter",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.expireAfter(Duration.ofHours(2))),
                        s(
                                "maxOutOfOrderness",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.maxOutOfOrderness(Duration.ofMinutes(1))),
                        s(
                                "expectedIdsPerHorizon",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.expectedIdsPerHorizon(5000)),
                        s(
                                "falsePositiveRate",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.falsePositiveRate(0.001)),
                        s(
                                "slots",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.slots(8)),
                        s(
                                "shards",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.shards(16)),
                        s(
                                "inProcessingTime",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.inProcessingTime()),
                        s(
                                "duplicatesTo",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.duplicatesTo(TAG)),
                        s(
                                "lateRecordsTo",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.lateRecordsTo(TAG)),
                        s(
                                "invalidRecordsTo",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.invalidRecordsTo(TAG)),
                        s(
                                "blockCacheBytes",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.blockCacheBytes(0)),
                        s(
                                "name",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.name("other")),
                        s(
                                "uid",
                                (ApproximateDeduplicator.Builder<Tuple2<Long, Integer>> b) ->
                                        b.uid("other"))));

        add(
                out,
                "AlertSuppression.Builder",
                () ->
                        AlertSuppression.<Long, Tuple2<Long, Integer>>builder(
                                Duration.ofMinutes(1), Types.LONG, TYPE),
                (AlertSuppression.Builder<Long, Tuple2<Long, Integer>> b) -> b.build(),
                List.of(
                        s(
                                "inProcessingTime",
                                (AlertSuppression.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.inProcessingTime()),
                        s(
                                "summariesTo",
                                (AlertSuppression.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.summariesTo(SUMMARIES)),
                        s(
                                "name",
                                (AlertSuppression.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.name("other")),
                        s(
                                "uid",
                                (AlertSuppression.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.uid("other"))));
        add(
                out,
                "LatestValue.Builder",
                () -> LatestValue.<Long, Tuple2<Long, Integer>>builder(Duration.ofMinutes(1), TYPE),
                (LatestValue.Builder<Long, Tuple2<Long, Integer>> b) -> b.build(),
                List.of(
                        s(
                                "inProcessingTime",
                                (LatestValue.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.inProcessingTime()),
                        s(
                                "expiredTo",
                                (LatestValue.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.expiredTo(TAG)),
                        s(
                                "name",
                                (LatestValue.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.name("other")),
                        s(
                                "uid",
                                (LatestValue.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.uid("other"))));
        add(
                out,
                "ChangeDetector.Builder",
                () ->
                        ChangeDetector.<Long, Tuple2<Long, Integer>>numeric(
                                TYPE, t -> t.f1, 0.5, Duration.ofMinutes(1)),
                (ChangeDetector.Builder<Long, Tuple2<Long, Integer>, Double> b) -> b.build(),
                List.of(
                        s(
                                "inProcessingTime",
                                (ChangeDetector.Builder<Long, Tuple2<Long, Integer>, Double> b) ->
                                        b.inProcessingTime()),
                        s(
                                "invalidRecordsTo",
                                (ChangeDetector.Builder<Long, Tuple2<Long, Integer>, Double> b) ->
                                        b.invalidRecordsTo(TAG)),
                        s(
                                "name",
                                (ChangeDetector.Builder<Long, Tuple2<Long, Integer>, Double> b) ->
                                        b.name("other")),
                        s(
                                "uid",
                                (ChangeDetector.Builder<Long, Tuple2<Long, Integer>, Double> b) ->
                                        b.uid("other"))));
        add(
                out,
                "RateLimiter.Builder",
                () ->
                        RateLimiter.<Long, Tuple2<Long, Integer>>builder(
                                3, Duration.ofMinutes(1), TYPE),
                (RateLimiter.Builder<Long, Tuple2<Long, Integer>> b) -> b.build(),
                List.of(
                        s(
                                "inProcessingTime",
                                (RateLimiter.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.inProcessingTime()),
                        s(
                                "throttledTo",
                                (RateLimiter.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.throttledTo(TAG)),
                        s(
                                "name",
                                (RateLimiter.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.name("other")),
                        s(
                                "uid",
                                (RateLimiter.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.uid("other"))));
        add(
                out,
                "LastN.Builder",
                () -> LastN.<Long, Tuple2<Long, Integer>>builder(3, Duration.ofMinutes(1), TYPE),
                (LastN.Builder<Long, Tuple2<Long, Integer>> b) -> b.build(),
                List.of(
                        s(
                                "inProcessingTime",
                                (LastN.Builder<Long, Tuple2<Long, Integer>> b) ->
                                        b.inProcessingTime()),
                        s(
                                "name",
                                (LastN.Builder<Long, Tuple2<Long, Integer>> b) -> b.name("other")),
                        s(
                                "uid",
                                (LastN.Builder<Long, Tuple2<Long, Integer>> b) -> b.uid("other"))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <B> void aSetterLeavesTheReceiverUnchanged(Case<B> c) throws Exception {
        B receiver = c.fresh.get();
        byte[] before = InstantiationUtil.serializeObject(c.build.apply(receiver));

        B returned = c.setter.apply(receiver); // not reassigned: the receiver must not change

        assertThat(returned).isNotSameAs(receiver);
        assertThat(InstantiationUtil.serializeObject(c.build.apply(receiver)))
                .as("%s changed its receiver", c.name)
                .isEqualTo(before);
        assertThat(InstantiationUtil.serializeObject(c.build.apply(returned)))
                .as("%s had no effect on the builder it returned", c.name)
                .isNotEqualTo(before);
    }
}
