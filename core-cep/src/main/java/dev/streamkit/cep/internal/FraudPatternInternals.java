package dev.streamkit.cep.internal;

import dev.streamkit.cep.FraudAlert;
import dev.streamkit.cep.FraudPattern;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The parts of a {@link FraudPattern} that are not its public API (its definition, its keyed
 * operators), for the module's tests and benchmarks. Kept here so that the public class shows only
 * what users call.
 *
 * <p>{@code FraudPattern} binds its {@link Access} implementation when its class initializes, which
 * has happened before any instance can be passed to a method of this class.
 */
@Internal
public final class FraudPatternInternals {
    private static volatile Access access;

    private FraudPatternInternals() {}

    /** How {@code FraudPattern} exposes its state to this class; implemented by it, privately. */
    @Internal
    public interface Access {
        /**
         * The catalog's definition of {@code pattern}.
         *
         * @param <T> the event type
         * @param pattern the fraud pattern
         * @return its definition
         */
        <T> PatternDefinition<T> definition(FraudPattern<T> pattern);

        /**
         * The late-records tag of {@code pattern}, or null if none is set.
         *
         * @param <T> the event type
         * @param pattern the fraud pattern
         * @return the tag or null
         */
        @Nullable
        <T> OutputTag<T> lateRecords(FraudPattern<T> pattern);

        /**
         * The invalid-records tag of {@code pattern}, or null if none is set.
         *
         * @param <T> the event type
         * @param pattern the fraud pattern
         * @return the tag or null
         */
        @Nullable
        <T> OutputTag<T> invalidRecords(FraudPattern<T> pattern);
    }

    /**
     * Called once, by {@code FraudPattern}'s static initializer.
     *
     * @throws IllegalStateException on a second call
     * @param impl the access
     */
    public static void bind(Access impl) {
        synchronized (FraudPatternInternals.class) {
            if (access != null) {
                throw new IllegalStateException("FraudPatternInternals is already bound");
            }
            access = impl;
        }
    }

    /**
     * The catalog's definition of {@code pattern}.
     *
     * @param <T> the event type
     * @param pattern the fraud pattern
     * @return its definition
     */
    public static <T> PatternDefinition<T> definition(FraudPattern<T> pattern) {
        return access.definition(pattern);
    }

    /**
     * The late-records tag of {@code pattern}, or null if none is set.
     *
     * @param <T> the event type
     * @param pattern the fraud pattern
     * @return the tag or null
     */
    @Nullable
    public static <T> OutputTag<T> lateRecords(FraudPattern<T> pattern) {
        return access.lateRecords(pattern);
    }

    /**
     * The invalid-records tag of {@code pattern}, or null if none is set.
     *
     * @param <T> the event type
     * @param pattern the fraud pattern
     * @return the tag or null
     */
    @Nullable
    public static <T> OutputTag<T> invalidRecords(FraudPattern<T> pattern) {
        return access.invalidRecords(pattern);
    }

    /**
     * The keyed operator {@code apply} adds on flink-cep, with the pattern's side outputs.
     *
     * @param <T> the event type
     * @param pattern the fraud pattern
     * @param config the job's execution config (for the event serializer)
     * @return a new operator
     */
    public static <T> OneInputStreamOperator<T, FraudAlert<T>> cepOperator(
            FraudPattern<T> pattern, ExecutionConfig config) {
        return definition(pattern)
                .cepOperator(config, lateRecords(pattern), invalidRecords(pattern));
    }

    /**
     * The keyed operator {@code apply} adds on the fast path, with the pattern's side outputs.
     *
     * @param <T> the event type
     * @param pattern the fraud pattern
     * @return a new operator
     */
    public static <T> OneInputStreamOperator<T, FraudAlert<T>> fastPathOperator(
            FraudPattern<T> pattern) {
        return fastPathOperator(pattern, FastPathOperator.MAX_BUFFERED);
    }

    /**
     * The fast-path operator, moving its in-memory events into keyed state whenever more than
     * {@code maxBufferedEvents} are held.
     *
     * @param <T> the event type
     * @param pattern the fraud pattern
     * @param maxBufferedEvents in-memory events beyond which they move into keyed state
     * @return a new operator
     */
    public static <T> OneInputStreamOperator<T, FraudAlert<T>> fastPathOperator(
            FraudPattern<T> pattern, int maxBufferedEvents) {
        return definition(pattern)
                .fastPathOperator(lateRecords(pattern), invalidRecords(pattern), maxBufferedEvents);
    }
}
