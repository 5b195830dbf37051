package dev.streamkit.examples.fraud;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;

/**
 * How the fraud patterns read an {@link AccountEvent}: per account, with amount and location. Never
 * throws on a missing or unknown value (the job's input contract keeps such events out, but the
 * adapter does not rely on it): a missing or unknown type is {@link EventKind#OTHER}, a missing
 * amount is 0, and an event without both coordinates has no location.
 */
public final class AccountEventAdapter implements EventAdapter<AccountEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public String key(AccountEvent event) {
        return event.accountId;
    }

    @Override
    public long eventTimeMillis(AccountEvent event) {
        return event.timestamp;
    }

    @Override
    public double amount(AccountEvent event) {
        return event.amount == null ? 0 : event.amount;
    }

    @Override
    public EventKind kind(AccountEvent event) {
        if (event.type == null) {
            return EventKind.OTHER;
        }
        switch (event.type) {
            case AccountEvent.TRANSACTION:
                return EventKind.TRANSACTION;
            case AccountEvent.LOGIN_SUCCESS:
                return EventKind.LOGIN_SUCCESS;
            case AccountEvent.LOGIN_FAILURE:
                return EventKind.LOGIN_FAILURE;
            case AccountEvent.CREDENTIAL_CHANGE:
                return EventKind.CREDENTIAL_CHANGE;
            default:
                return EventKind.OTHER;
        }
    }

    @Override
    public boolean hasLocation(AccountEvent event) {
        return event.hasLocation();
    }

    @Override
    public double latitude(AccountEvent event) {
        return event.latitude == null ? Double.NaN : event.latitude;
    }

    @Override
    public double longitude(AccountEvent event) {
        return event.longitude == null ? Double.NaN : event.longitude;
    }
}
