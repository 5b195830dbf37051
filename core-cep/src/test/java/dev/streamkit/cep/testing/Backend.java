package dev.streamkit.cep.testing;

/** Keyed state backend of a harness run. */
public enum Backend {
    HASHMAP,
    ROCKSDB
}
