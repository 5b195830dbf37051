package dev.streamkit.cep.testing;

/** Which implementation of a pattern runs. */
public enum Engine {
    CEP,
    FAST
}
