package dev.streamkit.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Renders results as the markdown that goes into docs/benchmarks.md. */
public final class Format {
    private Format() {}

    static String eps(double eventsPerSecond) {
        if (eventsPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", eventsPerSecond / 1e6);
        }
        if (eventsPerSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f K", eventsPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", eventsPerSecond);
    }

    /** One line describing the machine: cores, CPU, JDK, heap, OS and date. */
    public static String machine() {
        return String.format(
                Locale.ROOT,
                "%d cores (%s), JDK %s (%s), max heap %d MiB, %s, %s %s, %s",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20,
                collector(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                LocalDate.now(ZoneOffset.UTC));
    }

    /** The garbage collector both sides run on (it changes the ratios: see docs/benchmarks.md). */
    private static String collector() {
        for (java.lang.management.GarbageCollectorMXBean gc :
                ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName();
            if (name.startsWith("G1")) {
                return "G1 GC";
            }
            if (name.startsWith("PS ")) {
                return "Parallel GC";
            }
            if (name.startsWith("ZGC")) {
                return "ZGC";
            }
        }
        return "GC " + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
    }

    private static String cpuModel() {
        Path cpuinfo = Paths.get("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo, StandardCharsets.UTF_8)) {
                return lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("unknown CPU");
            } catch (IOException e) {
                return "unknown CPU";
            }
        }
        return ManagementFactory.getOperatingSystemMXBean().getArch();
    }

    /**
     * A markdown table of {@code results}, medians and ratios. When the {@code ceiling} suite ran
     * in the same invocation, a last column gives ours as a share of the keyed pass-through on the
     * same backend and data shape (the last path segment of the case name, e.g. {@code 100-keys}).
     */
    public static String table(List<Result> results, int runs) {
        Map<String, Double> ceilings = new HashMap<>();
        for (Result r : results) {
            if (CEILING_SUITE.equals(r.suite) && r.caseName.startsWith(PASS_THROUGH)) {
                ceilings.put(r.backend + shape(r.caseName), r.oursEps);
                ceilings.putIfAbsent(r.backend, r.oursEps);
            }
        }
        boolean share = !ceilings.isEmpty();
        StringBuilder out = new StringBuilder();
        out.append("Machine: ").append(machine()).append('\n');
        out.append("Medians of ")
                .append(runs)
                .append(" alternating runs per side (after one warm-up each).\n\n");
        out.append("| suite | case | backend | ours ev/s | baseline | baseline ev/s | ratio |");
        out.append(share ? " ours / pass-through |\n" : "\n");
        out.append("|---|---|---|---:|---|---:|---:|").append(share ? "---:|\n" : "\n");
        for (Result r : results) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %.2fx |",
                            r.suite,
                            r.caseName,
                            r.backend,
                            eps(r.oursEps),
                            r.baseline,
                            eps(r.baselineEps),
                            r.ratio));
            if (share) {
                Double ceiling = ceilings.get(r.backend + shape(r.caseName));
                if (ceiling == null) {
                    ceiling = ceilings.get(r.backend);
                }
                out.append(
                        ceiling == null
                                ? " - |"
                                : String.format(
                                        Locale.ROOT, " %.0f%% |", 100 * r.oursEps / ceiling));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static final String CEILING_SUITE = "ceiling";
    private static final String PASS_THROUGH = "keyed-pass-through";

    /** The data shape of a case: the last path segment of its name ({@code 100-keys}). */
    private static String shape(String caseName) {
        return "/" + caseName.substring(caseName.lastIndexOf('/') + 1);
    }
}
