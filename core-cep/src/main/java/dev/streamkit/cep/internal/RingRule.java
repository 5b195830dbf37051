package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.common.internal.TimeMath;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * The logic of a fast path: a per-key list of retained events (oldest first; each one is the start
 * of a partial match the NFA would hold) fed with the key's events in the order flink-cep feeds its
 * NFA. Before each event, and when the watermark advances, entries whose age reaches the window are
 * dropped, exactly when the NFA prunes the partial match they start ({@code now - start >=
 * window}).
 *
 * @serial exclude
 */
@Internal
public abstract class RingRule<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reads the events. */
    protected final EventAdapter<T> adapter;

    private final long windowMillis;

    /**
     * A rule.
     *
     * @param adapter reads the events
     * @param windowMillis the pattern's window
     */
    protected RingRule(EventAdapter<T> adapter, long windowMillis) {
        this.adapter = adapter;
        this.windowMillis = windowMillis;
    }

    /**
     * The pattern's window.
     *
     * @return milliseconds
     */
    public final long windowMillis() {
        return windowMillis;
    }

    /**
     * Drops the entries whose partial match has expired at {@code now}.
     *
     * @param ring the retained events
     * @param now the current event time
     */
    public final void prune(List<T> ring, long now) {
        int expired = 0;
        int n = ring.size();
        // now - t >= window without overflow: t <= now - window (saturating; no valid event time
        // is Long.MIN_VALUE, so saturation at the bottom never expires an entry early)
        long expiredUpTo = TimeMath.add(now, -windowMillis);
        while (expired < n && adapter.eventTimeMillis(ring.get(expired)) <= expiredUpTo) {
            expired++;
        }
        if (expired == n) {
            ring.clear();
        } else if (expired > 0) {
            ring.subList(0, expired).clear();
        }
    }

    /**
     * Feeds one event (the ring is already pruned to its time); returns the evidence of a match or
     * null. Implementations apply their skip strategy by clearing the ring.
     *
     * @param ring the retained events
     * @param event the next event
     * @return the evidence, or null
     */
    public abstract List<T> onEvent(List<T> ring, T event);

    /**
     * The retained events followed by {@code last}.
     *
     * @param <T> the event type
     * @param ring the retained events
     * @param last the matching event
     * @return a new list
     */
    protected static <T> List<T> evidence(List<T> ring, T last) {
        List<T> evidence = new ArrayList<>(ring.size() + 1);
        evidence.addAll(ring);
        if (last != null) {
            evidence.add(last);
        }
        return evidence;
    }
}
