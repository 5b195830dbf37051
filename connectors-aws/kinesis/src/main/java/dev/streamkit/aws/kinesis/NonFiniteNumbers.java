package dev.streamkit.aws.kinesis;

import org.apache.flink.annotation.PublicEvolving;

/** What the JSON decoding does with NaN and infinite values for {@code double}/{@code float}. */
@PublicEvolving
public enum NonFiniteNumbers {
    /**
     * The default: a {@code double}, {@code Double}, {@code float} or {@code Float} property that
     * would be NaN or infinite makes the record a dead letter (error type {@code
     * NON_FINITE_NUMBER}). That covers the strings {@code "NaN"}, {@code "Infinity"}, {@code
     * "-Infinity"} and numbers out of range such as {@code 1e400}. Bare {@code NaN} tokens are not
     * JSON and are syntax errors.
     */
    REJECT,
    /**
     * NaN and infinities are decoded: the strings above, out-of-range numbers and also the
     * non-standard bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity}.
     */
    ACCEPT
}
