package dev.streamkit.windows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/** First and last by event time, and how ties are broken in adds and in merges. */
class FirstLastAggregatorTest {
    /** An element: an event time and a label. */
    private static final class E {
        final long ts;
        final String label;

        E(long ts, String label) {
            this.ts = ts;
            this.label = label;
        }
    }

    private static FirstLastAggregator<E, String> agg(boolean first) {
        return new FirstLastAggregator<>(e -> e.ts, e -> e.label, Types.STRING, first);
    }

    private static TimedValue<String> addAll(FirstLastAggregator<E, String> agg, E... es) {
        TimedValue<String> acc = agg.createAccumulator();
        for (E e : es) {
            acc = agg.add(acc, e);
        }
        return acc;
    }

    @Test
    void smallestAndLargestEventTimeWhateverTheArrivalOrder() {
        E[] es = {new E(5, "b"), new E(2, "a"), new E(9, "c"), new E(4, "x")};
        assertThat(agg(true).getResult(addAll(agg(true), es))).isEqualTo("a");
        assertThat(agg(false).getResult(addAll(agg(false), es))).isEqualTo("c");
    }

    @Test
    void tiesInAddsGoToTheFirstAddedForFirstAndTheLastAddedForLast() {
        E[] es = {new E(3, "early"), new E(3, "late")};
        assertThat(agg(true).getResult(addAll(agg(true), es))).isEqualTo("early");
        assertThat(agg(false).getResult(addAll(agg(false), es))).isEqualTo("late");
    }

    @Test
    void tiesInMergesKeepTheTargetForFirstAndTakeTheMergedInForLast() {
        for (boolean first : new boolean[] {true, false}) {
            FirstLastAggregator<E, String> agg = agg(first);
            TimedValue<String> merged =
                    agg.merge(addAll(agg, new E(3, "target")), addAll(agg, new E(3, "other")));
            assertThat(agg.getResult(merged))
                    .as("first=%s", first)
                    .isEqualTo(first ? "target" : "other");
        }
    }

    @Test
    void emptySidesOfAMergeAndEmptyInput() {
        FirstLastAggregator<E, String> last = agg(false);
        TimedValue<String> some = addAll(last, new E(Long.MIN_VALUE, "min"));
        assertThat(last.getResult(last.merge(last.createAccumulator(), some))).isEqualTo("min");
        assertThat(last.getResult(last.merge(some, last.createAccumulator()))).isEqualTo("min");
        assertThat(last.getResult(last.createAccumulator())).isNull();
        // a null value is a value (present), not "no input"
        TimedValue<String> nullValue = addAll(last, new E(1, null));
        assertThat(nullValue.present).isTrue();
        assertThat(last.getResult(last.merge(nullValue, addAll(last, new E(0, "older"))))).isNull();
    }

    @Test
    void missingArgumentsFailNamingTheParameterInOrder() {
        assertThatThrownBy(() -> new FirstLastAggregator<E, String>(null, null, null, true))
                .hasMessage("eventTime must not be null");
        assertThatThrownBy(() -> new FirstLastAggregator<E, String>(e -> e.ts, null, null, true))
                .hasMessage("value must not be null");
        assertThatThrownBy(
                        () ->
                                new FirstLastAggregator<E, String>(
                                        e -> e.ts, e -> e.label, null, true))
                .hasMessage("valueType must not be null");
    }
}
