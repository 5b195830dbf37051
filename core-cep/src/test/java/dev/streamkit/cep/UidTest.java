package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.cep.testing.TestEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Operator uids: unique per parameters for default pattern ids, the same in every run for equal
 * configs (savepoints restore), unchanged for patterns with their own id, overridable.
 */
class UidTest {

    private static FraudPattern<TestEvent> velocity(VelocityConfig config) {
        return FraudPatterns.velocity(config, TestEvent.ADAPTER, TestEvent.TYPE);
    }

    private static VelocityConfig.Builder count(int maxCount) {
        return VelocityConfig.builder().maxCount(maxCount).window(Duration.ofMinutes(1));
    }

    @Test
    void equalConfigsGiveEqualUidsAndDifferentParametersDifferentOnes() {
        FraudPattern<TestEvent> a = velocity(count(20).build());
        FraudPattern<TestEvent> b =
                velocity(
                        VelocityConfig.fromProperties(
                                Map.of("max-count", "20", "window", "1 min")));
        assertThat(a.engine(Engine.FAST_PATH).uid()).isEqualTo(b.engine(Engine.FAST_PATH).uid());
        assertThat(a.engine(Engine.FLINK_CEP).uid()).isEqualTo(b.engine(Engine.FLINK_CEP).uid());

        List<FraudPattern<TestEvent>> different =
                Arrays.asList(
                        a,
                        velocity(count(21).build()),
                        velocity(count(20).window(Duration.ofSeconds(61)).build()),
                        velocity(count(20).severity(Severity.LOW).build()));
        Set<String> uids = different.stream().map(FraudPattern::uid).collect(Collectors.toSet());
        assertThat(uids)
                .hasSize(different.size())
                .allMatch(u -> u.startsWith("streamkit-cep-fast-velocity-count-"));
        assertThat(a.engine(Engine.FLINK_CEP).uid())
                .startsWith("streamkit-cep-velocity-count-")
                .isNotEqualTo(a.engine(Engine.FAST_PATH).uid());
    }

    @Test
    void defaultUidsAreTheSameInEveryRelease() {
        // savepoint compatibility: a changed digest orphans the state of every job that runs
        // this config; change it only with a migration note. Computed outside the library:
        // printf '%s' 'VelocityConfig{maxCount=20, window=PT1M, severity=HIGH,
        // patternId=velocity-count}' | sha256sum | cut -c1-8  (one line)
        VelocityConfig config = count(20).build();
        assertThat(config)
                .hasToString(
                        "VelocityConfig{maxCount=20, window=PT1M, severity=HIGH,"
                                + " patternId=velocity-count}");
        assertThat(velocity(config).engine(Engine.FAST_PATH).uid())
                .isEqualTo("streamkit-cep-fast-velocity-count-1c0d31a9");
        assertThat(velocity(config).engine(Engine.FLINK_CEP).uid())
                .isEqualTo("streamkit-cep-velocity-count-1c0d31a9");
    }

    @Test
    void patternsWithTheirOwnIdKeepTheirUidsAndAnExplicitUidWins() {
        FraudPattern<TestEvent> own = velocity(count(20).patternId("card-velocity").build());
        assertThat(own.engine(Engine.FAST_PATH).uid())
                .isEqualTo("streamkit-cep-fast-card-velocity");
        assertThat(own.engine(Engine.FLINK_CEP).uid()).isEqualTo("streamkit-cep-card-velocity");
        // retuning such a pattern keeps its uid
        assertThat(velocity(count(30).patternId("card-velocity").build()).uid())
                .isEqualTo(own.engine(Engine.FAST_PATH).uid());

        FraudPattern<TestEvent> pinned = velocity(count(20).build()).uid("velocity-v1");
        assertThat(pinned.engine(Engine.FAST_PATH).uid()).isEqualTo("velocity-v1");
        assertThat(pinned.engine(Engine.FLINK_CEP).uid()).isEqualTo("velocity-v1");
        assertThatThrownBy(() -> own.uid(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uid");
    }

    @Test
    void theJobGraphCarriesTheUids() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<TestEvent> events = env.fromData(TestEvent.txn("a", 1, 1));
        FraudPattern<TestEvent> two = velocity(count(2).build());
        FraudPattern<TestEvent> three = velocity(count(3).build());
        two.engine(Engine.FAST_PATH).apply(events);
        three.engine(Engine.FAST_PATH).apply(events);
        Set<String> uids = new HashSet<>();
        for (Transformation<?> t : env.getTransformations()) {
            uids.add(t.getUid());
        }
        assertThat(uids)
                .contains(
                        two.engine(Engine.FAST_PATH).uid(),
                        two.engine(Engine.FAST_PATH).uid() + "-input",
                        three.engine(Engine.FAST_PATH).uid(),
                        three.engine(Engine.FAST_PATH).uid() + "-input");
    }

    @Test
    void theSamePatternTwiceInOneJobFailsAtBuildTimeNamingTheRemedy() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<TestEvent> events = env.fromData(TestEvent.txn("a", 1, 1));
        FraudPattern<TestEvent> pattern = velocity(count(2).build());
        pattern.engine(Engine.FAST_PATH).apply(events);
        assertThatThrownBy(() -> pattern.engine(Engine.FAST_PATH).apply(events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(pattern.engine(Engine.FAST_PATH).uid())
                .hasMessageContaining("patternId")
                .hasMessageContaining("uid(...)");
        // a second instance with its own uid is fine
        pattern.uid("velocity-second").engine(Engine.FAST_PATH).apply(events);
    }
}
