package dev.streamkit.cep.internal;

import dev.streamkit.cep.EventAdapter;
import dev.streamkit.cep.EventKind;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** The fast-path rules; each mirrors one flink-cep pattern of the catalog (see FraudPatterns). */
@Internal
public final class Rules {
    private Rules() {}

    /**
     * {@code times(n).consecutive()} with skip-past-last-event.
     *
     * @serial exclude
     */
    public static final class CountWithin<T> extends RingRule<T> {
        private static final long serialVersionUID = 1L;
        private final int n;

        /**
         * The rule.
         *
         * @param adapter reads the events
         * @param windowMillis the window
         * @param n the events that make a match
         */
        public CountWithin(EventAdapter<T> adapter, long windowMillis, int n) {
            super(adapter, windowMillis);
            this.n = n;
        }

        @Override
        public List<T> onEvent(List<T> ring, T event) {
            ring.add(event);
            if (ring.size() < n) {
                return null;
            }
            List<T> evidence = evidence(ring, null);
            ring.clear();
            return evidence;
        }
    }

    /**
     * {@code oneOrMore().consecutive().next(sum > max)} with skip-past-last-event.
     *
     * @serial exclude
     */
    public static final class AmountWithin<T> extends RingRule<T> {
        private static final long serialVersionUID = 1L;
        private final double maxAmount;

        /**
         * The rule.
         *
         * @param adapter reads the events
         * @param windowMillis the window
         * @param maxAmount the amount limit
         */
        public AmountWithin(EventAdapter<T> adapter, long windowMillis, double maxAmount) {
            super(adapter, windowMillis);
            this.maxAmount = maxAmount;
        }

        @Override
        public List<T> onEvent(List<T> ring, T event) {
            if (!ring.isEmpty()
                    && Conditions.total(ring, adapter) + adapter.amount(event) > maxAmount) {
                List<T> evidence = evidence(ring, event);
                ring.clear();
                return evidence;
            }
            ring.add(event);
            return null;
        }
    }

    /**
     * Failures {@code times(k).consecutive()}, optionally {@code .next(success)}, with
     * skip-past-last-event.
     *
     * @serial exclude
     */
    public static final class ConsecutiveFailures<T> extends RingRule<T> {
        private static final long serialVersionUID = 1L;
        private final int k;
        private final boolean requireSuccess;

        /**
         * The rule.
         *
         * @param adapter reads the events
         * @param windowMillis the window
         * @param k the failures that make a match
         * @param requireSuccess whether a success must follow
         */
        public ConsecutiveFailures(
                EventAdapter<T> adapter, long windowMillis, int k, boolean requireSuccess) {
            super(adapter, windowMillis);
            this.k = k;
            this.requireSuccess = requireSuccess;
        }

        @Override
        public List<T> onEvent(List<T> ring, T event) {
            if (adapter.kind(event) == EventKind.LOGIN_FAILURE) {
                ring.add(event);
                if (!requireSuccess && ring.size() == k) {
                    List<T> evidence = evidence(ring, null);
                    ring.clear();
                    return evidence;
                }
                if (ring.size() > k) {
                    ring.remove(0);
                }
                return null;
            }
            List<T> evidence = requireSuccess && ring.size() == k ? evidence(ring, event) : null;
            ring.clear();
            return evidence;
        }
    }

    /**
     * Small {@code timesOrMore(n).consecutive().next(large)} with skip-past-last-event.
     *
     * @serial exclude
     */
    public static final class SmallThenLarge<T> extends RingRule<T> {
        private static final long serialVersionUID = 1L;
        private final int n;
        private final double smallMax;
        private final double largeMin;

        /**
         * The rule.
         *
         * @param adapter reads the events
         * @param windowMillis the window
         * @param n the small transactions needed
         * @param smallMax the small-amount limit
         * @param largeMin the large-amount limit
         */
        public SmallThenLarge(
                EventAdapter<T> adapter,
                long windowMillis,
                int n,
                double smallMax,
                double largeMin) {
            super(adapter, windowMillis);
            this.n = n;
            this.smallMax = smallMax;
            this.largeMin = largeMin;
        }

        @Override
        public List<T> onEvent(List<T> ring, T event) {
            double amount = adapter.amount(event);
            if (amount <= smallMax) {
                ring.add(event);
                return null;
            }
            List<T> evidence =
                    amount >= largeMin && ring.size() >= n ? evidence(ring, event) : null;
            ring.clear();
            return evidence;
        }
    }
}
