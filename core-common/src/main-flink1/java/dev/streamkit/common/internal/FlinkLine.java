package dev.streamkit.common.internal;

/**
 * Shim, Flink 1.20 half (the 2.2 half is core-common/src/main-flink2, same signatures): which Flink
 * major this artifact was compiled for. Shared code never branches on it; it names the line in
 * messages and lets tests state which line they ran on.
 */
public final class FlinkLine {
    /** The Flink line this artifact is built for: {@code "1.20"}. */
    public static final String LINE = "1.20";

    private FlinkLine() {}
}
