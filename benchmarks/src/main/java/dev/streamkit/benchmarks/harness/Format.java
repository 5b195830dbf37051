package dev.streamkit.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
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
                "%d cores (%s), JDK %s (%s), max heap %d MiB, %s %s, %s",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                LocalDate.now(ZoneOffset.UTC));
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

    /** A markdown table of {@code results}, medians and ratios. */
    public static String table(List<Result> results, int runs) {
        StringBuilder out = new StringBuilder();
        out.append("Machine: ").append(machine()).append('\n');
        out.append("Medians of ")
                .append(runs)
                .append(" alternating runs per side (after one warm-up each).\n\n");
        out.append("| suite | case | backend | ours ev/s | baseline | baseline ev/s | ratio |\n");
        out.append("|---|---|---|---:|---|---:|---:|\n");
        for (Result r : results) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %.2fx |%n",
                            r.suite,
                            r.caseName,
                            r.backend,
                            eps(r.oursEps),
                            r.baseline,
                            eps(r.baselineEps),
                            r.ratio));
        }
        return out.toString();
    }
}
