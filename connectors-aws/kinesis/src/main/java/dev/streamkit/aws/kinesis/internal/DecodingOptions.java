package dev.streamkit.aws.kinesis.internal;

import dev.streamkit.aws.kinesis.NonFiniteNumbers;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** Everything that decides how a record's bytes are decoded and checked; immutable. */
@Internal
public final class DecodingOptions<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    final int maxRecordBytes;
    final boolean failOnUnknownProperties;
    final boolean failOnNullForPrimitives;
    final boolean failOnMissingCreatorProperties;
    final NonFiniteNumbers nonFiniteNumbers;
    final List<NamedRequirement<T>> requirements;

    /** The decoding settings of a source builder. */
    public DecodingOptions(
            int maxRecordBytes,
            boolean failOnUnknownProperties,
            boolean failOnNullForPrimitives,
            boolean failOnMissingCreatorProperties,
            NonFiniteNumbers nonFiniteNumbers,
            List<NamedRequirement<T>> requirements) {
        this.maxRecordBytes = maxRecordBytes;
        this.failOnUnknownProperties = failOnUnknownProperties;
        this.failOnNullForPrimitives = failOnNullForPrimitives;
        this.failOnMissingCreatorProperties = failOnMissingCreatorProperties;
        this.nonFiniteNumbers = nonFiniteNumbers;
        this.requirements = Collections.unmodifiableList(new ArrayList<>(requirements));
    }

    /** The defaults with the given size limit and unknown-property policy. */
    public static <T> DecodingOptions<T> defaults(
            int maxRecordBytes, boolean failOnUnknownProperties) {
        return new DecodingOptions<>(
                maxRecordBytes,
                failOnUnknownProperties,
                true,
                true,
                NonFiniteNumbers.REJECT,
                Collections.emptyList());
    }
}
