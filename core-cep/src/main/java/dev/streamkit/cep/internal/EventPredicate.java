package dev.streamkit.cep.internal;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;

/** A serializable predicate on events (conditions and relevance filters are built from these). */
@Internal
@FunctionalInterface
public interface EventPredicate<T> extends Serializable {
    /**
     * Tests one event.
     *
     * @param event the event
     * @return whether it matches
     */
    boolean test(T event);
}
