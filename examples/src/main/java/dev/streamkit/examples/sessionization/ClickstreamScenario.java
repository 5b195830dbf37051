package dev.streamkit.examples.sessionization;

import dev.streamkit.examples.local.RecordMix;
import dev.streamkit.examples.local.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic clickstream with its ground truth: users browse in sessions separated by much more than
 * the session gap; clicks arrive up to {@link #MAX_DELAY} out of order; about 2% arrive twice, a
 * few arrive hours late (behind any watermark) and some records are malformed.
 */
public final class ClickstreamScenario implements Scenario {
    private static final long serialVersionUID = 1L;

    /** 2026-01-01T00:00:00Z: the event time at which every scenario starts. */
    public static final long START = 1_767_225_600_000L;

    /** The inactivity gap that ends a session. */
    public static final Duration GAP = Duration.ofMinutes(30);

    /** The most a click arrives after a later click (bounded out-of-orderness). */
    public static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private static final String[] PAGES = {
        "home",
        "search",
        "category/shoes",
        "category/coats",
        "product/1",
        "product/2",
        "product/3",
        "product/4",
        "cart",
        "help"
    };
    private static final long LATE_BY = Duration.ofHours(3).toMillis();

    private final long seed;
    private final int users;
    private final boolean lateRecords;

    private ClickstreamScenario(long seed, int users, boolean lateRecords) {
        this.seed = seed;
        this.users = users;
        this.lateRecords = lateRecords;
    }

    public static ClickstreamScenario of(long seed, int users) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, got " + users);
        }
        return new ClickstreamScenario(seed, users, true);
    }

    /**
     * The same scenario without the hours-late records, for replays through a multi-shard stream
     * where shards are read at different speeds and "late" is not determined by the data alone.
     */
    @Override
    public ClickstreamScenario withoutLateRecords() {
        return new ClickstreamScenario(seed, users, false);
    }

    @Override
    public List<String> records() {
        return plan().records;
    }

    /** The records together with what a correct job must output. */
    public Plan plan() {
        SplittableRandom random = new SplittableRandom(seed);
        RecordMix mix = new RecordMix(random);
        List<SessionSummary> sessions = new ArrayList<>();
        List<ClickEvent> clicks = new ArrayList<>();
        int duplicates = 0;
        for (int u = 0; u < users; u++) {
            String user = "user-" + u;
            long t = START + random.nextLong(Duration.ofHours(2).toMillis());
            int sessionCount = 1 + random.nextInt(3);
            for (int s = 0; s < sessionCount; s++) {
                int n = 2 + random.nextInt(14);
                boolean converted = random.nextInt(5) == 0;
                long first = t;
                String entry = null;
                String exit = null;
                for (int i = 0; i < n; i++) {
                    String page = PAGES[random.nextInt(PAGES.length)];
                    String action = "view";
                    if (converted && i == n - 1) {
                        page = "checkout";
                        action = "purchase";
                    } else if (converted && i == n - 2) {
                        page = "cart";
                        action = "add_to_cart";
                    }
                    ClickEvent click =
                            new ClickEvent(user + "-" + clicks.size(), user, t, page, action);
                    clicks.add(click);
                    long arrival = t + random.nextLong(MAX_DELAY.toMillis() + 1);
                    String json = mix.add(click, arrival);
                    if (random.nextInt(50) == 0) {
                        mix.addRaw(json, arrival + random.nextLong(2_000));
                        duplicates++;
                    }
                    if (random.nextInt(200) == 0) {
                        mix.addMalformed(json, "timestamp", arrival);
                    }
                    entry = entry == null ? page : entry;
                    exit = page;
                    if (i < n - 1) {
                        t +=
                                Duration.ofSeconds(10).toMillis()
                                        + random.nextLong(Duration.ofMinutes(10).toMillis());
                    }
                }
                sessions.add(new SessionSummary(user, first, t, n, converted, entry, exit));
                // far more than the gap between two sessions of a user
                t += 3 * GAP.toMillis() + random.nextLong(Duration.ofHours(2).toMillis());
            }
        }
        long[] times = new long[clicks.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = clicks.get(i).timestamp;
        }
        Arrays.sort(times);
        int late = 0;
        for (SessionSummary session : sessions) {
            long at = (session.start + session.end) / 2;
            if (lateRecords && watermarkSurelyPassed(times, at) && random.nextInt(100) == 0) {
                ClickEvent click =
                        new ClickEvent(
                                session.userId + "-late-" + late,
                                session.userId,
                                at,
                                "home",
                                "view");
                mix.add(click, at + LATE_BY);
                late++;
            }
        }
        return new Plan(mix.records(), sessions, clicks.size(), duplicates, late, mix.malformed());
    }

    /**
     * Whether a click that arrives before the late one proves the watermark is then more than an
     * hour past the late click's session window, whatever the allowed lateness up to an hour.
     */
    private static boolean watermarkSurelyPassed(long[] sortedTimes, long at) {
        long from = at + GAP.toMillis() + Duration.ofHours(1).toMillis() + MAX_DELAY.toMillis();
        long to = at + LATE_BY - MAX_DELAY.toMillis();
        int i = Arrays.binarySearch(sortedTimes, from);
        int insertion = i >= 0 ? i : -i - 1;
        return insertion < sortedTimes.length && sortedTimes[insertion] <= to;
    }

    /** A scenario's records and its ground truth. */
    public static final class Plan {
        public final List<String> records;
        public final List<SessionSummary> sessions;
        public final int clicks;
        public final int duplicates;
        public final int late;
        public final int malformed;

        Plan(
                List<String> records,
                List<SessionSummary> sessions,
                int clicks,
                int duplicates,
                int late,
                int malformed) {
            this.records = records;
            this.sessions = sessions;
            this.clicks = clicks;
            this.duplicates = duplicates;
            this.late = late;
            this.malformed = malformed;
        }
    }
}
