package dev.streamkit.common.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Whether a record has a usable key. A producer's record that parses but lacks the field a job keys
 * on makes a user's key extractor return null or throw (a {@code NullPointerException} on {@code
 * e.account.id}); inside {@code keyBy} either one fails the task, and the job restarts on the same
 * record forever. Streamkit operators that key a stream themselves ask this check first and count
 * and route such records ({@code numInvalidRecords}, an invalid-record side output) instead.
 */
@Internal
public final class KeyCheck {
    private KeyCheck() {}

    /**
     * The key of {@code record}, or null if the extractor returned null or threw a runtime
     * exception (a bug in the record, not in the job: the record is invalid).
     *
     * @param <T> the record type
     * @param <K> the key type
     * @param extractor the user's key extractor
     * @param record the record
     * @return the key, or null for an invalid record
     */
    public static <T, K> K keyOrNull(KeySelector<T, K> extractor, T record) {
        try {
            return extractor.getKey(record);
        } catch (RuntimeException e) {
            return null;
        } catch (Exception e) {
            // KeySelector#getKey declares Exception; a checked one is as much the record's fault.
            return null;
        }
    }
}
