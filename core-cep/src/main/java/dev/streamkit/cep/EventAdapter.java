package dev.streamkit.cep;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Reads what the fraud patterns need from the user's own event type, so events never have to be
 * copied into a library type.
 *
 * <pre>{@code
 * EventAdapter<Txn> adapter = new EventAdapter<Txn>() {
 *     public String key(Txn t) { return t.cardId; }
 *     public long eventTimeMillis(Txn t) { return t.timestamp; }
 *     public double amount(Txn t) { return t.amount; }
 * };
 * }</pre>
 *
 * <p>Contract: {@link #eventTimeMillis(Object)} must return the same value as the record timestamp
 * assigned by the stream's {@code WatermarkStrategy} (use {@link
 * FraudPatterns#watermarks(EventAdapter, java.time.Duration)} to get both from one place). The fast
 * paths check it and fail on a mismatch. Implementations must be stateless and cheap: they are
 * called several times per event.
 *
 * <p>Defaults: every event is a {@link EventKind#TRANSACTION} of amount 0 without a location.
 */
@PublicEvolving
public interface EventAdapter<T> extends Serializable {

    /**
     * The entity the patterns run per: card, account or user id. A record for which this returns
     * null or throws is an invalid record (see {@link FraudPattern#invalidRecordsTo}).
     *
     * @param event the user's event
     * @return the key, not null for a valid record
     */
    String key(T event);

    /**
     * Event time in epoch milliseconds (a record for which this throws is an invalid record; a
     * record without a timestamp fails the job, see the class documentation).
     *
     * @param event the user's event
     * @return epoch milliseconds, equal to the record timestamp
     */
    long eventTimeMillis(T event);

    /**
     * The monetary amount of a transaction (non-negative); 0 by default. Return NaN when it is
     * unknown: a transaction without a finite amount is an invalid record for the patterns that
     * read amounts, and an ordinary transaction for the others.
     *
     * @param event the user's event
     * @return the amount, or NaN when unknown
     */
    default double amount(T event) {
        return 0.0;
    }

    /**
     * What the event is; {@link EventKind#TRANSACTION} by default. A record for which this returns
     * null or throws (an unknown value) is an invalid record; map values that should count as
     * activity to {@link EventKind#OTHER}.
     *
     * @param event the user's event
     * @return the kind, not null for a valid record
     */
    default EventKind kind(T event) {
        return EventKind.TRANSACTION;
    }

    /**
     * Whether {@link #latitude} and {@link #longitude} are known for this event. Return false when
     * they are not: the library never assumes a location, and impossible travel then does not
     * compare the event. A located event with an out-of-range or non-finite coordinate is an
     * invalid record for impossible travel.
     *
     * @param event the user's event
     * @return whether the event carries a location
     */
    default boolean hasLocation(T event) {
        return false;
    }

    /**
     * Latitude in degrees, [-90, 90]. Only read when {@link #hasLocation} is true.
     *
     * @param event the user's event
     * @return the latitude
     */
    default double latitude(T event) {
        return Double.NaN;
    }

    /**
     * Longitude in degrees, [-180, 180]. Only read when {@link #hasLocation} is true.
     *
     * @param event the user's event
     * @return the longitude
     */
    default double longitude(T event) {
        return Double.NaN;
    }
}
