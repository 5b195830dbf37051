package dev.streamkit.windows;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The result of one window for one key: {@code [windowStart, windowEnd)} in epoch milliseconds.
 *
 * <p>{@code correction} is {@code true} when the result is re-emitted for a window whose end had
 * already passed the watermark, because a late event arrived within the allowed lateness; it
 * replaces every earlier result of the same key and window.
 */
@PublicEvolving
public final class WindowResult<K, R> {
    /** The key of the window. */
    public K key;

    /** Start of the window (inclusive), epoch milliseconds. */
    public long windowStart;

    /** End of the window (exclusive), epoch milliseconds. */
    public long windowEnd;

    /** The aggregation result. */
    public R result;

    /** Whether this result replaces an earlier one for the same key and window. */
    public boolean correction;

    /** For Flink's POJO serializer. */
    public WindowResult() {}

    /**
     * A result.
     *
     * @param key the key
     * @param windowStart start of the window (inclusive)
     * @param windowEnd end of the window (exclusive)
     * @param result the aggregation result
     * @param correction whether it replaces an earlier result
     */
    public WindowResult(K key, long windowStart, long windowEnd, R result, boolean correction) {
        this.key = key;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.result = result;
        this.correction = correction;
    }

    /**
     * The explicit type of results with the given key and result types: a POJO type with a
     * serializer that copies without reflection ({@link WindowResultTypeInfo}).
     *
     * @param keyType the keyType
     * @param resultType the resultType
     * @param <K> the key type
     * @param <R> the result type
     * @return the result
     */
    public static <K, R> TypeInformation<WindowResult<K, R>> typeInfo(
            TypeInformation<K> keyType, TypeInformation<R> resultType) {
        return WindowResultTypeInfo.of(keyType, resultType);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WindowResult)) {
            return false;
        }
        WindowResult<?, ?> that = (WindowResult<?, ?>) o;
        return windowStart == that.windowStart
                && windowEnd == that.windowEnd
                && correction == that.correction
                && Objects.equals(key, that.key)
                && Objects.deepEquals(result, that.result);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, windowStart, windowEnd, correction);
    }

    @Override
    public String toString() {
        return "WindowResult{key="
                + key
                + ", ["
                + windowStart
                + ", "
                + windowEnd
                + "), result="
                + (result instanceof double[] ? Arrays.toString((double[]) result) : result)
                + (correction ? ", correction" : "")
                + '}';
    }
}
