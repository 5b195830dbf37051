package dev.streamkit.cep;

import org.apache.flink.annotation.PublicEvolving;

/** How urgent an alert is; every pattern has a default that its config can override. */
@PublicEvolving
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
