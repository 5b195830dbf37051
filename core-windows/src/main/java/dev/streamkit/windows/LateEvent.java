package dev.streamkit.windows;

import dev.streamkit.common.internal.TimeMath;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * A late event as routed to a side output: the event, its event time, the watermark it arrived
 * behind, how late it was ({@code watermark - timestamp}, ms, at most {@code Long.MAX_VALUE - 1}),
 * and the window it missed.
 *
 * <p>For windows, {@code [windowStart, windowEnd)} is the latest window the event would have
 * belonged to (all earlier ones were missed too). The standalone {@link LateEventRouter} has no
 * window: there both fields are {@link Long#MIN_VALUE}.
 */
@PublicEvolving
public class LateEvent<T> {
    /** The late record. */
    public T event;

    /** Its event time (epoch milliseconds). */
    public long timestamp;

    /** The watermark it arrived behind. */
    public long watermark;

    /** {@code watermark - timestamp} (saturating at {@code Long.MAX_VALUE - 1}). */
    public long latenessMillis;

    /** Start of the window it missed, or {@code Long.MIN_VALUE}. */
    public long windowStart;

    /** End of the window it missed, or {@code Long.MIN_VALUE}. */
    public long windowEnd;

    /** For Flink's POJO serializer. */
    public LateEvent() {}

    /**
     * A late record; the lateness is computed.
     *
     * @param event the record
     * @param timestamp its event time
     * @param watermark the watermark it arrived behind
     * @param windowStart start of the window it missed ({@code Long.MIN_VALUE} without windows)
     * @param windowEnd end of the window it missed ({@code Long.MIN_VALUE} without windows)
     */
    public LateEvent(T event, long timestamp, long watermark, long windowStart, long windowEnd) {
        this.event = event;
        this.timestamp = timestamp;
        this.watermark = watermark;
        // saturating: an event from near Long.MIN_VALUE behind the end-of-input watermark
        this.latenessMillis = TimeMath.subtract(watermark, timestamp);
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    /**
     * The explicit (POJO) type of late events carrying elements of {@code eventType}.
     *
     * @param eventType the eventType
     * @param <T> the element type
     * @return the result
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> TypeInformation<LateEvent<T>> typeInfo(TypeInformation<T> eventType) {
        try {
            Class<LateEvent> c = LateEvent.class;
            return (TypeInformation)
                    new PojoTypeInfo<>(
                            c,
                            Arrays.asList(
                                    new PojoField(c.getField("event"), eventType),
                                    new PojoField(c.getField("timestamp"), Types.LONG),
                                    new PojoField(c.getField("watermark"), Types.LONG),
                                    new PojoField(c.getField("latenessMillis"), Types.LONG),
                                    new PojoField(c.getField("windowStart"), Types.LONG),
                                    new PojoField(c.getField("windowEnd"), Types.LONG)));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LateEvent)) {
            return false;
        }
        LateEvent<?> that = (LateEvent<?>) o;
        return timestamp == that.timestamp
                && watermark == that.watermark
                && latenessMillis == that.latenessMillis
                && windowStart == that.windowStart
                && windowEnd == that.windowEnd
                && Objects.equals(event, that.event);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, timestamp, watermark, windowStart, windowEnd);
    }

    @Override
    public String toString() {
        return "LateEvent{"
                + event
                + ", ts="
                + timestamp
                + ", watermark="
                + watermark
                + ", late="
                + latenessMillis
                + "ms, "
                // the late-event router has no window: both bounds are Long.MIN_VALUE
                + (windowStart == Long.MIN_VALUE && windowEnd == Long.MIN_VALUE
                        ? "no window"
                        : "window=[" + windowStart + ", " + windowEnd + ")")
                + "}";
    }
}
