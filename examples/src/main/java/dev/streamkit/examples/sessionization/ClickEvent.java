package dev.streamkit.examples.sessionization;

import java.util.Objects;

/** One click of a user on a page, as it arrives in JSON from Kinesis (a Flink POJO). */
public class ClickEvent {
    public String eventId;
    public String userId;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    public String page;

    /** {@code view}, {@code add_to_cart} or {@code purchase}. */
    public String action;

    public ClickEvent() {}

    public ClickEvent(String eventId, String userId, long timestamp, String page, String action) {
        this.eventId = eventId;
        this.userId = userId;
        this.timestamp = timestamp;
        this.page = page;
        this.action = action;
    }

    public boolean isPurchase() {
        return "purchase".equals(action);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClickEvent)) {
            return false;
        }
        ClickEvent that = (ClickEvent) o;
        return timestamp == that.timestamp
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(userId, that.userId)
                && Objects.equals(page, that.page)
                && Objects.equals(action, that.action);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, userId, timestamp, page, action);
    }

    @Override
    public String toString() {
        return "ClickEvent{"
                + eventId
                + ", "
                + userId
                + ", "
                + timestamp
                + ", "
                + page
                + ", "
                + action
                + '}';
    }
}
