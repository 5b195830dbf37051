package dev.streamkit.cep.internal;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.cep.pattern.Pattern;

/**
 * Creates a fresh flink-cep {@link Pattern} (patterns are mutable builders, so every operator gets
 * its own); {@link Serializable} so that a fraud pattern is.
 */
@Internal
@FunctionalInterface
public interface PatternFactory<T> extends Serializable {
    /**
     * A new instance of the pattern.
     *
     * @return the pattern
     */
    Pattern<T, T> create();
}
