package dev.streamkit.examples.common;

import dev.streamkit.aws.kinesis.KinesisJsonSource;

/**
 * A job's input contract: the requirements it declares on its JSON decoding (required fields,
 * allowed values), so that a record breaking them is a dead letter with the reason, before any
 * operator sees it.
 */
@FunctionalInterface
public interface InputContract<T> {
    /**
     * Declares the requirements on {@code decoding} with {@code require(name, predicate)}.
     *
     * @param decoding the decoding to extend
     * @return the decoding with the requirements (builders are immutable: the caller must use this
     *     one, never the argument)
     */
    KinesisJsonSource.Builder<T> declare(KinesisJsonSource.Builder<T> decoding);
}
