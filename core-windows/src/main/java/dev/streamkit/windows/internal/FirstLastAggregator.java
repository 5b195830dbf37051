package dev.streamkit.windows.internal;

import dev.streamkit.windows.Fields.LongField;
import dev.streamkit.windows.Fields.ValueField;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.Preconditions;

/**
 * The value of the element with the smallest event time (first; ties: the one added first, and in a
 * merge the accumulator merged into) or the largest (last; ties: the one added last, and in a merge
 * the accumulator merged in); {@code null} for no input. The value is taken as it is, NaN and null
 * included. Accumulator (state layout): {@link TimedValue}, written by {@link TimedValueSerializer}
 * over the value type's serializer.
 *
 * @param <T> the element type
 * @param <V> the value type
 */
@Internal
public final class FirstLastAggregator<T, V> extends BuiltInAggregator<T, TimedValue<V>, V> {
    private static final long serialVersionUID = 1L;
    private final LongField<T> eventTime;
    private final ValueField<T, V> value;
    private final TypeInformation<V> valueType;
    private final boolean first;

    /**
     * Described as {@code first} or {@code last}.
     *
     * @param eventTime reads the event time of an element, not null
     * @param value reads the value from an element, not null
     * @param valueType the type of the values, not null
     * @param first the first value if true, else the last
     */
    public FirstLastAggregator(
            LongField<T> eventTime,
            ValueField<T, V> value,
            TypeInformation<V> valueType,
            boolean first) {
        super(first ? "first" : "last");
        Preconditions.checkArgument(eventTime != null, "eventTime must not be null");
        Preconditions.checkArgument(value != null, "value must not be null");
        Preconditions.checkArgument(valueType != null, "valueType must not be null");
        this.eventTime = eventTime;
        this.value = value;
        this.valueType = valueType;
        this.first = first;
    }

    @Override
    public TimedValue<V> createAccumulator() {
        return new TimedValue<>();
    }

    private boolean wins(long candidate, TimedValue<V> acc) {
        if (!acc.present) {
            return true;
        }
        // the candidate always arrives later (an add, or the accumulator merged in)
        return first ? candidate < acc.timestamp : candidate >= acc.timestamp;
    }

    @Override
    public TimedValue<V> add(TimedValue<V> acc, T element) {
        long ts = eventTime.get(element);
        if (wins(ts, acc)) {
            acc.present = true;
            acc.timestamp = ts;
            acc.value = value.get(element);
        }
        return acc;
    }

    @Override
    public TimedValue<V> merge(TimedValue<V> acc, TimedValue<V> other) {
        if (other.present && wins(other.timestamp, acc)) {
            acc.present = true;
            acc.timestamp = other.timestamp;
            acc.value = other.value;
        }
        return acc;
    }

    @Override
    public V getResult(TimedValue<V> acc) {
        return acc.present ? acc.value : null;
    }

    @Override
    public TypeSerializer<TimedValue<V>> accumulatorSerializer() {
        return new TimedValueSerializer<>(valueType.createSerializer(new SerializerConfigImpl()));
    }

    @Override
    public TypeInformation<V> resultType() {
        return valueType;
    }
}
