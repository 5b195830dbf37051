package dev.streamkit.upgrade;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The input of the upgrade job, split where the Flink 1.20 job stops with a savepoint. Hand-made so
 * that every operator's phase-2 output depends on phase-1 state: ids repeat across the split
 * (dedup), sessions and sliding windows span it, TTL state and CEP partial matches are open at it,
 * and phase 2 has late events (behind the watermark, within and beyond the session lateness).
 */
public final class UpgradeData {
    /** Events before the savepoint. */
    public static final List<Ev> PHASE1;

    /** Events after the savepoint. */
    public static final List<Ev> PHASE2;

    /** PHASE1 then PHASE2: the uninterrupted run's input. */
    public static final List<Ev> ALL;

    static {
        List<Ev> p1 = new ArrayList<>();
        List<Ev> p2 = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // three keys, one event per key every 3 s; a 10 s pause after i = 20 and i = 45
            // closes sessions; ids repeat every 25 events (duplicates across the split)
            long time = i * 1000L + (i >= 20 ? 10_000L : 0L) + (i >= 45 ? 10_000L : 0L);
            Ev e = new Ev("k" + (i % 3), "id" + (i % 25), time, (i * 7) % 11);
            (i < 30 ? p1 : p2).add(e);
            if (i == 29) {
                // a key seen only before the savepoint: its TTL state expires after the restore
                p1.add(new Ev("k3", "solo", 38_500L, 5));
            }
            if (i == 36) {
                // behind the watermark (~45 s): 6 s late for k0's session (within 10 s lateness)
                p2.add(new Ev("k0", "late-a", 39_500L, 1));
            }
            if (i == 50) {
                // far behind: beyond the lateness of every window, side-output/dropped
                p2.add(new Ev("k1", "late-b", 2_000L, 3));
            }
        }
        PHASE1 = Collections.unmodifiableList(p1);
        PHASE2 = Collections.unmodifiableList(p2);
        List<Ev> all = new ArrayList<>(p1);
        all.addAll(p2);
        ALL = Collections.unmodifiableList(all);
    }

    private UpgradeData() {}
}
