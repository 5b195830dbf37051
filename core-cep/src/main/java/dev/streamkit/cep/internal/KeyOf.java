package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys events by {@link EventAdapter#key(Object)}.
 *
 * @serial exclude
 */
@Internal
public final class KeyOf<T> implements KeySelector<T, String> {
    private static final long serialVersionUID = 1L;

    private final EventAdapter<T> adapter;

    /**
     * A key selector.
     *
     * @param adapter reads the events
     */
    public KeyOf(EventAdapter<T> adapter) {
        this.adapter = adapter;
    }

    @Override
    public String getKey(T value) {
        return adapter.key(value);
    }
}
