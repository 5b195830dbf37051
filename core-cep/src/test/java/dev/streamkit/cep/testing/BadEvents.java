package dev.streamkit.cep.testing;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;

/**
 * An adapter over {@link TestEvent} that behaves like a careless user adapter on broken records: it
 * returns what the event holds (null keys and kinds included) and throws where a real adapter would
 * ({@code e.account.id} on a missing account, {@code EventKind.valueOf} on an unknown string,
 * unboxing a missing timestamp). Which fields throw is marked on the event:
 *
 * <ul>
 *   <li>a null {@code key} with a negative {@code seq}: {@link EventAdapter#key} throws;
 *   <li>a null {@code kind} with a negative {@code seq}: {@link EventAdapter#kind} throws;
 *   <li>{@code seq} at or below {@link #BROKEN_TIME}: {@link EventAdapter#eventTimeMillis} throws.
 * </ul>
 */
public final class BadEvents {
    /** Events with a {@code seq} at or below this have an unreadable event time. */
    public static final int BROKEN_TIME = -1_000_000_000;

    public static final EventAdapter<TestEvent> ADAPTER =
            new EventAdapter<TestEvent>() {
                @Override
                public String key(TestEvent e) {
                    if (e.key == null && e.seq < 0) {
                        throw new NullPointerException("account is null");
                    }
                    return e.key;
                }

                @Override
                public long eventTimeMillis(TestEvent e) {
                    if (e.seq <= BROKEN_TIME) {
                        throw new NullPointerException("timestamp is null");
                    }
                    return e.time;
                }

                @Override
                public double amount(TestEvent e) {
                    return e.amount;
                }

                @Override
                public EventKind kind(TestEvent e) {
                    if (e.kind == null && e.seq < 0) {
                        throw new IllegalArgumentException("No enum constant REFUND_REVERSAL");
                    }
                    return e.kind;
                }

                @Override
                public boolean hasLocation(TestEvent e) {
                    return !Double.isNaN(e.lat);
                }

                @Override
                public double latitude(TestEvent e) {
                    return e.lat;
                }

                @Override
                public double longitude(TestEvent e) {
                    return e.lon;
                }
            };

    private BadEvents() {}
}
