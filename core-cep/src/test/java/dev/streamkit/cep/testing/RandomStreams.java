package dev.streamkit.cep.testing;

import dev.streamkit.cep.EventKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random event streams: several keys, equal timestamps, amounts at the patterns' thresholds,
 * out-of-order arrival within a bound, periodic watermarks and a few late events.
 */
public final class RandomStreams {
    private static final double[] AMOUNTS = {0.5, 1, 5, 5.01, 20, 60, 100, 499.99, 500, 2_000};
    private static final EventKind[] KINDS = {
        EventKind.TRANSACTION,
        EventKind.TRANSACTION,
        EventKind.TRANSACTION,
        EventKind.LOGIN_FAILURE,
        EventKind.LOGIN_FAILURE,
        EventKind.LOGIN_FAILURE,
        EventKind.LOGIN_SUCCESS,
        EventKind.CREDENTIAL_CHANGE,
        EventKind.OTHER
    };
    private static final double[][] PLACES = {
        {48.85, 2.35}, {51.51, -0.13}, {40.71, -74.0}, {48.86, 2.36}, {35.68, 139.69}
    };

    private RandomStreams() {}

    /** The events in event-time order (unique {@code seq}, equal timestamps possible). */
    public static List<TestEvent> events(long seed, int count, int keys, long maxGapMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TestEvent> events = new ArrayList<>(count);
        long time = 1_000_000;
        for (int i = 0; i < count; i++) {
            if (random.nextInt(5) != 0) {
                time += 1 + random.nextLong(maxGapMillis);
            }
            EventKind kind = KINDS[random.nextInt(KINDS.length)];
            double amount =
                    kind == EventKind.TRANSACTION ? AMOUNTS[random.nextInt(AMOUNTS.length)] : 0;
            TestEvent e = new TestEvent("k" + random.nextInt(keys), time, kind, amount);
            if (random.nextInt(3) != 0) {
                double[] place = PLACES[random.nextInt(PLACES.length)];
                e.at(place[0], place[1]);
            }
            events.add(e.seq(i + 1));
        }
        return events;
    }

    /**
     * Arrival order: each event delayed by less than {@code maxDisorder} (events with equal
     * timestamps keep their relative order); after an event a watermark {@code maxSeen -
     * maxDisorder - 1} with probability 1/3 (so no event is late); with {@code lateEvents}, about
     * one event in 40 is followed by a copy timed behind the watermark. Ends with the end-of-input
     * watermark.
     */
    public static List<Step> arrival(
            List<TestEvent> events, long seed, long maxDisorder, boolean lateEvents) {
        return arrival(events, seed, maxDisorder, lateEvents, Long.MAX_VALUE);
    }

    /** As above, ending with {@code finalWatermark} instead of the end-of-input watermark. */
    public static List<Step> arrival(
            List<TestEvent> events,
            long seed,
            long maxDisorder,
            boolean lateEvents,
            long finalWatermark) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<long[]> order = new ArrayList<>();
        // events with equal timestamps share their delay: flink-cep orders ties by arrival, so
        // reordering them would change the input, not just its arrival
        long delay = 0;
        for (int i = 0; i < events.size(); i++) {
            if (i == 0 || events.get(i).time != events.get(i - 1).time) {
                delay = maxDisorder == 0 ? 0 : random.nextLong(maxDisorder);
            }
            order.add(new long[] {events.get(i).time + delay, i});
        }
        order.sort(Comparator.comparingLong((long[] a) -> a[0]).thenComparingLong(a -> a[1]));
        List<Step> steps = new ArrayList<>();
        long maxSeen = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        int lateSeq = 1_000_000;
        for (long[] o : order) {
            TestEvent e = events.get((int) o[1]);
            steps.add(Step.event(e));
            maxSeen = Math.max(maxSeen, e.time);
            if (random.nextInt(3) == 0 && maxSeen - maxDisorder - 1 > watermark) {
                watermark = maxSeen - maxDisorder - 1;
                steps.add(Step.watermark(watermark));
            }
            if (lateEvents && watermark > Long.MIN_VALUE && random.nextInt(40) == 0) {
                TestEvent late =
                        new TestEvent(e.key, watermark - random.nextLong(3_000), e.kind, e.amount);
                late.lat = e.lat;
                late.lon = e.lon;
                steps.add(Step.event(late.seq(lateSeq++)));
            }
        }
        steps.add(Step.watermark(finalWatermark));
        return steps;
    }
}
