package dev.streamkit.common.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * A key selector that never fails inside {@code keyBy}: where the wrapped selector returns null or
 * throws, it returns {@code invalidKey}. The keyed operator behind it must ask {@link KeyCheck}
 * again and treat the record as invalid (count and route it, never touch state with it); a real key
 * equal to {@code invalidKey} therefore stays correct, it only shares a key group with the invalid
 * records.
 *
 * @param <T> the record type
 * @param <K> the key type
 * @serial exclude
 */
@Internal
public final class NullSafeKeySelector<T, K> implements KeySelector<T, K> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<T, K> selector;
    private final K invalidKey;

    /**
     * Wraps a user's key selector.
     *
     * @param selector the user's key extractor
     * @param invalidKey the key of records whose key cannot be extracted (never null)
     */
    public NullSafeKeySelector(KeySelector<T, K> selector, K invalidKey) {
        if (selector == null || invalidKey == null) {
            throw new IllegalArgumentException("selector and invalidKey must not be null");
        }
        this.selector = selector;
        this.invalidKey = invalidKey;
    }

    @Override
    public K getKey(T value) {
        K key = KeyCheck.keyOrNull(selector, value);
        return key == null ? invalidKey : key;
    }
}
