package dev.streamkit.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.streamkit.benchmarks.harness.Backend;
import dev.streamkit.benchmarks.harness.BenchCase;
import dev.streamkit.benchmarks.harness.Format;
import dev.streamkit.benchmarks.harness.Result;
import dev.streamkit.benchmarks.harness.Runner;
import dev.streamkit.benchmarks.harness.Suite;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Entry point of {@code ./bench}.
 *
 * <pre>
 * ./bench SUITE... [--quick] [--runs N] [--warmups N] [--backend hashmap|rocksdb] [--case TEXT] [--json FILE]
 * </pre>
 *
 * <p>{@code --warmups N} (default 1) sets the warm-up runs of each side before the timed ones; 0
 * for cases whose runs last many minutes (a 15-minute baseline gains nothing from a second pass).
 *
 * <p>{@code --case TEXT} (repeatable) keeps only the cases whose "NAME vs BASELINE" contains one of
 * the texts ({@code --case family-24h-10M} or {@code --case "family-24h-10M vs handwritten"}).
 *
 * <p>Progress goes to stderr, the markdown table to stdout. Suites are found by name: {@code
 * windows-sliding} is {@code dev.streamkit.benchmarks.suites.WindowsSlidingSuite}.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        List<String> suites = new ArrayList<>();
        boolean quick = false;
        Integer runs = null;
        int warmups = 1;
        String json = null;
        Set<Backend> backends = EnumSet.allOf(Backend.class);
        List<String> caseFilters = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--runs":
                    runs = Integer.parseInt(value(args, ++i, "--runs"));
                    break;
                case "--warmups":
                    warmups = Integer.parseInt(value(args, ++i, "--warmups"));
                    break;
                case "--json":
                    json = value(args, ++i, "--json");
                    break;
                case "--case":
                    caseFilters.add(value(args, ++i, "--case"));
                    break;
                case "--backend":
                    backends = EnumSet.of(Backend.fromId(value(args, ++i, "--backend")));
                    break;
                default:
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("Unknown option " + args[i]);
                    }
                    suites.add(args[i]);
            }
        }
        if (suites.isEmpty()) {
            throw new IllegalArgumentException(
                    "Usage: ./bench SUITE... [--quick] [--runs N] [--warmups N]"
                            + " [--backend hashmap|rocksdb] [--case TEXT] [--json FILE]");
        }
        int rounds = runs != null ? runs : quick ? 3 : 5;
        Runner runner = new Runner(rounds, warmups, backends, System.err);
        System.err.println("Machine: " + Format.machine());
        System.err.println(
                "Flink: "
                        + org.apache.flink.runtime.util.EnvironmentInformation.getVersion()
                        + " (Streamkit line "
                        + dev.streamkit.common.internal.FlinkLine.LINE
                        + ")");
        List<Result> results = new ArrayList<>();
        for (String name : suites) {
            List<BenchCase> cases = new ArrayList<>();
            for (BenchCase c : suite(name).cases(quick)) {
                if (caseFilters.isEmpty()
                        || caseFilters.stream()
                                .anyMatch((c.name() + " vs " + c.baseline())::contains)) {
                    cases.add(c);
                }
            }
            if (cases.isEmpty()) {
                throw new IllegalArgumentException(
                        "No case of suite '" + name + "' matches --case " + caseFilters);
            }
            results.addAll(runner.run(name, cases));
        }
        System.out.println();
        System.out.print(Format.table(results, rounds));
        if (json != null) {
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(new File(json), results);
            System.err.println("Wrote " + json);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static Suite suite(String name) throws ReflectiveOperationException {
        StringBuilder className = new StringBuilder("dev.streamkit.benchmarks.suites.");
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                className
                        .append(part.substring(0, 1).toUpperCase(Locale.ROOT))
                        .append(part.substring(1));
            }
        }
        className.append("Suite");
        try {
            return (Suite)
                    Class.forName(className.toString()).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "Unknown suite '" + name + "' (no class " + className + ")", e);
        }
    }
}
