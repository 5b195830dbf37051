package dev.streamkit.state.internal;

import dev.streamkit.common.internal.RecordTime;
import dev.streamkit.common.internal.TimeMath;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * The coalesced expiry timer shared by the keyed-state functions: a key keeps its expiry in a
 * {@code ValueState<Long>} and has at most one timer outstanding. Extending the expiry only
 * rewrites the state; when the timer fires early it is moved to the stored expiry.
 */
@Internal
public final class Expiry {
    private final boolean eventTime;
    private final String description;

    /**
     * The expiry of one function.
     *
     * @param eventTime event time (else processing time)
     * @param description how the missing-timestamp message names the function
     */
    public Expiry(boolean eventTime, String description) {
        this.eventTime = eventTime;
        this.description = description;
    }

    /**
     * The current time for a record: its timestamp in event time, the wall clock otherwise. In
     * event time a record without a timestamp, or with {@code Long.MIN_VALUE} (a source without a
     * watermark strategy), fails with {@link RecordTime}'s message naming the function.
     *
     * @param recordTimestamp the record timestamp, or null
     * @param timers the timer service
     * @return the current time
     */
    public long now(Long recordTimestamp, TimerService timers) {
        if (!eventTime) {
            return timers.currentProcessingTime();
        }
        if (recordTimestamp == null || recordTimestamp == Long.MIN_VALUE) {
            throw RecordTime.missing(description, "inProcessingTime()");
        }
        return recordTimestamp;
    }

    /**
     * The current time inside a timer callback.
     *
     * @param timers the timer service
     * @return the current time
     */
    public long timerNow(TimerService timers) {
        return eventTime ? timers.currentWatermark() : timers.currentProcessingTime();
    }

    /**
     * Sets the key's expiry to at least {@code expiry}, registering a timer for a new key.
     *
     * @param state the key's expiry state
     * @param expiry the new expiry
     * @param timers the timer service
     * @throws Exception if state access fails
     */
    public void extend(ValueState<Long> state, long expiry, TimerService timers) throws Exception {
        Long current = state.value();
        if (current == null) {
            state.update(expiry);
            register(expiry, timers);
        } else if (expiry > current) {
            state.update(expiry);
        }
    }

    /**
     * Called from {@code onTimer}: true if the key expired at {@code time} (the caller clears its
     * state, the expiry state is already cleared); otherwise the timer moves to the stored expiry.
     *
     * @param state the key's expiry state
     * @param time the timer's time
     * @param timers the timer service
     * @return true if the key expired
     * @throws Exception if state access fails
     */
    public boolean fire(ValueState<Long> state, long time, TimerService timers) throws Exception {
        Long current = state.value();
        if (current == null) {
            return false;
        }
        if (current <= time) {
            state.clear();
            return true;
        }
        register(current, timers);
        return false;
    }

    /**
     * Registers the timer at {@code time}, at most {@link TimeMath#MAX_TIME}: a far-future key's
     * timer then fires at the end-of-input watermark ({@code Long.MAX_VALUE}) and its state is
     * removed, instead of staying forever.
     *
     * @param time the expiry
     * @param timers the timer service
     */
    public void register(long time, TimerService timers) {
        time = Math.min(time, TimeMath.MAX_TIME);
        if (eventTime) {
            timers.registerEventTimeTimer(time);
        } else {
            timers.registerProcessingTimeTimer(time);
        }
    }

    /**
     * Deletes the timer at {@code time} (clamped like {@link #register}).
     *
     * @param time the timer's time
     * @param timers the timer service
     */
    public void delete(long time, TimerService timers) {
        time = Math.min(time, TimeMath.MAX_TIME);
        if (eventTime) {
            timers.deleteEventTimeTimer(time);
        } else {
            timers.deleteProcessingTimeTimer(time);
        }
    }
}
