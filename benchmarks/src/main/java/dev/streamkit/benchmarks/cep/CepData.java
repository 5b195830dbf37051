package dev.streamkit.benchmarks.cep;

import dev.streamkit.benchmarks.harness.Dataset;
import dev.streamkit.cep.EventKind;
import java.util.SplittableRandom;

/**
 * Generated account activity with a fixed seed: 70% transactions (30% small, 10% large), 15% failed
 * and 10% successful logins, 5% credential changes; each account mostly at its home city, sometimes
 * elsewhere; timestamps in order at {@code eventsPerSecond} of event time.
 */
public final class CepData {
    private static final double[][] CITIES = {
        {48.85, 2.35}, {51.51, -0.13}, {40.71, -74.0}, {35.68, 139.69}, {52.52, 13.40},
        {41.90, 12.50}, {-33.87, 151.21}, {37.77, -122.42}, {1.35, 103.82}, {55.75, 37.62}
    };

    private CepData() {}

    /** Which events a stream carries. */
    public enum Mix {
        /** Account activity of all kinds (70% transactions, 25% logins, 5% changes). */
        MIXED,
        /** A payment stream: transactions only. */
        TRANSACTIONS,
        /** An authentication stream: logins only (60% failed). */
        LOGINS
    }

    public static Dataset<BenchTxn> generate(
            int count, int accounts, long eventsPerSecond, long seed) {
        return generate(Mix.MIXED, count, accounts, eventsPerSecond, seed);
    }

    public static Dataset<BenchTxn> generate(
            Mix mix, int count, int accounts, long eventsPerSecond, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BenchTxn[] events = new BenchTxn[count];
        for (int i = 0; i < count; i++) {
            int account = random.nextInt(accounts);
            long time = i * 1000L / eventsPerSecond;
            int roll =
                    mix == Mix.MIXED
                            ? random.nextInt(100)
                            : mix == Mix.TRANSACTIONS ? 0 : 70 + random.nextInt(25);
            EventKind kind =
                    roll < 70
                            ? EventKind.TRANSACTION
                            : roll < 85
                                    ? EventKind.LOGIN_FAILURE
                                    : roll < 95
                                            ? EventKind.LOGIN_SUCCESS
                                            : EventKind.CREDENTIAL_CHANGE;
            double amount = 0;
            if (kind == EventKind.TRANSACTION) {
                int size = random.nextInt(10);
                amount =
                        size < 3
                                ? 1 + random.nextInt(5)
                                : size < 9 ? 10 + random.nextInt(400) : 500 + random.nextInt(5_000);
            }
            double[] city =
                    random.nextInt(20) == 0
                            ? CITIES[random.nextInt(CITIES.length)]
                            : CITIES[account % CITIES.length];
            events[i] = new BenchTxn(account, time, kind, amount, city[0], city[1]);
        }
        return Dataset.of(events, BenchTxn.TYPE);
    }
}
