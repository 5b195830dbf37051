package dev.streamkit.cep;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Which implementation runs a {@link FraudPattern} (set with {@link FraudPattern#engine}). Both
 * emit the same alerts and route the same late and invalid records; they differ in speed, in the
 * state they keep (so switching engines needs a new uid or a fresh start) and in the timestamp of
 * an alert record.
 */
@PublicEvolving
public enum Engine {
    /**
     * The keyed-state rule of the velocity, brute-force and card-testing patterns: several times
     * faster than flink-cep. The default for the patterns that have one ({@link
     * FraudPattern#hasFastPath()}).
     */
    FAST_PATH,

    /**
     * flink-cep's own operator running the pattern's flink-cep definition ({@link
     * FraudPattern#cepPattern()}). Every pattern has it; the default of the patterns without fast
     * path.
     */
    FLINK_CEP
}
