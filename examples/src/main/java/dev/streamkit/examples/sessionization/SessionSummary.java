package dev.streamkit.examples.sessionization;

import java.util.Objects;

/** One user session: what the sessionization job writes to OpenSearch (a Flink POJO). */
public class SessionSummary {
    public String userId;

    /** Event time of the first and last click, epoch milliseconds. */
    public long start;

    public long end;
    public long durationMillis;

    /** Clicks in the session (page views and actions). */
    public long clicks;

    public boolean converted;
    public String entryPage;
    public String exitPage;

    public SessionSummary() {}

    public SessionSummary(
            String userId,
            long start,
            long end,
            long clicks,
            boolean converted,
            String entryPage,
            String exitPage) {
        this.userId = userId;
        this.start = start;
        this.end = end;
        this.durationMillis = end - start;
        this.clicks = clicks;
        this.converted = converted;
        this.entryPage = entryPage;
        this.exitPage = exitPage;
    }

    /** A stable document id: the same session always has the same id (idempotent upserts). */
    public String sessionId() {
        return userId + "-" + start;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SessionSummary)) {
            return false;
        }
        SessionSummary that = (SessionSummary) o;
        return start == that.start
                && end == that.end
                && durationMillis == that.durationMillis
                && clicks == that.clicks
                && converted == that.converted
                && Objects.equals(userId, that.userId)
                && Objects.equals(entryPage, that.entryPage)
                && Objects.equals(exitPage, that.exitPage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, start, end, clicks, converted, entryPage, exitPage);
    }

    @Override
    public String toString() {
        return String.format(
                "session %s [%d..%d] %d s, %d clicks, %s -> %s%s",
                userId,
                start,
                end,
                durationMillis / 1000,
                clicks,
                entryPage,
                exitPage,
                converted ? ", converted" : "");
    }
}
