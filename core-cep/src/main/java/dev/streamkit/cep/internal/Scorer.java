package dev.streamkit.cep.internal;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** Computes an alert's score from its evidence; shared by the flink-cep path and fast paths. */
@Internal
@FunctionalInterface
public interface Scorer<T> extends Serializable {
    /**
     * The score of one match.
     *
     * @param evidence the matched events
     * @return the score
     */
    double score(List<T> evidence);

    /**
     * {@code observed / threshold}, or 1 when the threshold is 0.
     *
     * @param observed the observed measure
     * @param threshold the pattern's threshold
     * @return the ratio
     */
    static double ratio(double observed, double threshold) {
        return threshold > 0 ? observed / threshold : 1.0;
    }
}
