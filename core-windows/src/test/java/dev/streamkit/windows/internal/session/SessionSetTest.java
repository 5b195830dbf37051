package dev.streamkit.windows.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.windows.Aggregations;
import dev.streamkit.windows.Aggregator;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionSet} merging (Flink's session merge rules, expectations written by hand) and its
 * serializer.
 */
class SessionSetTest {
    @SuppressWarnings("unchecked")
    static final Aggregator<Long, Object, Long> COUNT =
            (Aggregator<Long, Object, Long>)
                    (Aggregator<Long, ?, Long>) Aggregations.forType(Types.LONG).count();

    /** Adds an event's window and counts it in the session it lands in; returns that index. */
    static int add(SessionSet<Object> set, long t, long gap, long maxLength, long wm) {
        int i = set.addWindow(t, t + gap, maxLength, wm, COUNT);
        set.setAcc(i, COUNT.add(set.acc(i), t));
        return i;
    }

    static List<String> describe(SessionSet<Object> set) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            out.add(
                    "["
                            + set.start(i)
                            + ","
                            + set.end(i)
                            + ") n="
                            + COUNT.getResult(set.acc(i))
                            + (set.fired(i) ? " fired" : ""));
        }
        return out;
    }

    @Test
    void touchingWindowsMergeAsFlinksTimeWindowIntersects() {
        SessionSet<Object> set = new SessionSet<>();
        add(set, 0, 10, 0, Long.MIN_VALUE);
        add(set, 10, 10, 0, Long.MIN_VALUE); // [10,20) touches [0,10): one session
        add(set, 31, 10, 0, Long.MIN_VALUE); // [31,41) is 11 ms after: separate
        assertThat(describe(set)).containsExactly("[0,20) n=2", "[31,41) n=1");
    }

    @Test
    void aWindowTouchingTwoSessionsBridgesThem() {
        SessionSet<Object> set = new SessionSet<>();
        add(set, 0, 10, 0, Long.MIN_VALUE);
        add(set, 20, 10, 0, Long.MIN_VALUE);
        // [10,20) touches [0,10) and [20,30) (two hits: the full merge, not the one-hit path)
        int i = add(set, 10, 10, 0, Long.MIN_VALUE);
        assertThat(describe(set)).containsExactly("[0,30) n=3");
        assertThat(i).isZero();
    }

    @Test
    void anEventBridgingTwoSessionsMergesThemAndTheirAccumulators() {
        SessionSet<Object> set = new SessionSet<>();
        add(set, 0, 10, 0, Long.MIN_VALUE);
        add(set, 5, 10, 0, Long.MIN_VALUE);
        add(set, 22, 10, 0, Long.MIN_VALUE);
        add(set, 40, 10, 0, Long.MIN_VALUE);
        assertThat(set.size()).isEqualTo(3);
        int i = add(set, 13, 10, 0, Long.MIN_VALUE); // [13,23) bridges [0,15) and [22,32)
        assertThat(describe(set)).containsExactly("[0,32) n=4", "[40,50) n=1");
        assertThat(i).isZero();
    }

    @Test
    void maxLengthStartsANewOverlappingSessionAsTheAssignerDoes() {
        SessionSet<Object> set = new SessionSet<>();
        for (long t : new long[] {0, 8, 16, 24}) {
            add(set, t, 10, 20, Long.MIN_VALUE);
        }
        assertThat(describe(set)).containsExactly("[0,18) n=2", "[16,34) n=2");
    }

    @Test
    void aWindowInsideAFiredSessionKeepsItsFlagAndAMergedOneBehindTheWatermarkIsFired() {
        SessionSet<Object> set = new SessionSet<>();
        add(set, 0, 10, 0, Long.MIN_VALUE);
        set.setFired(0, true);
        set.addWindow(0, 5, 0, 100, COUNT); // inside [0,10): nothing merges
        assertThat(set.fired(0)).isTrue();
        add(set, 30, 10, 0, Long.MIN_VALUE);
        // extends [0,10) to [0,12): ends behind watermark 100, so no timer would fire it again
        set.addWindow(2, 12, 0, 100, COUNT);
        assertThat(describe(set)).containsExactly("[0,12) n=1 fired", "[30,40) n=1");
        // extending beyond the watermark makes it pending again
        set.addWindow(5, 200, 0, 100, COUNT);
        assertThat(describe(set)).containsExactly("[0,200) n=2");
    }

    @Test
    void dueTimesAreFireTimeThenCleanupTime() {
        SessionSet<Object> set = new SessionSet<>();
        assertThat(set.nextDue(5)).isEqualTo(SessionSet.NO_TIMER);
        add(set, 0, 10, 0, Long.MIN_VALUE);
        add(set, 100, 10, 0, Long.MIN_VALUE);
        assertThat(set.nextDue(5)).isEqualTo(9);
        set.setFired(0, true);
        assertThat(set.nextDue(5)).isEqualTo(14);
        set.setFired(0, false);
        set.remove(0);
        assertThat(describe(set)).containsExactly("[100,110) n=1");
        assertThat(set.nextDue(Long.MAX_VALUE)).isEqualTo(109);
        set.setFired(0, true);
        assertThat(set.nextDue(Long.MAX_VALUE)).isEqualTo(TimeMath.MAX_TIME); // saturates
    }

    @Test
    void serializerRoundTripsAndCopiesDeeply() throws Exception {
        SessionSet<Object> set = new SessionSet<>();
        add(set, 0, 10, 0, Long.MIN_VALUE);
        add(set, 50, 10, 0, Long.MIN_VALUE);
        add(set, 52, 10, 0, Long.MIN_VALUE);
        set.setFired(0, true);
        set.timer = 61;
        SessionSetSerializer<Object> serializer =
                new SessionSetSerializer<>(COUNT.accumulatorSerializer());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(set, out);
        SessionSet<Object> back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(describe(back)).isEqualTo(describe(set));
        assertThat(back.timer).isEqualTo(61);
        SessionSet<Object> copy = serializer.copy(set);
        copy.setAcc(1, COUNT.add(copy.acc(1), 1L));
        assertThat(describe(set)).containsExactly("[0,10) n=1 fired", "[50,62) n=2");
        assertThat(describe(copy)).containsExactly("[0,10) n=1 fired", "[50,62) n=3");
        DataOutputSerializer copied = new DataOutputSerializer(4096);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
    }
}
