package dev.streamkit.examples.fraud;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamkit.aws.kinesis.KinesisJsonSource;
import dev.streamkit.examples.common.Contracts;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One event of an account (a card, for card payments): a transaction, a login or a credential
 * change, as it arrives in JSON from Kinesis (a Flink POJO).
 *
 * <p>Input contract ({@link #contract}; a record that breaks it is a dead letter naming the rule):
 * {@code eventId}, {@code accountId} (ids: non-blank, at most 256 characters), {@code type} (one of
 * {@link #TYPES}) and {@code timestamp} (epoch millis, plausible) are required; {@code amount} is
 * required for transactions (finite, {@code >= 0}) and optional otherwise; the location ({@code
 * latitude} and {@code longitude}) is optional, but both or neither, and in range. An event without
 * a location takes no part in the impossible-travel check.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccountEvent {
    public static final String TRANSACTION = "transaction";
    public static final String LOGIN_SUCCESS = "login_success";
    public static final String LOGIN_FAILURE = "login_failure";
    public static final String CREDENTIAL_CHANGE = "credential_change";

    /** Every known {@link #type}. */
    public static final List<String> TYPES =
            Arrays.asList(TRANSACTION, LOGIN_SUCCESS, LOGIN_FAILURE, CREDENTIAL_CHANGE);

    public String eventId;
    public String accountId;

    /**
     * {@link #TRANSACTION}, {@link #LOGIN_SUCCESS}, {@link #LOGIN_FAILURE} or {@link
     * #CREDENTIAL_CHANGE}.
     */
    public String type;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    /** Transaction amount; null (or anything) for other events. */
    public Double amount;

    /** Degrees; null when the event has no location (then {@link #longitude} is null too). */
    public Double latitude;

    public Double longitude;

    public AccountEvent() {}

    public AccountEvent(
            String eventId,
            String accountId,
            String type,
            long timestamp,
            Double amount,
            Double latitude,
            Double longitude) {
        this.eventId = eventId;
        this.accountId = accountId;
        this.type = type;
        this.timestamp = timestamp;
        this.amount = amount;
        this.latitude = latitude;
        this.longitude = longitude;
    }

    /** Whether the event has a location (both coordinates). */
    @JsonIgnore
    public boolean hasLocation() {
        return latitude != null && longitude != null;
    }

    /**
     * Declares the contract above on the JSON decoding.
     *
     * @param decoding the decoding to extend (builders are immutable: use the one returned)
     * @return the decoding with the requirements declared
     */
    public static KinesisJsonSource.Builder<AccountEvent> contract(
            KinesisJsonSource.Builder<AccountEvent> decoding) {
        return decoding.require(Contracts.id("eventId"), e -> Contracts.isId(e.eventId))
                .require(Contracts.id("accountId"), e -> Contracts.isId(e.accountId))
                .require("type is one of " + TYPES, e -> TYPES.contains(e.type))
                .require(Contracts.TIMESTAMP, e -> Contracts.plausibleTime(e.timestamp))
                .require(
                        "amount is finite and >= 0, required for transactions",
                        e ->
                                e.amount == null
                                        ? !TRANSACTION.equals(e.type)
                                        : Double.isFinite(e.amount) && e.amount >= 0)
                .require(
                        "latitude in [-90, 90] and longitude in [-180, 180], both or neither",
                        e ->
                                e.latitude == null && e.longitude == null
                                        || e.hasLocation()
                                                && Math.abs(e.latitude) <= 90
                                                && Math.abs(e.longitude) <= 180);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AccountEvent)) {
            return false;
        }
        AccountEvent that = (AccountEvent) o;
        return timestamp == that.timestamp
                && Objects.equals(amount, that.amount)
                && Objects.equals(latitude, that.latitude)
                && Objects.equals(longitude, that.longitude)
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
