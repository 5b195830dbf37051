package dev.streamkit.examples.fraud;

import java.util.Objects;

/**
 * One event of an account (a card, for card payments): a transaction, a login or a credential
 * change, as it arrives in JSON from Kinesis (a Flink POJO).
 */
public class AccountEvent {
    public static final String TRANSACTION = "transaction";
    public static final String LOGIN_SUCCESS = "login_success";
    public static final String LOGIN_FAILURE = "login_failure";
    public static final String CREDENTIAL_CHANGE = "credential_change";

    public String eventId;
    public String accountId;

    /**
     * {@link #TRANSACTION}, {@link #LOGIN_SUCCESS}, {@link #LOGIN_FAILURE} or {@link
     * #CREDENTIAL_CHANGE}.
     */
    public String type;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    /** Transaction amount (0 for other events). */
    public double amount;

    public double latitude;
    public double longitude;

    public AccountEvent() {}

    public AccountEvent(
            String eventId,
            String accountId,
            String type,
            long timestamp,
            double amount,
            double latitude,
            double longitude) {
        this.eventId = eventId;
        this.accountId = accountId;
        this.type = type;
        this.timestamp = timestamp;
        this.amount = amount;
        this.latitude = latitude;
        this.longitude = longitude;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AccountEvent)) {
            return false;
        }
        AccountEvent that = (AccountEvent) o;
        return timestamp == that.timestamp
                && Double.compare(amount, that.amount) == 0
                && Double.compare(latitude, that.latitude) == 0
                && Double.compare(longitude, that.longitude) == 0
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(accountId, that.accountId)
                && Objects.equals(type, that.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, accountId, type, timestamp, amount, latitude, longitude);
    }

    @Override
    public String toString() {
        return type
                + " "
                + eventId
                + " of "
                + accountId
                + " at "
                + timestamp
                + (TRANSACTION.equals(type) ? " amount " + amount : "");
    }
}
