package dev.streamkit.examples.sessionization;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamkit.aws.kinesis.KinesisJsonSource;
import dev.streamkit.examples.common.Contracts;
import java.util.Objects;

/**
 * One click of a user on a page, as it arrives in JSON from Kinesis (a Flink POJO).
 *
 * <p>Input contract ({@link #contract}; a record that breaks it is a dead letter naming the rule):
 * {@code eventId} and {@code userId} (ids: non-blank, at most 256 characters), {@code timestamp}
 * (epoch millis, plausible) and {@code page} (non-blank, at most {@value #MAX_PAGE_LENGTH}
 * characters: sessions report their entry and exit page) are required; {@code action} is optional
 * (missing or unknown: a click that is not a purchase).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClickEvent {
    public static final int MAX_PAGE_LENGTH = 2_048;

    public String eventId;
    public String userId;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    public String page;

    /** {@code view}, {@code add_to_cart} or {@code purchase}; optional. */
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

    /**
     * Declares the contract above on the JSON decoding.
     *
     * @param decoding the decoding to extend (builders are immutable: use the one returned)
     * @return the decoding with the requirements declared
     */
    public static KinesisJsonSource.Builder<ClickEvent> contract(
            KinesisJsonSource.Builder<ClickEvent> decoding) {
        return decoding.require(Contracts.id("eventId"), c -> Contracts.isId(c.eventId))
                .require(Contracts.id("userId"), c -> Contracts.isId(c.userId))
                .require(Contracts.TIMESTAMP, c -> Contracts.plausibleTime(c.timestamp))
                .require(
                        "page is a non-blank string of at most " + MAX_PAGE_LENGTH + " characters",
                        c ->
                                c.page != null
                                        && !c.page.trim().isEmpty()
                                        && c.page.length() <= MAX_PAGE_LENGTH);
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
