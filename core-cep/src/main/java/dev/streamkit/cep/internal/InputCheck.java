package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import dev.streamkit.common.internal.KeyCheck;
import java.io.Serializable;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * Decides whether a record is usable by one pattern, calling the user's {@link EventAdapter} so
 * that a broken record never throws inside the job: such a record is <b>invalid</b>, counted in
 * {@value #INVALID_RECORDS_METRIC} and routed to the invalid-record side output by the keyed
 * operator of either engine.
 *
 * <p>Every pattern needs a key (not null, extractor does not throw), a kind (not null, does not
 * throw) and an event time (does not throw). A pattern that reads amounts also needs a finite
 * amount on every {@link EventKind#TRANSACTION}; a pattern that reads locations needs, on every
 * event whose {@link EventAdapter#hasLocation} is true, a finite latitude in [-90, 90] and
 * longitude in [-180, 180]. Values the pattern never reads are never checked, so a velocity-count
 * pattern accepts a NaN amount.
 *
 * @serial exclude
 */
@Internal
public final class InputCheck<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Name of the counter of invalid records, in the keyed operator's metric group. */
    public static final String INVALID_RECORDS_METRIC = "numInvalidRecords";

    /** Reason: no key. */
    public static final String NO_KEY = "key is null or cannot be read";

    /** Reason: no kind. */
    public static final String NO_KIND = "kind is null or cannot be read";

    /** Reason: no event time. */
    public static final String NO_TIME = "event time cannot be read";

    /** Reason: a transaction without a finite amount. */
    public static final String BAD_AMOUNT = "transaction amount is not a finite number";

    /** Reason: an unusable location. */
    public static final String BAD_LOCATION =
            "location is not a finite latitude in [-90, 90] and longitude in [-180, 180]";

    private final EventAdapter<T> adapter;
    private final KeyOf<T> keyOf;
    private final boolean readsAmount;
    private final boolean readsLocation;

    /**
     * The check of one pattern.
     *
     * @param adapter reads the events
     * @param readsAmount whether the pattern reads amounts (then checks them)
     * @param readsLocation whether the pattern reads locations (then checks them)
     */
    public InputCheck(EventAdapter<T> adapter, boolean readsAmount, boolean readsLocation) {
        this.adapter = adapter;
        this.keyOf = new KeyOf<>(adapter);
        this.readsAmount = readsAmount;
        this.readsLocation = readsLocation;
    }

    /**
     * Why {@code event} is invalid for the pattern, or null if it is valid. Never throws.
     *
     * @param event the event
     * @return the reason, or null
     */
    @Nullable
    public String problem(T event) {
        if (KeyCheck.keyOrNull(keyOf, event) == null) {
            return NO_KEY;
        }
        EventKind kind;
        try {
            kind = adapter.kind(event);
            adapter.eventTimeMillis(event);
        } catch (RuntimeException e) {
            return kind(event) == null ? NO_KIND : NO_TIME;
        }
        if (kind == null) {
            return NO_KIND;
        }
        if (readsAmount && kind == EventKind.TRANSACTION && !finiteAmount(event)) {
            return BAD_AMOUNT;
        }
        if (readsLocation && !usableLocation(event)) {
            return BAD_LOCATION;
        }
        return null;
    }

    @Nullable
    private EventKind kind(T event) {
        try {
            return adapter.kind(event);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean finiteAmount(T event) {
        try {
            return Double.isFinite(adapter.amount(event));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** No location is fine (the event is then not compared); a broken one is not. */
    private boolean usableLocation(T event) {
        try {
            if (!adapter.hasLocation(event)) {
                return true;
            }
            double lat = adapter.latitude(event);
            double lon = adapter.longitude(event);
            // written so that NaN fails every comparison
            return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
