package dev.streamkit.cep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.cep.testing.TestEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The wiring contract on {@link FraudPattern}: immutable setters, engine choice and its default,
 * name and uid on what {@code apply} adds, accessors that name the missing setter, and a pattern
 * that survives Java serialization.
 */
class FraudPatternWiringTest {
    private static final OutputTag<TestEvent> LATE = new OutputTag<>("late", TestEvent.TYPE);
    private static final OutputTag<TestEvent> INVALID = new OutputTag<>("invalid", TestEvent.TYPE);

    private static FraudPattern<TestEvent> velocity() {
        return FraudPatterns.velocity(
                VelocityConfig.builder().maxCount(20).window(Duration.ofMinutes(1)).build(),
                TestEvent.ADAPTER,
                TestEvent.TYPE);
    }

    private static FraudPattern<TestEvent> travel() {
        return FraudPatterns.impossibleTravel(
                ImpossibleTravelConfig.builder().build(), TestEvent.ADAPTER, TestEvent.TYPE);
    }

    @Test
    void everySetterLeavesTheReceiverUnchanged() {
        FraudPattern<TestEvent> base = velocity();
        String name = base.name();
        String uid = base.uid();

        FraudPattern<TestEvent> named = base.name("velocity");
        FraudPattern<TestEvent> pinned = base.uid("velocity-v1");
        FraudPattern<TestEvent> onCep = base.engine(Engine.FLINK_CEP);
        FraudPattern<TestEvent> withLate = base.lateRecordsTo(LATE);
        FraudPattern<TestEvent> withInvalid = base.invalidRecordsTo(INVALID);

        // the receiver is what it was
        assertThat(base.name())
                .isEqualTo(name)
                .isEqualTo("Streamkit fraud pattern velocity-count (fast path)");
        assertThat(base.uid())
                .isEqualTo(uid)
                .isEqualTo("streamkit-cep-fast-velocity-count-1c0d31a9");
        assertThat(base.engine()).isEqualTo(Engine.FAST_PATH);
        assertThatThrownBy(base::lateRecordsTag).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(base::invalidRecordsTag).isInstanceOf(IllegalStateException.class);

        // each copy has its change and only that
        assertThat(named.name()).isEqualTo("velocity");
        assertThat(named.uid()).isEqualTo(uid);
        assertThat(pinned.uid()).isEqualTo("velocity-v1");
        assertThat(pinned.name()).isEqualTo(name);
        assertThat(onCep.engine()).isEqualTo(Engine.FLINK_CEP);
        assertThat(onCep.uid()).isEqualTo("streamkit-cep-velocity-count-1c0d31a9");
        assertThat(onCep.name()).isEqualTo("Streamkit fraud pattern velocity-count (flink-cep)");
        assertThat(withLate.lateRecordsTag()).isSameAs(LATE);
        assertThatThrownBy(withLate::invalidRecordsTag).isInstanceOf(IllegalStateException.class);
        assertThat(withInvalid.invalidRecordsTag()).isSameAs(INVALID);
        assertThatThrownBy(withInvalid::lateRecordsTag).isInstanceOf(IllegalStateException.class);
        // chained settings accumulate
        FraudPattern<TestEvent> both = withLate.invalidRecordsTo(INVALID).uid("x");
        assertThat(both.lateRecordsTag()).isSameAs(LATE);
        assertThat(both.invalidRecordsTag()).isSameAs(INVALID);
        assertThat(both.uid()).isEqualTo("x");
    }

    @Test
    void unsetSideOutputAccessorsNameTheSetter() {
        assertThatThrownBy(() -> velocity().lateRecordsTag())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("velocity-count")
                .hasMessageContaining("late records are dropped")
                .hasMessageContaining("lateRecordsTo(tag)");
        assertThatThrownBy(() -> velocity().invalidRecordsTag())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("numInvalidRecords")
                .hasMessageContaining("invalidRecordsTo(tag)");
    }

    @Test
    void theDefaultEngineIsTheFastPathWhereThereIsOneElseFlinkCep() {
        assertThat(velocity().hasFastPath()).isTrue();
        assertThat(velocity().engine()).isEqualTo(Engine.FAST_PATH);
        assertThat(travel().hasFastPath()).isFalse();
        assertThat(travel().engine()).isEqualTo(Engine.FLINK_CEP);
        assertThat(travel().uid()).startsWith("streamkit-cep-impossible-travel-");
        assertThatThrownBy(() -> travel().engine(Engine.FAST_PATH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impossible-travel")
                .hasMessageContaining("engine(Engine.FAST_PATH)");
        assertThatThrownBy(() -> velocity().name(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void applyNamesAndUidsTheFilterAndTheKeyedOperator() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<TestEvent> events = env.fromData(TestEvent.txn("a", 1, 1));
        SingleOutputStreamOperator<FraudAlert<TestEvent>> fast =
                velocity().name("velocity").uid("velocity-v1").apply(events);
        SingleOutputStreamOperator<FraudAlert<TestEvent>> cep = travel().apply(events);
        assertThat(fast.getName()).isEqualTo("velocity");
        assertThat(fast.getTransformation().getUid()).isEqualTo("velocity-v1");
        assertThat(cep.getName())
                .isEqualTo("Streamkit fraud pattern impossible-travel (flink-cep)");
        assertThat(cep.getTransformation().getUid()).isEqualTo(travel().uid());
        Map<String, String> nameByUid = new HashMap<>();
        for (Transformation<?> t : env.getTransformations()) {
            collect(t, nameByUid);
        }
        assertThat(nameByUid)
                .containsEntry("velocity-v1-input", "velocity input")
                .containsEntry(
                        travel().uid() + "-input",
                        "Streamkit fraud pattern impossible-travel (flink-cep) input");
    }

    private static void collect(Transformation<?> t, Map<String, String> nameByUid) {
        if (t.getUid() != null) {
            nameByUid.put(t.getUid(), t.getName());
        }
        for (Transformation<?> input : t.getInputs()) {
            collect(input, nameByUid);
        }
    }

    @Test
    void aPatternSurvivesJavaSerialization() throws Exception {
        FraudPattern<TestEvent> pattern =
                velocity().name("velocity").lateRecordsTo(LATE).invalidRecordsTo(INVALID);
        FraudPattern<TestEvent> copy =
                InstantiationUtil.clone(pattern, getClass().getClassLoader());
        assertThat(copy).isNotSameAs(pattern);
        assertThat(copy.uid()).isEqualTo(pattern.uid());
        assertThat(copy.name()).isEqualTo("velocity");
        assertThat(copy.lateRecordsTag()).isEqualTo(LATE);
        assertThat(copy.invalidRecordsTag()).isEqualTo(INVALID);
        assertThat(copy.cepPattern().getName()).isEqualTo(pattern.cepPattern().getName());
        // and still builds a job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThat(copy.apply(env.fromData(TestEvent.txn("a", 1, 1))).getName())
                .isEqualTo("velocity");
    }
}
