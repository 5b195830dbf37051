package com.example.cep;

import dev.streamkit.cep.EventAdapter;

/** core-cep README: the adapter. */
public class TxnAdapter implements EventAdapter<Txn> {
    public String key(Txn t) { return t.cardId; }
    public long eventTimeMillis(Txn t) { return t.timestamp; }
    public double amount(Txn t) { return t.amount; }
    // kind() defaults to TRANSACTION; hasLocation()/latitude()/longitude() default to "unknown"
}
