package com.example.readme;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;

/** How the fraud patterns read a {@link Txn}. */
public final class TxnAdapter implements EventAdapter<Txn> {
    @Override
    public String key(Txn t) {
        return t.card;
    }

    @Override
    public long eventTimeMillis(Txn t) {
        return t.eventTime;
    }

    @Override
    public EventKind kind(Txn t) {
        return EventKind.TRANSACTION;
    }

    @Override
    public double amount(Txn t) {
        return t.amount;
    }
}
