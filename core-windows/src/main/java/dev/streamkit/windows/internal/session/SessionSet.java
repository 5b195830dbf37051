package dev.streamkit.windows.internal.session;

import dev.streamkit.common.internal.TimeMath;
import dev.streamkit.windows.Aggregator;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/**
 * One key's open sessions: {@code [start, end)}, whether the session has fired at its current end,
 * and its one-pass accumulator, sorted by start; plus the time of the key's one registered timer.
 * This is the state layout of {@link SessionWindowOperator} (value state {@code "sessions"},
 * serialized by {@link SessionSetSerializer}).
 *
 * <p>Merging follows Flink's {@code MergingWindowSet} with our session assigner exactly: the new
 * window {@code [t, t + gap)} is added, the windows are scanned in start order, and a window joins
 * the current group when it intersects the group's cover (touching windows intersect, as in {@code
 * TimeWindow#intersects}) and the cover stays within {@code maxLength}. Without {@code maxLength}
 * the sessions never overlap and the set is usually one or two entries.
 *
 * @param <A> the accumulator type
 */
@Internal
public final class SessionSet<A> {
    /** No timer registered. */
    public static final long NO_TIMER = Long.MIN_VALUE;

    int n;
    long[] starts;
    long[] ends;
    boolean[] fired;
    Object[] accs;

    /** The time of the key's registered timer, or {@link #NO_TIMER}. */
    long timer = NO_TIMER;

    /** An empty set. */
    public SessionSet() {
        this(2);
    }

    SessionSet(int capacity) {
        starts = new long[capacity];
        ends = new long[capacity];
        fired = new boolean[capacity];
        accs = new Object[capacity];
    }

    /**
     * The number of sessions.
     *
     * @return the count
     */
    public int size() {
        return n;
    }

    /**
     * The start of session {@code i} (sessions are sorted by start).
     *
     * @param i the index
     * @return the start (inclusive)
     */
    public long start(int i) {
        return starts[i];
    }

    /**
     * The end of session {@code i}.
     *
     * @param i the index
     * @return the end (exclusive)
     */
    public long end(int i) {
        return ends[i];
    }

    /**
     * Whether session {@code i} has fired at its current end.
     *
     * @param i the index
     * @return whether it fired
     */
    public boolean fired(int i) {
        return fired[i];
    }

    /**
     * The accumulator of session {@code i}.
     *
     * @param i the index
     * @return the accumulator
     */
    @SuppressWarnings("unchecked")
    public A acc(int i) {
        return (A) accs[i];
    }

    void setAcc(int i, A acc) {
        accs[i] = acc;
    }

    void setFired(int i, boolean value) {
        fired[i] = value;
    }

    /**
     * Appends a session (the caller keeps the start order; used by deserialization and migration).
     *
     * @param start the start
     * @param end the end
     * @param hasFired whether it fired
     * @param acc the accumulator
     */
    public void append(long start, long end, boolean hasFired, A acc) {
        ensure(n + 1);
        starts[n] = start;
        ends[n] = end;
        fired[n] = hasFired;
        accs[n] = acc;
        n++;
    }

    private void ensure(int capacity) {
        if (capacity > starts.length) {
            int c = Math.max(capacity, starts.length * 2);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
            fired = Arrays.copyOf(fired, c);
            accs = Arrays.copyOf(accs, c);
        }
    }

    /**
     * Adds the window {@code [start, end)} of a new event and merges as Flink's merging window set
     * does (see the class comment). A merged session that now ends at or before {@code watermark}
     * counts as fired (Flink registers no trigger timer for it); the caller updates the flag of the
     * session the event lands in.
     *
     * @param start the new window's start
     * @param end the new window's end
     * @param maxLength the longest session (0: unbounded)
     * @param watermark the current watermark
     * @param aggregator creates and merges the accumulators
     * @return the index of the session holding the new window (a new, empty session if it merged
     *     with nothing)
     */
    <T> int addWindow(
            long start, long end, long maxLength, long watermark, Aggregator<T, A, ?> aggregator) {
        // fast path (no maxLength, the common case): one session the window intersects
        if (maxLength <= 0) {
            int hit = -1;
            int hits = 0;
            for (int i = 0; i < n; i++) {
                if (starts[i] <= end && ends[i] >= start) {
                    hit = i;
                    hits++;
                }
            }
            if (hits == 1) {
                if (start >= starts[hit] && end <= ends[hit]) {
                    return hit; // inside: Flink merges nothing, the session keeps its timers
                }
                long s = Math.min(starts[hit], start);
                long e = Math.max(ends[hit], end);
                starts[hit] = s;
                ends[hit] = e;
                // stays sorted: without maxLength no other session intersects the new window
                fired[hit] = e - 1 <= watermark;
                return hit;
            }
        }
        return general(start, end, maxLength, watermark, aggregator);
    }

    /** The full scan of Flink's session merge over the sessions plus the new window. */
    @SuppressWarnings("unchecked")
    private <T> int general(
            long start, long end, long maxLength, long watermark, Aggregator<T, A, ?> aggregator) {
        // sort (insertion; n is tiny) and insert the new window after equal starts
        sortByStart();
        int total = n + 1;
        long[] s = new long[total];
        long[] e = new long[total];
        int newIdx = n;
        for (int i = 0, j = 0; j < total; j++) {
            if (newIdx == n && (i == n || starts[i] > start)) {
                newIdx = j;
                s[j] = start;
                e[j] = end;
            } else {
                s[j] = starts[i];
                e[j] = ends[i];
                i++;
            }
        }
        int[] group = new int[total];
        int groups = 0;
        long gs = 0;
        long ge = 0;
        for (int j = 0; j < total; j++) {
            if (j > 0 && gs <= e[j] && ge >= s[j] && within(gs, ge, s[j], e[j], maxLength)) {
                gs = Math.min(gs, s[j]);
                ge = Math.max(ge, e[j]);
            } else {
                groups++;
                gs = s[j];
                ge = e[j];
            }
            group[j] = groups - 1;
        }
        SessionSet<A> out = new SessionSet<>(Math.max(2, groups));
        int result = -1;
        for (int j = 0; j < total; ) {
            int g = group[j];
            int k = j;
            long ms = Long.MAX_VALUE;
            long me = Long.MIN_VALUE;
            A acc = null;
            boolean hasFired = false;
            int members = 0;
            boolean hasNew = false;
            while (k < total && group[k] == g) {
                ms = Math.min(ms, s[k]);
                me = Math.max(me, e[k]);
                if (k == newIdx) {
                    hasNew = true;
                } else {
                    int old = k < newIdx ? k : k - 1;
                    A a = (A) accs[old];
                    acc = acc == null ? a : aggregator.merge(acc, a);
                    hasFired = fired[old];
                    members++;
                }
                k++;
            }
            if (acc == null) {
                acc = aggregator.createAccumulator();
            }
            boolean unchanged = members == 1 && (!hasNew || containsNew(j, k, newIdx, ms, me));
            out.append(ms, me, unchanged ? hasFired : members > 0 && me - 1 <= watermark, acc);
            if (hasNew) {
                result = out.n - 1;
            }
            j = k;
        }
        starts = out.starts;
        ends = out.ends;
        fired = out.fired;
        accs = out.accs;
        n = out.n;
        return result;
    }

    /** Whether the one old window of group [j, k) already covered the new window. */
    private boolean containsNew(int j, int k, int newIdx, long ms, long me) {
        for (int x = j; x < k; x++) {
            if (x != newIdx) {
                int old = x < newIdx ? x : x - 1;
                return starts[old] == ms && ends[old] == me;
            }
        }
        return false;
    }

    private static boolean within(long gs, long ge, long s, long e, long maxLength) {
        return maxLength <= 0 || TimeMath.subtract(Math.max(ge, e), Math.min(gs, s)) <= maxLength;
    }

    private void sortByStart() {
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && starts[j - 1] > starts[j]; j--) {
                swap(j, j - 1);
            }
        }
    }

    private void swap(int a, int b) {
        long t = starts[a];
        starts[a] = starts[b];
        starts[b] = t;
        t = ends[a];
        ends[a] = ends[b];
        ends[b] = t;
        boolean f = fired[a];
        fired[a] = fired[b];
        fired[b] = f;
        Object o = accs[a];
        accs[a] = accs[b];
        accs[b] = o;
    }

    /**
     * Removes session {@code i}.
     *
     * @param i the index
     */
    void remove(int i) {
        int tail = n - i - 1;
        System.arraycopy(starts, i + 1, starts, i, tail);
        System.arraycopy(ends, i + 1, ends, i, tail);
        System.arraycopy(fired, i + 1, fired, i, tail);
        System.arraycopy(accs, i + 1, accs, i, tail);
        n--;
        accs[n] = null;
    }

    /**
     * When session {@code i} next needs the key's timer: its fire time ({@code end - 1}) until it
     * fired, then its cleanup time ({@code end - 1 + allowedLateness}).
     *
     * @param i the index
     * @param allowedLateness the allowed lateness in ms
     * @return the time
     */
    long due(int i, long allowedLateness) {
        long fire = ends[i] - 1;
        return fired[i] ? TimeMath.add(fire, allowedLateness) : fire;
    }

    /**
     * The earliest {@link #due} over all sessions, or {@link #NO_TIMER} when empty.
     *
     * @param allowedLateness the allowed lateness in ms
     * @return the time
     */
    long nextDue(long allowedLateness) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, due(i, allowedLateness));
        }
        return n == 0 ? NO_TIMER : min;
    }
}
