package dev.streamkit.cep.example;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;

/** The README "Bad input" example's adapter: says "unknown" instead of inventing values. */
public class PaymentAdapter implements EventAdapter<Payment> {
    @Override
    public String key(Payment p) {
        return p.cardId; // null: an invalid record
    }

    @Override
    public long eventTimeMillis(Payment p) {
        return p.timestamp;
    }

    @Override
    public double amount(Payment p) {
        return p.amount == null ? Double.NaN : p.amount; // NaN: invalid where amounts matter
    }

    @Override
    public EventKind kind(Payment p) {
        if (p.type == null) {
            return null; // an invalid record
        }
        switch (p.type) {
            case "PAYMENT":
                return EventKind.TRANSACTION;
            case "LOGIN_OK":
                return EventKind.LOGIN_SUCCESS;
            case "LOGIN_FAILED":
                return EventKind.LOGIN_FAILURE;
            default:
                return EventKind.OTHER; // activity the patterns ignore (null: invalid instead)
        }
    }

    @Override
    public boolean hasLocation(Payment p) {
        return p.lat != null && p.lon != null; // never (0, 0) for "unknown"
    }

    @Override
    public double latitude(Payment p) {
        return p.lat;
    }

    @Override
    public double longitude(Payment p) {
        return p.lon;
    }
}
