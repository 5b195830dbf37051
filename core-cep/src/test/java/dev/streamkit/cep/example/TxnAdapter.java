package dev.streamkit.cep.example;

import dev.streamkit.cep.EventAdapter;

/** The README's adapter: every Txn is a transaction with an amount; no location. */
public class TxnAdapter implements EventAdapter<Txn> {
    @Override
    public String key(Txn t) {
        return t.cardId;
    }

    @Override
    public long eventTimeMillis(Txn t) {
        return t.timestamp;
    }

    @Override
    public double amount(Txn t) {
        return t.amount;
    }
}
