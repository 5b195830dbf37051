package dev.streamkit.aws.kinesis;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;

/**
 * Where a Kinesis source starts reading shards that have no checkpointed position. After a restore
 * the checkpointed sequence numbers win.
 *
 * @serial exclude
 */
@PublicEvolving
public final class StartPosition implements Serializable {

    private static final long serialVersionUID = 1L;

    enum Kind {
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP
    }

    private final Kind kind;
    private final Instant timestamp;

    private StartPosition(Kind kind, Instant timestamp) {
        this.kind = kind;
        this.timestamp = timestamp;
    }

    /**
     * The oldest record still retained in each shard.
     *
     * @return the position
     */
    public static StartPosition trimHorizon() {
        return new StartPosition(Kind.TRIM_HORIZON, null);
    }

    /**
     * Only records written after the job starts.
     *
     * @return the position
     */
    public static StartPosition latest() {
        return new StartPosition(Kind.LATEST, null);
    }

    /**
     * Records written at or after {@code timestamp}.
     *
     * @param timestamp the earliest arrival time to read (not null)
     * @return the position
     */
    public static StartPosition atTimestamp(Instant timestamp) {
        Preconditions.checkNotNull(timestamp, "startPosition timestamp must not be null");
        return new StartPosition(Kind.AT_TIMESTAMP, timestamp);
    }

    Kind kind() {
        return kind;
    }

    Instant timestamp() {
        return timestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartPosition
                && ((StartPosition) o).kind == kind
                && Objects.equals(((StartPosition) o).timestamp, timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, timestamp);
    }

    @Override
    public String toString() {
        return timestamp == null ? kind.name() : kind + "(" + timestamp + ")";
    }
}
