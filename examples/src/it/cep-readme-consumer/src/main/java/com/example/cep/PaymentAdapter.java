package com.example.cep;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;

/** core-cep README "Bad input": the adapter. */
public class PaymentAdapter implements EventAdapter<Payment> {
    public String key(Payment p) { return p.cardId; }                  // null: invalid record
    public long eventTimeMillis(Payment p) { return p.timestamp; }
    public double amount(Payment p) { return p.amount == null ? Double.NaN : p.amount; }
    public EventKind kind(Payment p) {
        if (p.type == null) return null;                               // invalid record
        switch (p.type) {
            case "PAYMENT": return EventKind.TRANSACTION;
            case "LOGIN_OK": return EventKind.LOGIN_SUCCESS;
            case "LOGIN_FAILED": return EventKind.LOGIN_FAILURE;
            default: return EventKind.OTHER;                           // ignored activity
        }
    }
    public boolean hasLocation(Payment p) { return p.lat != null && p.lon != null; }
    public double latitude(Payment p) { return p.lat; }
    public double longitude(Payment p) { return p.lon; }
}
