package dev.streamkit.cep.testing;

/**
 * Which implementation of a pattern runs, in the tests: the public {@link dev.streamkit.cep.Engine}
 * values plus the fast path's spilling variant.
 */
public enum EngineVariant {
    /** flink-cep. */
    CEP,
    /** The fast path (events between watermarks held in memory). */
    FAST,
    /**
     * The fast path moving its in-memory events into keyed state after every {@value #SPILL_AFTER}
     * events (the path taken before checkpoints and on large backlogs).
     */
    FAST_SPILLING;

    /** In-memory events beyond which {@link #FAST_SPILLING} moves them into keyed state. */
    public static final int SPILL_AFTER = 2;
}
