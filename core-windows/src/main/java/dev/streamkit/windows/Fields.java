package dev.streamkit.windows;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/** Serializable field accessors used by {@link Aggregations} (method references fit them). */
@PublicEvolving
public final class Fields {
    private Fields() {}

    /** Reads a {@code double} from an element. */
    @PublicEvolving
    @FunctionalInterface
    public interface DoubleField<T> extends Serializable {
        /**
         * Reads the value.
         *
         * @param element the element
         * @return its value
         */
        double get(T element);
    }

    /** Reads a {@code long} from an element (an id, an amount in cents, an event time). */
    @PublicEvolving
    @FunctionalInterface
    public interface LongField<T> extends Serializable {
        /**
         * Reads the value.
         *
         * @param element the element
         * @return its value
         */
        long get(T element);
    }

    /** Reads any value from an element. */
    @PublicEvolving
    @FunctionalInterface
    public interface ValueField<T, V> extends Serializable {
        /**
         * Reads the value.
         *
         * @param element the element
         * @return its value
         */
        V get(T element);
    }
}
