package dev.streamkit.cep;

import org.apache.flink.annotation.PublicEvolving;

/** How urgent an alert is; every pattern has a default that its config can override. */
@PublicEvolving
public enum Severity {
    /** Worth a look; no action expected. */
    LOW,
    /** Review soon (the dormant-account default). */
    MEDIUM,
    /** Act now: the default of most patterns. */
    HIGH,
    /** Act immediately: account takeover's default. */
    CRITICAL
}
