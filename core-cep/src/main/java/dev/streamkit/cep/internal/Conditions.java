package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import dev.streamkit.common.internal.TimeMath;
import org.apache.flink.annotation.Internal;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;

/** The iterative (history-reading) flink-cep conditions of the catalog. */
@Internal
public final class Conditions {
    private Conditions() {}

    /**
     * Sum of amounts in list order (the fast path sums in the same order, so results agree).
     *
     * @param <T> the event type
     * @param events the events
     * @param adapter reads the amounts
     * @return the sum
     */
    public static <T> double total(Iterable<T> events, EventAdapter<T> adapter) {
        double sum = 0.0;
        for (T e : events) {
            sum += adapter.amount(e);
        }
        return sum;
    }

    private static <T> T single(Iterable<T> events) {
        T last = null;
        for (T e : events) {
            last = e;
        }
        return last;
    }

    /**
     * The event whose amount, added to the events of {@code stage}, exceeds the limit.
     *
     * @serial exclude
     */
    public static final class AmountCrossing<T> extends IterativeCondition<T> {
        private static final long serialVersionUID = 1L;

        private final EventAdapter<T> adapter;
        private final String stage;
        private final double maxAmount;

        /**
         * The condition of velocity by amount's crossing event.
         *
         * @param adapter reads the events
         * @param stage the stage holding the transactions before it
         * @param maxAmount the amount limit
         */
        public AmountCrossing(EventAdapter<T> adapter, String stage, double maxAmount) {
            this.adapter = adapter;
            this.stage = stage;
            this.maxAmount = maxAmount;
        }

        @Override
        public boolean filter(T value, Context<T> ctx) throws Exception {
            return total(ctx.getEventsForPattern(stage), adapter) + adapter.amount(value)
                    > maxAmount;
        }
    }

    /**
     * The event too far from the event of {@code stage} to have been reached in time.
     *
     * @serial exclude
     */
    public static final class ImpossibleSpeed<T> extends IterativeCondition<T> {
        private static final long serialVersionUID = 1L;

        private final EventAdapter<T> adapter;
        private final String stage;
        private final double maxSpeedKmh;

        /**
         * The condition of impossible travel's second event.
         *
         * @param adapter reads the events
         * @param stage the stage holding the first event
         * @param maxSpeedKmh the speed limit
         */
        public ImpossibleSpeed(EventAdapter<T> adapter, String stage, double maxSpeedKmh) {
            this.adapter = adapter;
            this.stage = stage;
            this.maxSpeedKmh = maxSpeedKmh;
        }

        @Override
        public boolean filter(T value, Context<T> ctx) throws Exception {
            T from = single(ctx.getEventsForPattern(stage));
            return from != null && speedKmh(adapter, from, value) > maxSpeedKmh;
        }
    }

    /**
     * Implied speed between two located events.
     *
     * @param <T> the event type
     * @param adapter reads the events
     * @param from the earlier event
     * @param to the later event
     * @return the speed in km/h
     */
    public static <T> double speedKmh(EventAdapter<T> adapter, T from, T to) {
        double km =
                Geo.distanceKm(
                        adapter.latitude(from),
                        adapter.longitude(from),
                        adapter.latitude(to),
                        adapter.longitude(to));
        return Geo.speedKmh(
                km, elapsedMillis(adapter.eventTimeMillis(from), adapter.eventTimeMillis(to)));
    }

    /**
     * {@code to - from}, saturating instead of wrapping (valid event times are never {@code
     * Long.MIN_VALUE}, so {@code -from} does not overflow).
     *
     * @param from the earlier time
     * @param to the later time
     * @return the elapsed milliseconds
     */
    public static long elapsedMillis(long from, long to) {
        return TimeMath.add(to, -from);
    }

    /**
     * A large transaction at least {@code dormancy} after the event of {@code stage}.
     *
     * @serial exclude
     */
    public static final class Reactivation<T> extends IterativeCondition<T> {
        private static final long serialVersionUID = 1L;

        private final EventAdapter<T> adapter;
        private final String stage;
        private final long dormancyMillis;
        private final double minAmount;

        /**
         * The condition of dormant account's reactivating transaction.
         *
         * @param adapter reads the events
         * @param stage the stage holding the previous event
         * @param dormancyMillis the dormancy
         * @param minAmount the amount limit
         */
        public Reactivation(
                EventAdapter<T> adapter, String stage, long dormancyMillis, double minAmount) {
            this.adapter = adapter;
            this.stage = stage;
            this.dormancyMillis = dormancyMillis;
            this.minAmount = minAmount;
        }

        @Override
        public boolean filter(T value, Context<T> ctx) throws Exception {
            if (adapter.kind(value) != EventKind.TRANSACTION || adapter.amount(value) < minAmount) {
                return false;
            }
            T previous = single(ctx.getEventsForPattern(stage));
            return previous != null
                    && elapsedMillis(
                                    adapter.eventTimeMillis(previous),
                                    adapter.eventTimeMillis(value))
                            >= dormancyMillis;
        }
    }
}
